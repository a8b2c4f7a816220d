#include "sort.h"

static void insertion(uint64_t *a, size_t n) {
    for (size_t i = 1; i < n; i++) {
        uint64_t v = a[i];
        size_t j = i;
        while (j > 0 && a[j - 1] > v) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

static inline uint64_t median3(uint64_t x, uint64_t y, uint64_t z) {
    if (x > y) { uint64_t t = x; x = y; y = t; }
    if (y > z) y = z;
    return x > y ? x : y;
}

void mcip_sort_u64(uint64_t *a, size_t n) {
    // Recurse into the smaller side and loop on the larger: the stack stays O(log n).
    while (n > 24) {
        uint64_t pivot = median3(a[0], a[n / 2], a[n - 1]);
        size_t i = 0, j = n - 1;
        for (;;) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i >= j) break;
            uint64_t t = a[i]; a[i] = a[j]; a[j] = t;
            i++;
            j--;
        }
        size_t left = j + 1;  // a[0..<left] <= pivot <= a[left..<n]
        if (left < n - left) {
            mcip_sort_u64(a, left);
            a += left;
            n -= left;
        } else {
            mcip_sort_u64(a + left, n - left);
            n = left;
        }
    }
    insertion(a, n);
}
