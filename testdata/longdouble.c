/* longdouble.c: long double as C has it, for the c_longdouble tests
 * (ffi/longdouble_test.go): its layout, C's own values, conversions and
 * arithmetic, always through pointers (a long double passed by value is
 * refused by the call engines that lack it). */
#include <float.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

struct LD1 { char c; long double x; int i; };
struct LD2 { long double a[2]; char c; };
union LDU { long double x; char b[3]; double d; };
struct LD3 { short s; struct LD1 in; long double y; };

/* ld_layout writes sizeof, _Alignof and the offsets of the structs above,
 * in the order the test reads them; it returns how many it wrote. */
int ld_layout(size_t *out) {
    int n = 0;
    out[n++] = sizeof(long double);
    out[n++] = _Alignof(long double);
    out[n++] = LDBL_MANT_DIG;
    out[n++] = sizeof(struct LD1);
    out[n++] = _Alignof(struct LD1);
    out[n++] = offsetof(struct LD1, x);
    out[n++] = offsetof(struct LD1, i);
    out[n++] = sizeof(struct LD2);
    out[n++] = _Alignof(struct LD2);
    out[n++] = offsetof(struct LD2, c);
    out[n++] = sizeof(union LDU);
    out[n++] = _Alignof(union LDU);
    out[n++] = sizeof(struct LD3);
    out[n++] = _Alignof(struct LD3);
    out[n++] = offsetof(struct LD3, in);
    out[n++] = offsetof(struct LD3, y);
    return n;
}

/* ld_values writes long doubles C computes itself: n of them at most; it
 * returns how many. */
int ld_values(long double *out, int n) {
    volatile long double one = 1, three = 3, ten = 10;
    long double v[] = {
        0.0L, -0.0L, 1.0L, -2.5L, one / three, -one / three, one / ten,
        LDBL_MAX, -LDBL_MAX, LDBL_MIN, LDBL_EPSILON, LDBL_TRUE_MIN, -LDBL_TRUE_MIN,
        LDBL_MIN / 3, LDBL_MIN * (1 - LDBL_EPSILON), 3.14159265358979323846264338327950288L,
        (long double)DBL_MAX * 2, (long double)DBL_MIN / 1024 / 1024, (long double)DBL_TRUE_MIN / 2,
        (long double)DBL_TRUE_MIN / 3, 1e4000L, 1e-4000L, 18446744073709551615.0L,
        1.0L + LDBL_EPSILON, 0x1.00000000000008p0L, 0x1.00000000000018p0L, 0x1.ffffffffffffffffp-1022L,
        HUGE_VALL, -HUGE_VALL,
    };
    int k = sizeof v / sizeof v[0];
    if (k > n) k = n;
    for (int i = 0; i < k; i++) out[i] = v[i];
    return k;
}

/* ld_nan writes a quiet NaN (negative when neg is nonzero). */
void ld_nan(long double *out, int neg) { *out = neg ? -__builtin_nanl("") : __builtin_nanl(""); }

/* ld_format prints *x with printf's %.40Le. */
void ld_format(const long double *x, char *buf, size_t n) { snprintf(buf, n, "%.40Le", *x); }

/* ld_parse reads s with strtold. */
void ld_parse(const char *s, long double *out) { *out = strtold(s, NULL); }

/* ld_to_double converts as C's (double) cast does. */
void ld_to_double(const long double *x, double *out) { *out = (double)*x; }

/* ld_from_double converts as C's (long double) cast does. */
void ld_from_double(const double *x, long double *out) { *out = *x; }

/* ld_mul and ld_add compute in long double. */
void ld_mul(const long double *a, const long double *b, long double *out) { *out = *a * *b; }
void ld_add(const long double *a, const long double *b, long double *out) { *out = *a + *b; }

/* ld_same reports whether *a and *b are the same long double: equal with
 * the same sign, or both NaN with the same sign. */
int ld_same(const long double *a, const long double *b) {
    if (isnan(*a) || isnan(*b)) return isnan(*a) && isnan(*b) && !signbit(*a) == !signbit(*b);
    return *a == *b && !signbit(*a) == !signbit(*b);
}

/* ld_struct fills a struct LD1 and scales the x of a struct LD3. */
void ld_struct(struct LD1 *s, int c, int i) { s->c = c; s->x = (long double)i / 7; s->i = i; }
void ld_scale(struct LD3 *s, int k) { s->in.x *= k; s->y = s->in.x + s->s; }

/* ld_half takes and returns a long double by value: bound only to check
 * that the call is refused where the engine cannot pass one. */
long double ld_half(long double x) { return x / 2; }

/* ld_arith_prec returns the significand bits long double arithmetic keeps
 * here: LDBL_MANT_DIG, unless the FPU rounds to fewer (the x87's precision
 * control is set to 53 bits on Windows). */
int ld_arith_prec(void) {
    volatile long double one = 1, e = 1, s;
    int n = 0;
    for (;;) {
        e /= 2;
        s = one + e;
        if (s == one) return n + 1; /* 1 + 2^-n was the last sum kept: n + 1 bits */
        n++;
    }
}
