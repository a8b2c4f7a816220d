#ifndef MCIP_SORT_H
#define MCIP_SORT_H

#include <stdint.h>
#include <stddef.h>

/// Sorts 64-bit keys ascending in place. Shingle sets are sorted once per sample: a plain
/// quicksort on integers, with insertion sort for short runs, is several times faster than a
/// generic sort through a comparison closure.
void mcip_sort_u64(uint64_t *keys, size_t count);

#endif
