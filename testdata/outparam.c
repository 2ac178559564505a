/* outparam.c: output parameters (Go pointers to scalars passed for T*)
 * written by C after it has called back into Go, and read and written from
 * many threads at once (ffi's outparam_test.go). */
#include <stdint.h>

/* Calls cb(x), then writes what C computes from its result through out
 * and dout, and returns the result. */
int32_t out_after_cb(int32_t (*cb)(int32_t), int32_t x, int32_t *out, double *dout) {
    int32_t r = cb(x);
    *out = r * 3 + 1;
    *dout = (double)r / 4;
    return r;
}

/* The reference: what out_after_cb writes for a callback result r. */
int32_t out_ref(int32_t r) { return r * 3 + 1; }
double dout_ref(int32_t r) { return (double)r / 4; }

/* Reads *io, writes io's value times k plus one back, and returns the value
 * read. */
int64_t out_scale(int64_t *io, int64_t k) {
    int64_t v = *io;
    *io = v * k + 1;
    return v;
}
