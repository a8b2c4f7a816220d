// MinHash signatures, the generator's and `mcip dedup`'s hottest loop. The plain loop is
// written once; the compiler vectorises it for AVX2 (four 64-bit lanes, a native unsigned
// 32-bit min) in one copy and for the baseline in another, and the CPU picks at run time.
#include "minhash.h"

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
#endif

static void minhash_baseline(const uint64_t *a, const uint64_t *b, size_t permutations,
                             const uint64_t *shingles, size_t count, uint32_t *signature) {
    minhash_loop(a, b, permutations, shingles, count, signature);
}

void mcip_minhash(const uint64_t *a, const uint64_t *b, size_t permutations,
                  const uint64_t *shingles, size_t count, uint32_t *signature) {
#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
    if (__builtin_cpu_supports("avx2")) {
        minhash_avx2(a, b, permutations, shingles, count, signature);
        return;
    }
#endif
    minhash_baseline(a, b, permutations, shingles, count, signature);
}
