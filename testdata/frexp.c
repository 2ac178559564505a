/* frexp.c: a third implementation of four exact functions glibc exports
 * from both libc.so.6 and libm.so.6 (frexp, ldexp, modf, copysign), with
 * the same names and prototypes, written with integer operations on the
 * bits of the double. ffitest's tests run one suite against all three.
 * Finite arguments. */
#include <stdint.h>
#include <string.h>

static uint64_t bits(double x) { uint64_t u; memcpy(&u, &x, sizeof u); return u; }
static double from(uint64_t u) { double x; memcpy(&x, &u, sizeof x); return x; }

double copysign(double x, double y) {
    return from((bits(x) & ~(1ULL << 63)) | (bits(y) & (1ULL << 63)));
}

double frexp(double x, int *e) {
    uint64_t u = bits(x);
    int be = (int)((u >> 52) & 0x7ff);
    if (x == 0 || be == 0x7ff) { *e = 0; return x; }
    if (be == 0) { /* subnormal: scale by 2^64 first */
        x *= 18446744073709551616.0;
        u = bits(x);
        be = (int)((u >> 52) & 0x7ff) - 64;
    }
    *e = be - 1022;
    return from((u & ~(0x7ffULL << 52)) | (1022ULL << 52));
}

double ldexp(double x, int e) {
    int m;
    double f = frexp(x, &m);
    long long n = (long long)m + e; /* the result is f * 2^n, f in [0.5, 1) */
    if (x == 0 || bits(x) >> 52 == 0x7ff || bits(x) >> 52 == 0xfff) return x;
    if (n > 1024) return copysign(from(0x7ffULL << 52), x);
    if (n < -1085) return copysign(0.0, x);
    if (n < -1021) /* a subnormal result: one rounding, in the multiplication */
        return from((bits(f) & ~(0x7ffULL << 52)) | ((uint64_t)(n + 64 + 1022) << 52)) / 18446744073709551616.0;
    return from((bits(f) & ~(0x7ffULL << 52)) | ((uint64_t)(n + 1022) << 52));
}

double modf(double x, double *ip) {
    uint64_t u = bits(x);
    int be = (int)((u >> 52) & 0x7ff) - 1023;
    if (be >= 52) { *ip = x; return copysign(0.0, x); }
    if (be < 0) { *ip = copysign(0.0, x); return x; }
    *ip = from(u & ~((1ULL << (52 - be)) - 1));
    return copysign(x - *ip, x);
}
