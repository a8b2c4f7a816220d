// MinHash signatures, the generator's and `mcip dedup`'s hottest loop. The plain loop is
// written once; the compiler vectorises it for AVX2 (four 64-bit lanes, a native unsigned
// 32-bit min) in one copy and for the baseline in another. Where the CPU has AVX-512DQ, eight
// permutations at a time with its 64-bit multiply (AVX2 builds one from three 32-bit ones),
// each minimum kept in a register across the shingles. The CPU picks at run time.
#include "minhash.h"
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>
#endif

static inline void minhash_loop(const uint64_t *restrict a, const uint64_t *restrict b, size_t permutations,
                                const uint64_t *restrict shingles, size_t count, uint32_t *restrict signature) {
    for (size_t k = 0; k < permutations; k++) signature[k] = UINT32_MAX;
    for (size_t i = 0; i < count; i++) {
        const uint64_t x = shingles[i];
        for (size_t k = 0; k < permutations; k++) {
            const uint32_t h = (uint32_t)((a[k] * x + b[k]) >> 32);
            signature[k] = h < signature[k] ? h : signature[k];
        }
    }
}

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
__attribute__((target("avx2")))
static void minhash_avx2(const uint64_t *a, const uint64_t *b, size_t permutations,
                         const uint64_t *shingles, size_t count, uint32_t *signature) {
    minhash_loop(a, b, permutations, shingles, count, signature);
}

__attribute__((target("avx512f,avx512dq")))
static void minhash_avx512(const uint64_t *a, const uint64_t *b, size_t permutations,
                           const uint64_t *shingles, size_t count, uint32_t *signature) {
    size_t k = 0;
    for (; k + 8 <= permutations; k += 8) {
        const __m512i ak = _mm512_loadu_si512((const void *)(a + k));
        const __m512i bk = _mm512_loadu_si512((const void *)(b + k));
        __m256i least = _mm256_set1_epi32(-1);
        for (size_t i = 0; i < count; i++) {
            const __m512i h = _mm512_add_epi64(_mm512_mullo_epi64(ak, _mm512_set1_epi64((long long)shingles[i])), bk);
            least = _mm256_min_epu32(least, _mm512_cvtepi64_epi32(_mm512_srli_epi64(h, 32)));
        }
        _mm256_storeu_si256((__m256i *)(void *)(signature + k), least);
    }
    if (k < permutations) minhash_loop(a + k, b + k, permutations - k, shingles, count, signature + k);
}
#endif

static void minhash_baseline(const uint64_t *a, const uint64_t *b, size_t permutations,
                             const uint64_t *shingles, size_t count, uint32_t *signature) {
    minhash_loop(a, b, permutations, shingles, count, signature);
}

void mcip_minhash(const uint64_t *a, const uint64_t *b, size_t permutations,
                  const uint64_t *shingles, size_t count, uint32_t *signature) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq")) {
        minhash_avx512(a, b, permutations, shingles, count, signature);
        return;
    }
    if (__builtin_cpu_supports("avx2")) {
        minhash_avx2(a, b, permutations, shingles, count, signature);
        return;
    }
#endif
    minhash_baseline(a, b, permutations, shingles, count, signature);
}
