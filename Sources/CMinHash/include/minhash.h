#ifndef MCIP_MINHASH_H
#define MCIP_MINHASH_H

#include <stdint.h>
#include <stddef.h>

/// For each k < permutations: signature[k] = the least (uint32)((a[k] * x + b[k]) >> 32) over
/// the shingles x (64-bit wrapping arithmetic), or UINT32_MAX when there are none.
void mcip_minhash(const uint64_t *a, const uint64_t *b, size_t permutations,
                  const uint64_t *shingles, size_t count, uint32_t *signature);

#endif
