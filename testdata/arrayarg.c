// Test library for Go arrays and slices passed where POINTER(T) is
// declared (ffi/arrayarg_test.go).
#include <stdint.h>

struct apt {
    int32_t id;
    double w;
};

// sum_doubles returns the sum of the n doubles at p (0 for NULL).
double sum_doubles(const double *p, int32_t n) {
    double s = 0;
    if (!p) return -1;
    for (int32_t i = 0; i < n; i++) s += p[i] * (i + 1);
    return s;
}

// scale_ints multiplies the n ints at p by k in place and returns their new sum.
int64_t scale_ints(int32_t *p, int32_t n, int32_t k) {
    int64_t s = 0;
    for (int32_t i = 0; i < n; i++) {
        p[i] *= k;
        s += p[i];
    }
    return s;
}

// fill_apts writes n structs at p from seed and returns the sum of the old ids.
int32_t fill_apts(struct apt *p, int32_t n, int32_t seed) {
    int32_t old = 0;
    for (int32_t i = 0; i < n; i++) {
        old += p[i].id;
        p[i].id = seed * (i + 1) + 3;
        p[i].w = seed / (double)(i + 2);
    }
    return old;
}

// apt_id, apt_w: what fill_apts writes, for the test to compare.
int32_t apt_id(int32_t i, int32_t seed) { return seed * (i + 1) + 3; }
double apt_w(int32_t i, int32_t seed) { return seed / (double)(i + 2); }

// is_null reports whether p is NULL.
int32_t is_null(const void *p) { return p == 0; }

// fill_after_cb calls cb (which may move the caller's goroutine stack)
// and then writes p[i] = base + i for n doubles.
void fill_after_cb(int32_t (*cb)(int32_t), double *p, int32_t n, double base) {
    cb(n);
    for (int32_t i = 0; i < n; i++) p[i] = base + i;
}
