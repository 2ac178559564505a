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

/* Structs given by Go pointers (copied as output parameters where they
 * fit the copies, 128 bytes; os132 does not). */
typedef struct { int8_t a, b, c; } os3;
typedef struct { double x; int32_t k; } os16;
typedef struct { double v[5]; uint8_t t; } os48;
typedef struct { int32_t v[33]; } os132;

/* Reads the structs (their sum returned), calls cb(seed), then writes each
 * from the callback's result (os_ref says what). */
int64_t out_structs_after_cb(int32_t (*cb)(int32_t), int32_t seed, os3 *a, os16 *b, os48 *c, os132 *d) {
    int64_t s = a->a + a->b + a->c + (int64_t)b->x + b->k + c->t;
    for (int i = 0; i < 5; i++) s += (int64_t)c->v[i];
    for (int i = 0; i < 33; i++) s += d->v[i];
    int32_t r = cb(seed);
    a->a = (int8_t)r; a->b = (int8_t)(r + 1); a->c = (int8_t)(r * 3);
    b->x = r / 8.0; b->k = r - 7;
    for (int i = 0; i < 5; i++) c->v[i] = r + i * 0.5;
    c->t = (uint8_t)(r ^ 0x5a);
    for (int i = 0; i < 33; i++) d->v[i] = r * (i + 1);
    return s;
}

/* The reference: what out_structs_after_cb writes for a callback result r. */
void os_ref(int32_t r, os3 *a, os16 *b, os48 *c, os132 *d) {
    a->a = (int8_t)r; a->b = (int8_t)(r + 1); a->c = (int8_t)(r * 3);
    b->x = r / 8.0; b->k = r - 7;
    for (int i = 0; i < 5; i++) c->v[i] = r + i * 0.5;
    c->t = (uint8_t)(r ^ 0x5a);
    for (int i = 0; i < 33; i++) d->v[i] = r * (i + 1);
}
