/* structs.c: structs and unions of every size from 1 to 32 bytes and of
 * the float/integer mixes the x86-64 and AArch64 conventions treat
 * differently, passed and returned by value. For each type T:
 *   T    T_make(int seed)                 builds a value from seed
 *   int  T_check(T v, int seed)           1 if v equals T_make(seed)
 *   int  T_checkp(const T *p, int seed)   the same through a pointer
 *   int  T_late(6 ints, 8 doubles, T v, int seed): T_check after the
 *        argument registers are used up, so v travels on the stack
 *   T    T_echo(T v)                      returns v
 * Values come from C; the Go tests only carry them around.
 * Generated once by a script; edit freely. */
#include <string.h>

#define I(seed, k) ((seed) * 7 + (k) * 3 + 1)

struct S1 { unsigned char b[1]; };
typedef struct S1 S1_t;
S1_t S1_make(int seed) {
    S1_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    return v;
}
static int S1_eq(const S1_t *a, const S1_t *b) {
    return a->b[0] == b->b[0];
}
int S1_check(S1_t v, int seed) {
    S1_t w = S1_make(seed);
    return S1_eq(&v, &w);
}
int S1_checkp(const S1_t *p, int seed) {
    S1_t w = S1_make(seed);
    return S1_eq(p, &w);
}
int S1_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S1_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S1_check(v, seed);
}
S1_t S1_echo(S1_t v) { return v; }

struct S2 { unsigned char b[2]; };
typedef struct S2 S2_t;
S2_t S2_make(int seed) {
    S2_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    return v;
}
static int S2_eq(const S2_t *a, const S2_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1];
}
int S2_check(S2_t v, int seed) {
    S2_t w = S2_make(seed);
    return S2_eq(&v, &w);
}
int S2_checkp(const S2_t *p, int seed) {
    S2_t w = S2_make(seed);
    return S2_eq(p, &w);
}
int S2_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S2_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S2_check(v, seed);
}
S2_t S2_echo(S2_t v) { return v; }

struct S3 { unsigned char b[3]; };
typedef struct S3 S3_t;
S3_t S3_make(int seed) {
    S3_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    return v;
}
static int S3_eq(const S3_t *a, const S3_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2];
}
int S3_check(S3_t v, int seed) {
    S3_t w = S3_make(seed);
    return S3_eq(&v, &w);
}
int S3_checkp(const S3_t *p, int seed) {
    S3_t w = S3_make(seed);
    return S3_eq(p, &w);
}
int S3_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S3_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S3_check(v, seed);
}
S3_t S3_echo(S3_t v) { return v; }

struct S4 { unsigned char b[4]; };
typedef struct S4 S4_t;
S4_t S4_make(int seed) {
    S4_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    return v;
}
static int S4_eq(const S4_t *a, const S4_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3];
}
int S4_check(S4_t v, int seed) {
    S4_t w = S4_make(seed);
    return S4_eq(&v, &w);
}
int S4_checkp(const S4_t *p, int seed) {
    S4_t w = S4_make(seed);
    return S4_eq(p, &w);
}
int S4_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S4_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S4_check(v, seed);
}
S4_t S4_echo(S4_t v) { return v; }

struct S5 { unsigned char b[5]; };
typedef struct S5 S5_t;
S5_t S5_make(int seed) {
    S5_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    return v;
}
static int S5_eq(const S5_t *a, const S5_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4];
}
int S5_check(S5_t v, int seed) {
    S5_t w = S5_make(seed);
    return S5_eq(&v, &w);
}
int S5_checkp(const S5_t *p, int seed) {
    S5_t w = S5_make(seed);
    return S5_eq(p, &w);
}
int S5_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S5_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S5_check(v, seed);
}
S5_t S5_echo(S5_t v) { return v; }

struct S6 { unsigned char b[6]; };
typedef struct S6 S6_t;
S6_t S6_make(int seed) {
    S6_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    return v;
}
static int S6_eq(const S6_t *a, const S6_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5];
}
int S6_check(S6_t v, int seed) {
    S6_t w = S6_make(seed);
    return S6_eq(&v, &w);
}
int S6_checkp(const S6_t *p, int seed) {
    S6_t w = S6_make(seed);
    return S6_eq(p, &w);
}
int S6_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S6_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S6_check(v, seed);
}
S6_t S6_echo(S6_t v) { return v; }

struct S7 { unsigned char b[7]; };
typedef struct S7 S7_t;
S7_t S7_make(int seed) {
    S7_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    return v;
}
static int S7_eq(const S7_t *a, const S7_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6];
}
int S7_check(S7_t v, int seed) {
    S7_t w = S7_make(seed);
    return S7_eq(&v, &w);
}
int S7_checkp(const S7_t *p, int seed) {
    S7_t w = S7_make(seed);
    return S7_eq(p, &w);
}
int S7_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S7_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S7_check(v, seed);
}
S7_t S7_echo(S7_t v) { return v; }

struct S8 { unsigned char b[8]; };
typedef struct S8 S8_t;
S8_t S8_make(int seed) {
    S8_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    return v;
}
static int S8_eq(const S8_t *a, const S8_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7];
}
int S8_check(S8_t v, int seed) {
    S8_t w = S8_make(seed);
    return S8_eq(&v, &w);
}
int S8_checkp(const S8_t *p, int seed) {
    S8_t w = S8_make(seed);
    return S8_eq(p, &w);
}
int S8_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S8_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S8_check(v, seed);
}
S8_t S8_echo(S8_t v) { return v; }

struct S9 { unsigned char b[9]; };
typedef struct S9 S9_t;
S9_t S9_make(int seed) {
    S9_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    return v;
}
static int S9_eq(const S9_t *a, const S9_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8];
}
int S9_check(S9_t v, int seed) {
    S9_t w = S9_make(seed);
    return S9_eq(&v, &w);
}
int S9_checkp(const S9_t *p, int seed) {
    S9_t w = S9_make(seed);
    return S9_eq(p, &w);
}
int S9_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S9_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S9_check(v, seed);
}
S9_t S9_echo(S9_t v) { return v; }

struct S10 { unsigned char b[10]; };
typedef struct S10 S10_t;
S10_t S10_make(int seed) {
    S10_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    return v;
}
static int S10_eq(const S10_t *a, const S10_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9];
}
int S10_check(S10_t v, int seed) {
    S10_t w = S10_make(seed);
    return S10_eq(&v, &w);
}
int S10_checkp(const S10_t *p, int seed) {
    S10_t w = S10_make(seed);
    return S10_eq(p, &w);
}
int S10_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S10_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S10_check(v, seed);
}
S10_t S10_echo(S10_t v) { return v; }

struct S11 { unsigned char b[11]; };
typedef struct S11 S11_t;
S11_t S11_make(int seed) {
    S11_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    return v;
}
static int S11_eq(const S11_t *a, const S11_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10];
}
int S11_check(S11_t v, int seed) {
    S11_t w = S11_make(seed);
    return S11_eq(&v, &w);
}
int S11_checkp(const S11_t *p, int seed) {
    S11_t w = S11_make(seed);
    return S11_eq(p, &w);
}
int S11_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S11_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S11_check(v, seed);
}
S11_t S11_echo(S11_t v) { return v; }

struct S12 { unsigned char b[12]; };
typedef struct S12 S12_t;
S12_t S12_make(int seed) {
    S12_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    return v;
}
static int S12_eq(const S12_t *a, const S12_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11];
}
int S12_check(S12_t v, int seed) {
    S12_t w = S12_make(seed);
    return S12_eq(&v, &w);
}
int S12_checkp(const S12_t *p, int seed) {
    S12_t w = S12_make(seed);
    return S12_eq(p, &w);
}
int S12_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S12_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S12_check(v, seed);
}
S12_t S12_echo(S12_t v) { return v; }

struct S13 { unsigned char b[13]; };
typedef struct S13 S13_t;
S13_t S13_make(int seed) {
    S13_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    return v;
}
static int S13_eq(const S13_t *a, const S13_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12];
}
int S13_check(S13_t v, int seed) {
    S13_t w = S13_make(seed);
    return S13_eq(&v, &w);
}
int S13_checkp(const S13_t *p, int seed) {
    S13_t w = S13_make(seed);
    return S13_eq(p, &w);
}
int S13_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S13_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S13_check(v, seed);
}
S13_t S13_echo(S13_t v) { return v; }

struct S14 { unsigned char b[14]; };
typedef struct S14 S14_t;
S14_t S14_make(int seed) {
    S14_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    return v;
}
static int S14_eq(const S14_t *a, const S14_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13];
}
int S14_check(S14_t v, int seed) {
    S14_t w = S14_make(seed);
    return S14_eq(&v, &w);
}
int S14_checkp(const S14_t *p, int seed) {
    S14_t w = S14_make(seed);
    return S14_eq(p, &w);
}
int S14_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S14_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S14_check(v, seed);
}
S14_t S14_echo(S14_t v) { return v; }

struct S15 { unsigned char b[15]; };
typedef struct S15 S15_t;
S15_t S15_make(int seed) {
    S15_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    return v;
}
static int S15_eq(const S15_t *a, const S15_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14];
}
int S15_check(S15_t v, int seed) {
    S15_t w = S15_make(seed);
    return S15_eq(&v, &w);
}
int S15_checkp(const S15_t *p, int seed) {
    S15_t w = S15_make(seed);
    return S15_eq(p, &w);
}
int S15_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S15_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S15_check(v, seed);
}
S15_t S15_echo(S15_t v) { return v; }

struct S16 { unsigned char b[16]; };
typedef struct S16 S16_t;
S16_t S16_make(int seed) {
    S16_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    return v;
}
static int S16_eq(const S16_t *a, const S16_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15];
}
int S16_check(S16_t v, int seed) {
    S16_t w = S16_make(seed);
    return S16_eq(&v, &w);
}
int S16_checkp(const S16_t *p, int seed) {
    S16_t w = S16_make(seed);
    return S16_eq(p, &w);
}
int S16_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S16_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S16_check(v, seed);
}
S16_t S16_echo(S16_t v) { return v; }

struct S17 { unsigned char b[17]; };
typedef struct S17 S17_t;
S17_t S17_make(int seed) {
    S17_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    return v;
}
static int S17_eq(const S17_t *a, const S17_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16];
}
int S17_check(S17_t v, int seed) {
    S17_t w = S17_make(seed);
    return S17_eq(&v, &w);
}
int S17_checkp(const S17_t *p, int seed) {
    S17_t w = S17_make(seed);
    return S17_eq(p, &w);
}
int S17_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S17_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S17_check(v, seed);
}
S17_t S17_echo(S17_t v) { return v; }

struct S18 { unsigned char b[18]; };
typedef struct S18 S18_t;
S18_t S18_make(int seed) {
    S18_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    return v;
}
static int S18_eq(const S18_t *a, const S18_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17];
}
int S18_check(S18_t v, int seed) {
    S18_t w = S18_make(seed);
    return S18_eq(&v, &w);
}
int S18_checkp(const S18_t *p, int seed) {
    S18_t w = S18_make(seed);
    return S18_eq(p, &w);
}
int S18_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S18_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S18_check(v, seed);
}
S18_t S18_echo(S18_t v) { return v; }

struct S19 { unsigned char b[19]; };
typedef struct S19 S19_t;
S19_t S19_make(int seed) {
    S19_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    return v;
}
static int S19_eq(const S19_t *a, const S19_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18];
}
int S19_check(S19_t v, int seed) {
    S19_t w = S19_make(seed);
    return S19_eq(&v, &w);
}
int S19_checkp(const S19_t *p, int seed) {
    S19_t w = S19_make(seed);
    return S19_eq(p, &w);
}
int S19_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S19_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S19_check(v, seed);
}
S19_t S19_echo(S19_t v) { return v; }

struct S20 { unsigned char b[20]; };
typedef struct S20 S20_t;
S20_t S20_make(int seed) {
    S20_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    return v;
}
static int S20_eq(const S20_t *a, const S20_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19];
}
int S20_check(S20_t v, int seed) {
    S20_t w = S20_make(seed);
    return S20_eq(&v, &w);
}
int S20_checkp(const S20_t *p, int seed) {
    S20_t w = S20_make(seed);
    return S20_eq(p, &w);
}
int S20_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S20_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S20_check(v, seed);
}
S20_t S20_echo(S20_t v) { return v; }

struct S21 { unsigned char b[21]; };
typedef struct S21 S21_t;
S21_t S21_make(int seed) {
    S21_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    return v;
}
static int S21_eq(const S21_t *a, const S21_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20];
}
int S21_check(S21_t v, int seed) {
    S21_t w = S21_make(seed);
    return S21_eq(&v, &w);
}
int S21_checkp(const S21_t *p, int seed) {
    S21_t w = S21_make(seed);
    return S21_eq(p, &w);
}
int S21_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S21_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S21_check(v, seed);
}
S21_t S21_echo(S21_t v) { return v; }

struct S22 { unsigned char b[22]; };
typedef struct S22 S22_t;
S22_t S22_make(int seed) {
    S22_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    return v;
}
static int S22_eq(const S22_t *a, const S22_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21];
}
int S22_check(S22_t v, int seed) {
    S22_t w = S22_make(seed);
    return S22_eq(&v, &w);
}
int S22_checkp(const S22_t *p, int seed) {
    S22_t w = S22_make(seed);
    return S22_eq(p, &w);
}
int S22_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S22_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S22_check(v, seed);
}
S22_t S22_echo(S22_t v) { return v; }

struct S23 { unsigned char b[23]; };
typedef struct S23 S23_t;
S23_t S23_make(int seed) {
    S23_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    return v;
}
static int S23_eq(const S23_t *a, const S23_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22];
}
int S23_check(S23_t v, int seed) {
    S23_t w = S23_make(seed);
    return S23_eq(&v, &w);
}
int S23_checkp(const S23_t *p, int seed) {
    S23_t w = S23_make(seed);
    return S23_eq(p, &w);
}
int S23_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S23_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S23_check(v, seed);
}
S23_t S23_echo(S23_t v) { return v; }

struct S24 { unsigned char b[24]; };
typedef struct S24 S24_t;
S24_t S24_make(int seed) {
    S24_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    return v;
}
static int S24_eq(const S24_t *a, const S24_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23];
}
int S24_check(S24_t v, int seed) {
    S24_t w = S24_make(seed);
    return S24_eq(&v, &w);
}
int S24_checkp(const S24_t *p, int seed) {
    S24_t w = S24_make(seed);
    return S24_eq(p, &w);
}
int S24_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S24_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S24_check(v, seed);
}
S24_t S24_echo(S24_t v) { return v; }

struct S25 { unsigned char b[25]; };
typedef struct S25 S25_t;
S25_t S25_make(int seed) {
    S25_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    return v;
}
static int S25_eq(const S25_t *a, const S25_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24];
}
int S25_check(S25_t v, int seed) {
    S25_t w = S25_make(seed);
    return S25_eq(&v, &w);
}
int S25_checkp(const S25_t *p, int seed) {
    S25_t w = S25_make(seed);
    return S25_eq(p, &w);
}
int S25_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S25_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S25_check(v, seed);
}
S25_t S25_echo(S25_t v) { return v; }

struct S26 { unsigned char b[26]; };
typedef struct S26 S26_t;
S26_t S26_make(int seed) {
    S26_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    return v;
}
static int S26_eq(const S26_t *a, const S26_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25];
}
int S26_check(S26_t v, int seed) {
    S26_t w = S26_make(seed);
    return S26_eq(&v, &w);
}
int S26_checkp(const S26_t *p, int seed) {
    S26_t w = S26_make(seed);
    return S26_eq(p, &w);
}
int S26_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S26_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S26_check(v, seed);
}
S26_t S26_echo(S26_t v) { return v; }

struct S27 { unsigned char b[27]; };
typedef struct S27 S27_t;
S27_t S27_make(int seed) {
    S27_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    return v;
}
static int S27_eq(const S27_t *a, const S27_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26];
}
int S27_check(S27_t v, int seed) {
    S27_t w = S27_make(seed);
    return S27_eq(&v, &w);
}
int S27_checkp(const S27_t *p, int seed) {
    S27_t w = S27_make(seed);
    return S27_eq(p, &w);
}
int S27_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S27_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S27_check(v, seed);
}
S27_t S27_echo(S27_t v) { return v; }

struct S28 { unsigned char b[28]; };
typedef struct S28 S28_t;
S28_t S28_make(int seed) {
    S28_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    v.b[27] = (unsigned char)I(seed, 27);
    return v;
}
static int S28_eq(const S28_t *a, const S28_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26] &&
           a->b[27] == b->b[27];
}
int S28_check(S28_t v, int seed) {
    S28_t w = S28_make(seed);
    return S28_eq(&v, &w);
}
int S28_checkp(const S28_t *p, int seed) {
    S28_t w = S28_make(seed);
    return S28_eq(p, &w);
}
int S28_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S28_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S28_check(v, seed);
}
S28_t S28_echo(S28_t v) { return v; }

struct S29 { unsigned char b[29]; };
typedef struct S29 S29_t;
S29_t S29_make(int seed) {
    S29_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    v.b[27] = (unsigned char)I(seed, 27);
    v.b[28] = (unsigned char)I(seed, 28);
    return v;
}
static int S29_eq(const S29_t *a, const S29_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26] &&
           a->b[27] == b->b[27] &&
           a->b[28] == b->b[28];
}
int S29_check(S29_t v, int seed) {
    S29_t w = S29_make(seed);
    return S29_eq(&v, &w);
}
int S29_checkp(const S29_t *p, int seed) {
    S29_t w = S29_make(seed);
    return S29_eq(p, &w);
}
int S29_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S29_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S29_check(v, seed);
}
S29_t S29_echo(S29_t v) { return v; }

struct S30 { unsigned char b[30]; };
typedef struct S30 S30_t;
S30_t S30_make(int seed) {
    S30_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    v.b[27] = (unsigned char)I(seed, 27);
    v.b[28] = (unsigned char)I(seed, 28);
    v.b[29] = (unsigned char)I(seed, 29);
    return v;
}
static int S30_eq(const S30_t *a, const S30_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26] &&
           a->b[27] == b->b[27] &&
           a->b[28] == b->b[28] &&
           a->b[29] == b->b[29];
}
int S30_check(S30_t v, int seed) {
    S30_t w = S30_make(seed);
    return S30_eq(&v, &w);
}
int S30_checkp(const S30_t *p, int seed) {
    S30_t w = S30_make(seed);
    return S30_eq(p, &w);
}
int S30_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S30_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S30_check(v, seed);
}
S30_t S30_echo(S30_t v) { return v; }

struct S31 { unsigned char b[31]; };
typedef struct S31 S31_t;
S31_t S31_make(int seed) {
    S31_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    v.b[27] = (unsigned char)I(seed, 27);
    v.b[28] = (unsigned char)I(seed, 28);
    v.b[29] = (unsigned char)I(seed, 29);
    v.b[30] = (unsigned char)I(seed, 30);
    return v;
}
static int S31_eq(const S31_t *a, const S31_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26] &&
           a->b[27] == b->b[27] &&
           a->b[28] == b->b[28] &&
           a->b[29] == b->b[29] &&
           a->b[30] == b->b[30];
}
int S31_check(S31_t v, int seed) {
    S31_t w = S31_make(seed);
    return S31_eq(&v, &w);
}
int S31_checkp(const S31_t *p, int seed) {
    S31_t w = S31_make(seed);
    return S31_eq(p, &w);
}
int S31_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S31_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S31_check(v, seed);
}
S31_t S31_echo(S31_t v) { return v; }

struct S32 { unsigned char b[32]; };
typedef struct S32 S32_t;
S32_t S32_make(int seed) {
    S32_t v;
    memset(&v, 0, sizeof v);
    v.b[0] = (unsigned char)I(seed, 0);
    v.b[1] = (unsigned char)I(seed, 1);
    v.b[2] = (unsigned char)I(seed, 2);
    v.b[3] = (unsigned char)I(seed, 3);
    v.b[4] = (unsigned char)I(seed, 4);
    v.b[5] = (unsigned char)I(seed, 5);
    v.b[6] = (unsigned char)I(seed, 6);
    v.b[7] = (unsigned char)I(seed, 7);
    v.b[8] = (unsigned char)I(seed, 8);
    v.b[9] = (unsigned char)I(seed, 9);
    v.b[10] = (unsigned char)I(seed, 10);
    v.b[11] = (unsigned char)I(seed, 11);
    v.b[12] = (unsigned char)I(seed, 12);
    v.b[13] = (unsigned char)I(seed, 13);
    v.b[14] = (unsigned char)I(seed, 14);
    v.b[15] = (unsigned char)I(seed, 15);
    v.b[16] = (unsigned char)I(seed, 16);
    v.b[17] = (unsigned char)I(seed, 17);
    v.b[18] = (unsigned char)I(seed, 18);
    v.b[19] = (unsigned char)I(seed, 19);
    v.b[20] = (unsigned char)I(seed, 20);
    v.b[21] = (unsigned char)I(seed, 21);
    v.b[22] = (unsigned char)I(seed, 22);
    v.b[23] = (unsigned char)I(seed, 23);
    v.b[24] = (unsigned char)I(seed, 24);
    v.b[25] = (unsigned char)I(seed, 25);
    v.b[26] = (unsigned char)I(seed, 26);
    v.b[27] = (unsigned char)I(seed, 27);
    v.b[28] = (unsigned char)I(seed, 28);
    v.b[29] = (unsigned char)I(seed, 29);
    v.b[30] = (unsigned char)I(seed, 30);
    v.b[31] = (unsigned char)I(seed, 31);
    return v;
}
static int S32_eq(const S32_t *a, const S32_t *b) {
    return a->b[0] == b->b[0] &&
           a->b[1] == b->b[1] &&
           a->b[2] == b->b[2] &&
           a->b[3] == b->b[3] &&
           a->b[4] == b->b[4] &&
           a->b[5] == b->b[5] &&
           a->b[6] == b->b[6] &&
           a->b[7] == b->b[7] &&
           a->b[8] == b->b[8] &&
           a->b[9] == b->b[9] &&
           a->b[10] == b->b[10] &&
           a->b[11] == b->b[11] &&
           a->b[12] == b->b[12] &&
           a->b[13] == b->b[13] &&
           a->b[14] == b->b[14] &&
           a->b[15] == b->b[15] &&
           a->b[16] == b->b[16] &&
           a->b[17] == b->b[17] &&
           a->b[18] == b->b[18] &&
           a->b[19] == b->b[19] &&
           a->b[20] == b->b[20] &&
           a->b[21] == b->b[21] &&
           a->b[22] == b->b[22] &&
           a->b[23] == b->b[23] &&
           a->b[24] == b->b[24] &&
           a->b[25] == b->b[25] &&
           a->b[26] == b->b[26] &&
           a->b[27] == b->b[27] &&
           a->b[28] == b->b[28] &&
           a->b[29] == b->b[29] &&
           a->b[30] == b->b[30] &&
           a->b[31] == b->b[31];
}
int S32_check(S32_t v, int seed) {
    S32_t w = S32_make(seed);
    return S32_eq(&v, &w);
}
int S32_checkp(const S32_t *p, int seed) {
    S32_t w = S32_make(seed);
    return S32_eq(p, &w);
}
int S32_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, S32_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return S32_check(v, seed);
}
S32_t S32_echo(S32_t v) { return v; }

struct F2 { float a, b; };
typedef struct F2 F2_t;
F2_t F2_make(int seed) {
    F2_t v;
    memset(&v, 0, sizeof v);
    v.a = (float)(I(seed, 0) + 0.25);
    v.b = (float)(I(seed, 1) + 0.25);
    return v;
}
static int F2_eq(const F2_t *a, const F2_t *b) {
    return a->a == b->a &&
           a->b == b->b;
}
int F2_check(F2_t v, int seed) {
    F2_t w = F2_make(seed);
    return F2_eq(&v, &w);
}
int F2_checkp(const F2_t *p, int seed) {
    F2_t w = F2_make(seed);
    return F2_eq(p, &w);
}
int F2_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, F2_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return F2_check(v, seed);
}
F2_t F2_echo(F2_t v) { return v; }

struct F3 { float a, b, c; };
typedef struct F3 F3_t;
F3_t F3_make(int seed) {
    F3_t v;
    memset(&v, 0, sizeof v);
    v.a = (float)(I(seed, 0) + 0.25);
    v.b = (float)(I(seed, 1) + 0.25);
    v.c = (float)(I(seed, 2) + 0.25);
    return v;
}
static int F3_eq(const F3_t *a, const F3_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c;
}
int F3_check(F3_t v, int seed) {
    F3_t w = F3_make(seed);
    return F3_eq(&v, &w);
}
int F3_checkp(const F3_t *p, int seed) {
    F3_t w = F3_make(seed);
    return F3_eq(p, &w);
}
int F3_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, F3_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return F3_check(v, seed);
}
F3_t F3_echo(F3_t v) { return v; }

struct F4 { float a, b, c, d; };
typedef struct F4 F4_t;
F4_t F4_make(int seed) {
    F4_t v;
    memset(&v, 0, sizeof v);
    v.a = (float)(I(seed, 0) + 0.25);
    v.b = (float)(I(seed, 1) + 0.25);
    v.c = (float)(I(seed, 2) + 0.25);
    v.d = (float)(I(seed, 3) + 0.25);
    return v;
}
static int F4_eq(const F4_t *a, const F4_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c &&
           a->d == b->d;
}
int F4_check(F4_t v, int seed) {
    F4_t w = F4_make(seed);
    return F4_eq(&v, &w);
}
int F4_checkp(const F4_t *p, int seed) {
    F4_t w = F4_make(seed);
    return F4_eq(p, &w);
}
int F4_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, F4_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return F4_check(v, seed);
}
F4_t F4_echo(F4_t v) { return v; }

struct D2 { double a, b; };
typedef struct D2 D2_t;
D2_t D2_make(int seed) {
    D2_t v;
    memset(&v, 0, sizeof v);
    v.a = (double)(I(seed, 0) + 0.25);
    v.b = (double)(I(seed, 1) + 0.25);
    return v;
}
static int D2_eq(const D2_t *a, const D2_t *b) {
    return a->a == b->a &&
           a->b == b->b;
}
int D2_check(D2_t v, int seed) {
    D2_t w = D2_make(seed);
    return D2_eq(&v, &w);
}
int D2_checkp(const D2_t *p, int seed) {
    D2_t w = D2_make(seed);
    return D2_eq(p, &w);
}
int D2_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, D2_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return D2_check(v, seed);
}
D2_t D2_echo(D2_t v) { return v; }

struct D3 { double a, b, c; };
typedef struct D3 D3_t;
D3_t D3_make(int seed) {
    D3_t v;
    memset(&v, 0, sizeof v);
    v.a = (double)(I(seed, 0) + 0.25);
    v.b = (double)(I(seed, 1) + 0.25);
    v.c = (double)(I(seed, 2) + 0.25);
    return v;
}
static int D3_eq(const D3_t *a, const D3_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c;
}
int D3_check(D3_t v, int seed) {
    D3_t w = D3_make(seed);
    return D3_eq(&v, &w);
}
int D3_checkp(const D3_t *p, int seed) {
    D3_t w = D3_make(seed);
    return D3_eq(p, &w);
}
int D3_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, D3_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return D3_check(v, seed);
}
D3_t D3_echo(D3_t v) { return v; }

struct D4 { double a, b, c, d; };
typedef struct D4 D4_t;
D4_t D4_make(int seed) {
    D4_t v;
    memset(&v, 0, sizeof v);
    v.a = (double)(I(seed, 0) + 0.25);
    v.b = (double)(I(seed, 1) + 0.25);
    v.c = (double)(I(seed, 2) + 0.25);
    v.d = (double)(I(seed, 3) + 0.25);
    return v;
}
static int D4_eq(const D4_t *a, const D4_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c &&
           a->d == b->d;
}
int D4_check(D4_t v, int seed) {
    D4_t w = D4_make(seed);
    return D4_eq(&v, &w);
}
int D4_checkp(const D4_t *p, int seed) {
    D4_t w = D4_make(seed);
    return D4_eq(p, &w);
}
int D4_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, D4_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return D4_check(v, seed);
}
D4_t D4_echo(D4_t v) { return v; }

struct DI { double d; int i; };
typedef struct DI DI_t;
DI_t DI_make(int seed) {
    DI_t v;
    memset(&v, 0, sizeof v);
    v.d = (double)(I(seed, 0) + 0.25);
    v.i = (int)I(seed, 1);
    return v;
}
static int DI_eq(const DI_t *a, const DI_t *b) {
    return a->d == b->d &&
           a->i == b->i;
}
int DI_check(DI_t v, int seed) {
    DI_t w = DI_make(seed);
    return DI_eq(&v, &w);
}
int DI_checkp(const DI_t *p, int seed) {
    DI_t w = DI_make(seed);
    return DI_eq(p, &w);
}
int DI_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, DI_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return DI_check(v, seed);
}
DI_t DI_echo(DI_t v) { return v; }

struct ID { int i; double d; };
typedef struct ID ID_t;
ID_t ID_make(int seed) {
    ID_t v;
    memset(&v, 0, sizeof v);
    v.i = (int)I(seed, 0);
    v.d = (double)(I(seed, 1) + 0.25);
    return v;
}
static int ID_eq(const ID_t *a, const ID_t *b) {
    return a->i == b->i &&
           a->d == b->d;
}
int ID_check(ID_t v, int seed) {
    ID_t w = ID_make(seed);
    return ID_eq(&v, &w);
}
int ID_checkp(const ID_t *p, int seed) {
    ID_t w = ID_make(seed);
    return ID_eq(p, &w);
}
int ID_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, ID_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return ID_check(v, seed);
}
ID_t ID_echo(ID_t v) { return v; }

struct IF { int i; float f; };
typedef struct IF IF_t;
IF_t IF_make(int seed) {
    IF_t v;
    memset(&v, 0, sizeof v);
    v.i = (int)I(seed, 0);
    v.f = (float)(I(seed, 1) + 0.25);
    return v;
}
static int IF_eq(const IF_t *a, const IF_t *b) {
    return a->i == b->i &&
           a->f == b->f;
}
int IF_check(IF_t v, int seed) {
    IF_t w = IF_make(seed);
    return IF_eq(&v, &w);
}
int IF_checkp(const IF_t *p, int seed) {
    IF_t w = IF_make(seed);
    return IF_eq(p, &w);
}
int IF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, IF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return IF_check(v, seed);
}
IF_t IF_echo(IF_t v) { return v; }

struct FI { float f; int i; };
typedef struct FI FI_t;
FI_t FI_make(int seed) {
    FI_t v;
    memset(&v, 0, sizeof v);
    v.f = (float)(I(seed, 0) + 0.25);
    v.i = (int)I(seed, 1);
    return v;
}
static int FI_eq(const FI_t *a, const FI_t *b) {
    return a->f == b->f &&
           a->i == b->i;
}
int FI_check(FI_t v, int seed) {
    FI_t w = FI_make(seed);
    return FI_eq(&v, &w);
}
int FI_checkp(const FI_t *p, int seed) {
    FI_t w = FI_make(seed);
    return FI_eq(p, &w);
}
int FI_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, FI_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return FI_check(v, seed);
}
FI_t FI_echo(FI_t v) { return v; }

struct FIF { float f; int i; float g; };
typedef struct FIF FIF_t;
FIF_t FIF_make(int seed) {
    FIF_t v;
    memset(&v, 0, sizeof v);
    v.f = (float)(I(seed, 0) + 0.25);
    v.i = (int)I(seed, 1);
    v.g = (float)(I(seed, 2) + 0.25);
    return v;
}
static int FIF_eq(const FIF_t *a, const FIF_t *b) {
    return a->f == b->f &&
           a->i == b->i &&
           a->g == b->g;
}
int FIF_check(FIF_t v, int seed) {
    FIF_t w = FIF_make(seed);
    return FIF_eq(&v, &w);
}
int FIF_checkp(const FIF_t *p, int seed) {
    FIF_t w = FIF_make(seed);
    return FIF_eq(p, &w);
}
int FIF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, FIF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return FIF_check(v, seed);
}
FIF_t FIF_echo(FIF_t v) { return v; }

struct DF { double d; float f; };
typedef struct DF DF_t;
DF_t DF_make(int seed) {
    DF_t v;
    memset(&v, 0, sizeof v);
    v.d = (double)(I(seed, 0) + 0.25);
    v.f = (float)(I(seed, 1) + 0.25);
    return v;
}
static int DF_eq(const DF_t *a, const DF_t *b) {
    return a->d == b->d &&
           a->f == b->f;
}
int DF_check(DF_t v, int seed) {
    DF_t w = DF_make(seed);
    return DF_eq(&v, &w);
}
int DF_checkp(const DF_t *p, int seed) {
    DF_t w = DF_make(seed);
    return DF_eq(p, &w);
}
int DF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, DF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return DF_check(v, seed);
}
DF_t DF_echo(DF_t v) { return v; }

struct CD { char c; double d; };
typedef struct CD CD_t;
CD_t CD_make(int seed) {
    CD_t v;
    memset(&v, 0, sizeof v);
    v.c = (char)I(seed, 0);
    v.d = (double)(I(seed, 1) + 0.25);
    return v;
}
static int CD_eq(const CD_t *a, const CD_t *b) {
    return a->c == b->c &&
           a->d == b->d;
}
int CD_check(CD_t v, int seed) {
    CD_t w = CD_make(seed);
    return CD_eq(&v, &w);
}
int CD_checkp(const CD_t *p, int seed) {
    CD_t w = CD_make(seed);
    return CD_eq(p, &w);
}
int CD_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, CD_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return CD_check(v, seed);
}
CD_t CD_echo(CD_t v) { return v; }

struct SF { short s; float f; };
typedef struct SF SF_t;
SF_t SF_make(int seed) {
    SF_t v;
    memset(&v, 0, sizeof v);
    v.s = (short)I(seed, 0);
    v.f = (float)(I(seed, 1) + 0.25);
    return v;
}
static int SF_eq(const SF_t *a, const SF_t *b) {
    return a->s == b->s &&
           a->f == b->f;
}
int SF_check(SF_t v, int seed) {
    SF_t w = SF_make(seed);
    return SF_eq(&v, &w);
}
int SF_checkp(const SF_t *p, int seed) {
    SF_t w = SF_make(seed);
    return SF_eq(p, &w);
}
int SF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, SF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return SF_check(v, seed);
}
SF_t SF_echo(SF_t v) { return v; }

struct LLL { long a, b, c; };
typedef struct LLL LLL_t;
LLL_t LLL_make(int seed) {
    LLL_t v;
    memset(&v, 0, sizeof v);
    v.a = (long)I(seed, 0);
    v.b = (long)I(seed, 1);
    v.c = (long)I(seed, 2);
    return v;
}
static int LLL_eq(const LLL_t *a, const LLL_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c;
}
int LLL_check(LLL_t v, int seed) {
    LLL_t w = LLL_make(seed);
    return LLL_eq(&v, &w);
}
int LLL_checkp(const LLL_t *p, int seed) {
    LLL_t w = LLL_make(seed);
    return LLL_eq(p, &w);
}
int LLL_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, LLL_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return LLL_check(v, seed);
}
LLL_t LLL_echo(LLL_t v) { return v; }

struct LD { long l; double d; };
typedef struct LD LD_t;
LD_t LD_make(int seed) {
    LD_t v;
    memset(&v, 0, sizeof v);
    v.l = (long)I(seed, 0);
    v.d = (double)(I(seed, 1) + 0.25);
    return v;
}
static int LD_eq(const LD_t *a, const LD_t *b) {
    return a->l == b->l &&
           a->d == b->d;
}
int LD_check(LD_t v, int seed) {
    LD_t w = LD_make(seed);
    return LD_eq(&v, &w);
}
int LD_checkp(const LD_t *p, int seed) {
    LD_t w = LD_make(seed);
    return LD_eq(p, &w);
}
int LD_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, LD_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return LD_check(v, seed);
}
LD_t LD_echo(LD_t v) { return v; }

struct C16 { char c[16]; };
typedef struct C16 C16_t;
C16_t C16_make(int seed) {
    C16_t v;
    memset(&v, 0, sizeof v);
    v.c[0] = (char)I(seed, 0);
    v.c[1] = (char)I(seed, 1);
    v.c[2] = (char)I(seed, 2);
    v.c[3] = (char)I(seed, 3);
    v.c[4] = (char)I(seed, 4);
    v.c[5] = (char)I(seed, 5);
    v.c[6] = (char)I(seed, 6);
    v.c[7] = (char)I(seed, 7);
    v.c[8] = (char)I(seed, 8);
    v.c[9] = (char)I(seed, 9);
    v.c[10] = (char)I(seed, 10);
    v.c[11] = (char)I(seed, 11);
    v.c[12] = (char)I(seed, 12);
    v.c[13] = (char)I(seed, 13);
    v.c[14] = (char)I(seed, 14);
    v.c[15] = (char)I(seed, 15);
    return v;
}
static int C16_eq(const C16_t *a, const C16_t *b) {
    return a->c[0] == b->c[0] &&
           a->c[1] == b->c[1] &&
           a->c[2] == b->c[2] &&
           a->c[3] == b->c[3] &&
           a->c[4] == b->c[4] &&
           a->c[5] == b->c[5] &&
           a->c[6] == b->c[6] &&
           a->c[7] == b->c[7] &&
           a->c[8] == b->c[8] &&
           a->c[9] == b->c[9] &&
           a->c[10] == b->c[10] &&
           a->c[11] == b->c[11] &&
           a->c[12] == b->c[12] &&
           a->c[13] == b->c[13] &&
           a->c[14] == b->c[14] &&
           a->c[15] == b->c[15];
}
int C16_check(C16_t v, int seed) {
    C16_t w = C16_make(seed);
    return C16_eq(&v, &w);
}
int C16_checkp(const C16_t *p, int seed) {
    C16_t w = C16_make(seed);
    return C16_eq(p, &w);
}
int C16_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, C16_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return C16_check(v, seed);
}
C16_t C16_echo(C16_t v) { return v; }

struct C3 { char c[3]; };
typedef struct C3 C3_t;
C3_t C3_make(int seed) {
    C3_t v;
    memset(&v, 0, sizeof v);
    v.c[0] = (char)I(seed, 0);
    v.c[1] = (char)I(seed, 1);
    v.c[2] = (char)I(seed, 2);
    return v;
}
static int C3_eq(const C3_t *a, const C3_t *b) {
    return a->c[0] == b->c[0] &&
           a->c[1] == b->c[1] &&
           a->c[2] == b->c[2];
}
int C3_check(C3_t v, int seed) {
    C3_t w = C3_make(seed);
    return C3_eq(&v, &w);
}
int C3_checkp(const C3_t *p, int seed) {
    C3_t w = C3_make(seed);
    return C3_eq(p, &w);
}
int C3_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, C3_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return C3_check(v, seed);
}
C3_t C3_echo(C3_t v) { return v; }

struct SSS { short a, b, c; };
typedef struct SSS SSS_t;
SSS_t SSS_make(int seed) {
    SSS_t v;
    memset(&v, 0, sizeof v);
    v.a = (short)I(seed, 0);
    v.b = (short)I(seed, 1);
    v.c = (short)I(seed, 2);
    return v;
}
static int SSS_eq(const SSS_t *a, const SSS_t *b) {
    return a->a == b->a &&
           a->b == b->b &&
           a->c == b->c;
}
int SSS_check(SSS_t v, int seed) {
    SSS_t w = SSS_make(seed);
    return SSS_eq(&v, &w);
}
int SSS_checkp(const SSS_t *p, int seed) {
    SSS_t w = SSS_make(seed);
    return SSS_eq(p, &w);
}
int SSS_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, SSS_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return SSS_check(v, seed);
}
SSS_t SSS_echo(SSS_t v) { return v; }

struct NEST { struct { float x, y; } p; int k; };
typedef struct NEST NEST_t;
NEST_t NEST_make(int seed) {
    NEST_t v;
    memset(&v, 0, sizeof v);
    v.p.x = (float)(I(seed, 0) + 0.25);
    v.p.y = (float)(I(seed, 1) + 0.25);
    v.k = (int)I(seed, 2);
    return v;
}
static int NEST_eq(const NEST_t *a, const NEST_t *b) {
    return a->p.x == b->p.x &&
           a->p.y == b->p.y &&
           a->k == b->k;
}
int NEST_check(NEST_t v, int seed) {
    NEST_t w = NEST_make(seed);
    return NEST_eq(&v, &w);
}
int NEST_checkp(const NEST_t *p, int seed) {
    NEST_t w = NEST_make(seed);
    return NEST_eq(p, &w);
}
int NEST_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, NEST_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return NEST_check(v, seed);
}
NEST_t NEST_echo(NEST_t v) { return v; }

struct ARRF { float v[3]; int n; };
typedef struct ARRF ARRF_t;
ARRF_t ARRF_make(int seed) {
    ARRF_t v;
    memset(&v, 0, sizeof v);
    v.v[0] = (float)(I(seed, 0) + 0.25);
    v.v[1] = (float)(I(seed, 1) + 0.25);
    v.v[2] = (float)(I(seed, 2) + 0.25);
    v.n = (int)I(seed, 3);
    return v;
}
static int ARRF_eq(const ARRF_t *a, const ARRF_t *b) {
    return a->v[0] == b->v[0] &&
           a->v[1] == b->v[1] &&
           a->v[2] == b->v[2] &&
           a->n == b->n;
}
int ARRF_check(ARRF_t v, int seed) {
    ARRF_t w = ARRF_make(seed);
    return ARRF_eq(&v, &w);
}
int ARRF_checkp(const ARRF_t *p, int seed) {
    ARRF_t w = ARRF_make(seed);
    return ARRF_eq(p, &w);
}
int ARRF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, ARRF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return ARRF_check(v, seed);
}
ARRF_t ARRF_echo(ARRF_t v) { return v; }

union UFI { float f; int i; };
typedef union UFI UFI_t;
UFI_t UFI_make(int seed) {
    UFI_t v;
    memset(&v, 0, sizeof v);
    v.i = (int)I(seed, 0);
    return v;
}
static int UFI_eq(const UFI_t *a, const UFI_t *b) {
    return a->i == b->i;
}
int UFI_check(UFI_t v, int seed) {
    UFI_t w = UFI_make(seed);
    return UFI_eq(&v, &w);
}
int UFI_checkp(const UFI_t *p, int seed) {
    UFI_t w = UFI_make(seed);
    return UFI_eq(p, &w);
}
int UFI_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, UFI_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return UFI_check(v, seed);
}
UFI_t UFI_echo(UFI_t v) { return v; }

union UDL { double d; long l; };
typedef union UDL UDL_t;
UDL_t UDL_make(int seed) {
    UDL_t v;
    memset(&v, 0, sizeof v);
    v.l = (long)I(seed, 0);
    return v;
}
static int UDL_eq(const UDL_t *a, const UDL_t *b) {
    return a->l == b->l;
}
int UDL_check(UDL_t v, int seed) {
    UDL_t w = UDL_make(seed);
    return UDL_eq(&v, &w);
}
int UDL_checkp(const UDL_t *p, int seed) {
    UDL_t w = UDL_make(seed);
    return UDL_eq(p, &w);
}
int UDL_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, UDL_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return UDL_check(v, seed);
}
UDL_t UDL_echo(UDL_t v) { return v; }

union UFF { float f[2]; double d; };
typedef union UFF UFF_t;
UFF_t UFF_make(int seed) {
    UFF_t v;
    memset(&v, 0, sizeof v);
    v.d = (double)(I(seed, 0) + 0.25);
    return v;
}
static int UFF_eq(const UFF_t *a, const UFF_t *b) {
    return a->d == b->d;
}
int UFF_check(UFF_t v, int seed) {
    UFF_t w = UFF_make(seed);
    return UFF_eq(&v, &w);
}
int UFF_checkp(const UFF_t *p, int seed) {
    UFF_t w = UFF_make(seed);
    return UFF_eq(p, &w);
}
int UFF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, UFF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return UFF_check(v, seed);
}
UFF_t UFF_echo(UFF_t v) { return v; }

/* Unions of one floating type only: homogeneous floating-point aggregates
 * in AArch64 (v registers), SSE class on x86-64. */
union UHF { float f[2]; float g; };
typedef union UHF UHF_t;
UHF_t UHF_make(int seed) {
    UHF_t v;
    memset(&v, 0, sizeof v);
    v.f[0] = (float)(I(seed, 0) + 0.5);
    v.f[1] = (float)(I(seed, 1) + 0.5);
    return v;
}
static int UHF_eq(const UHF_t *a, const UHF_t *b) {
    return a->f[0] == b->f[0] &&
           a->f[1] == b->f[1];
}
int UHF_check(UHF_t v, int seed) {
    UHF_t w = UHF_make(seed);
    return UHF_eq(&v, &w);
}
int UHF_checkp(const UHF_t *p, int seed) {
    UHF_t w = UHF_make(seed);
    return UHF_eq(p, &w);
}
int UHF_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, UHF_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return UHF_check(v, seed);
}
UHF_t UHF_echo(UHF_t v) { return v; }

union UHD { double d[2]; double e; };
typedef union UHD UHD_t;
UHD_t UHD_make(int seed) {
    UHD_t v;
    memset(&v, 0, sizeof v);
    v.d[0] = (double)(I(seed, 0) + 0.5);
    v.d[1] = (double)(I(seed, 1) + 0.5);
    return v;
}
static int UHD_eq(const UHD_t *a, const UHD_t *b) {
    return a->d[0] == b->d[0] &&
           a->d[1] == b->d[1];
}
int UHD_check(UHD_t v, int seed) {
    UHD_t w = UHD_make(seed);
    return UHD_eq(&v, &w);
}
int UHD_checkp(const UHD_t *p, int seed) {
    UHD_t w = UHD_make(seed);
    return UHD_eq(p, &w);
}
int UHD_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, UHD_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return UHD_check(v, seed);
}
UHD_t UHD_echo(UHD_t v) { return v; }

struct __attribute__((packed)) PCI { char c; int i; };
typedef struct PCI PCI_t;
PCI_t PCI_make(int seed) {
    PCI_t v;
    memset(&v, 0, sizeof v);
    v.c = (char)I(seed, 0);
    v.i = (int)I(seed, 1);
    return v;
}
static int PCI_eq(const PCI_t *a, const PCI_t *b) {
    return a->c == b->c &&
           a->i == b->i;
}
int PCI_check(PCI_t v, int seed) {
    PCI_t w = PCI_make(seed);
    return PCI_eq(&v, &w);
}
int PCI_checkp(const PCI_t *p, int seed) {
    PCI_t w = PCI_make(seed);
    return PCI_eq(p, &w);
}
int PCI_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, PCI_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return PCI_check(v, seed);
}
PCI_t PCI_echo(PCI_t v) { return v; }

struct __attribute__((packed)) PSD { short s; double d; };
typedef struct PSD PSD_t;
PSD_t PSD_make(int seed) {
    PSD_t v;
    memset(&v, 0, sizeof v);
    v.s = (short)I(seed, 0);
    v.d = (double)(I(seed, 1) + 0.25);
    return v;
}
static int PSD_eq(const PSD_t *a, const PSD_t *b) {
    return a->s == b->s &&
           a->d == b->d;
}
int PSD_check(PSD_t v, int seed) {
    PSD_t w = PSD_make(seed);
    return PSD_eq(&v, &w);
}
int PSD_checkp(const PSD_t *p, int seed) {
    PSD_t w = PSD_make(seed);
    return PSD_eq(p, &w);
}
int PSD_late(int a, int b, int c, int d, int e, int f, double g, double h, double i, double j,
        double k, double l, double m, double n, PSD_t v, int seed) {
    if (a != 1 || b != 2 || c != 3 || d != 4 || e != 5 || f != 6 || g != 1.5 || h != 2.5 || i != 3.5 ||
        j != 4.5 || k != 5.5 || l != 6.5 || m != 7.5 || n != 8.5)
        return -1;
    return PSD_check(v, seed);
}
PSD_t PSD_echo(PSD_t v) { return v; }

/* Ten ints and ten doubles interleaved: more arguments than registers. */
double many(int a0, double d0, int a1, double d1, int a2, double d2, int a3, double d3, int a4, double d4,
            int a5, double d5, int a6, double d6, int a7, double d7, int a8, double d8, int a9, double d9) {
    int a[10] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9};
    double d[10] = {d0, d1, d2, d3, d4, d5, d6, d7, d8, d9};
    double s = 0;
    for (int i = 0; i < 10; i++)
        s += a[i] * (i + 1) + d[i] * (i + 0.5);
    return s;
}

/* many_ref computes what many returns, from arrays. */
double many_ref(const int *a, const double *d) {
    double s = 0;
    for (int i = 0; i < 10; i++)
        s += a[i] * (i + 1) + d[i] * (i + 0.5);
    return s;
}

/* Mixed widths on the stack: C promotes nothing for prototyped calls, so
 * each small integer must arrive in its slot with the right value. */
long long mixed_stack(long a, long b, long c, long d, long e, long f, signed char g, short h, int i, unsigned char j,
                      float k, double l) {
    return a + b + c + d + e + f + g * 10 + h * 100 + i * 1000 + j * 10000 + (long long)(k * 4) + (long long)(l * 8);
}

/* A packed struct with a bitfield after a char: GCC passes it in a
 * register (issue: the engine once classified it MEMORY). */
#pragma pack(push, 1)
struct PB { char a; unsigned b : 8; };
#pragma pack(pop)
int pbits_sum(struct PB p) { return p.a * 1000 + p.b; }
struct PB pbits_new(int a, int b) { struct PB p; p.a = (char)a; p.b = (unsigned)b; return p; }
