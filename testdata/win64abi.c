/* win64abi.c: signatures that exercise a calling convention's corners
 * (internal/callconv's Win64 engine tests): structs of 1 to 64 bytes, float
 * and integer mixes, more arguments than registers, twenty arguments,
 * results in memory, variadic functions, and the same through callbacks,
 * from the calling thread and from a thread of C's own.
 *
 * Every function digests the bytes it received (FNV-1a, 64 bits, each
 * argument's bytes in order) so that the test compares with what C saw. */
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef unsigned long long u64;

#define FNV0 14695981039346656037ULL

static u64 fnv(u64 h, const void *p, size_t n) {
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define DIG(h, x) ((h) = fnv((h), &(x), sizeof(x)))

/* The aggregates: byte arrays of every size that decides something, and
 * float/integer mixes. */
#define BYTES(N) typedef struct { unsigned char b[N]; } B##N;
BYTES(1) BYTES(2) BYTES(3) BYTES(4) BYTES(5) BYTES(6) BYTES(7) BYTES(8)
BYTES(9) BYTES(12) BYTES(15) BYTES(16) BYTES(17) BYTES(24) BYTES(31)
BYTES(32) BYTES(33) BYTES(48) BYTES(63) BYTES(64)
typedef struct { float x; } SF1;
typedef struct { float x, y; } SF2;
typedef struct { float x, y, z; } SF3;
typedef struct { double x; } SD1;
typedef struct { double x, y; } SD2;
typedef struct { float f; int i; } SFI;
typedef struct { char c; short s; } SCS;
typedef struct { double d; char c; } SDC;
typedef union { float f[2]; double d; } UFD;

#define TYPES                                                                 \
    X(B1) X(B2) X(B3) X(B4) X(B5) X(B6) X(B7) X(B8) X(B9) X(B12) X(B15)      \
    X(B16) X(B17) X(B24) X(B31) X(B32) X(B33) X(B48) X(B63) X(B64) X(SF1)   \
    X(SF2) X(SF3) X(SD1) X(SD2) X(SFI) X(SCS) X(SDC) X(UFD)

/* For each aggregate T:
 *   u64 w64_arg_T(int, T, double, T, float, T): the digest of its arguments
 *     (T in slots 1, 3 and 5: a register, a register, the stack);
 *   T w64_ret_T(u64, double, float, int, double): a T filled from the
 *     digest of its arguments, and w64_fill_T the same through a pointer;
 *   u64 w64_cbarg_T(cb, seed, &cdig): calls cb with arguments made from
 *     seed, stores their digest (computed here) in cdig, returns cb's result;
 *   u64 w64_cbret_T(cb, seed): the digest of the T that cb(seed, ...)
 *     returned. */
static void fill(void *p, size_t n, u64 h) {
    unsigned char *b = p;
    for (size_t i = 0; i < n; i++) {
        b[i] = (unsigned char)(h >> (8 * (i % 8))) ^ (unsigned char)(i * 13);
        if (i % 8 == 7)
            h = fnv(h, &i, sizeof i);
    }
}

/* w64_fillh fills n bytes at out from h, as every w64_fill_T does. */
void w64_fillh(void *out, size_t n, u64 h) { fill(out, n, h); }

#define X(T)                                                                  \
    u64 w64_arg_##T(int a, T s, double d, T t, float f, T u) {                \
        u64 h = FNV0;                                                         \
        DIG(h, a); DIG(h, s); DIG(h, d); DIG(h, t); DIG(h, f); DIG(h, u);     \
        return h;                                                             \
    }                                                                         \
    void w64_fill_##T(T *out, u64 seed, double d, float f, int i, double e) { \
        u64 h = FNV0;                                                         \
        DIG(h, seed); DIG(h, d); DIG(h, f); DIG(h, i); DIG(h, e);             \
        fill(out, sizeof *out, h);                                            \
    }                                                                         \
    T w64_ret_##T(u64 seed, double d, float f, int i, double e) {             \
        T r;                                                                  \
        w64_fill_##T(&r, seed, d, f, i, e);                                   \
        return r;                                                             \
    }                                                                         \
    u64 w64_cbarg_##T(u64 (*cb)(int, T, double, T, float, T), u64 seed,      \
                      u64 *cdig) {                                            \
        T s, t, u;                                                            \
        fill(&s, sizeof s, seed);                                             \
        fill(&t, sizeof t, seed * 3 + 1);                                     \
        fill(&u, sizeof u, seed * 7 + 2);                                     \
        int a = (int)seed;                                                    \
        double d = (double)seed / 7;                                          \
        float f = (float)seed / 3;                                            \
        *cdig = w64_arg_##T(a, s, d, t, f, u);                                \
        return cb(a, s, d, t, f, u);                                          \
    }                                                                         \
    u64 w64_cbret_##T(T (*cb)(u64, double, float, int, double), u64 seed) {   \
        T r = cb(seed, (double)seed / 5, (float)seed / 9, (int)seed - 4,      \
                 (double)seed * 3);                                           \
        u64 h = FNV0;                                                         \
        DIG(h, r);                                                            \
        return h;                                                             \
    }
TYPES
#undef X

/* Scalar mixes: floats and integers by position, results in xmm0 (exact:
 * the digest's top bits fit the mantissa). */
double w64_mix(float a, int b, double c, char d, float e, long long f, double g, short h) {
    u64 x = FNV0;
    DIG(x, a); DIG(x, b); DIG(x, c); DIG(x, d); DIG(x, e); DIG(x, f); DIG(x, g); DIG(x, h);
    return (double)(x >> 11);
}

float w64_mixf(double a, float b, int c, float d, float e) {
    u64 x = FNV0;
    DIG(x, a); DIG(x, b); DIG(x, c); DIG(x, d); DIG(x, e);
    return (float)(x >> 40);
}

/* Small integer results: only the low bytes of rax count. */
signed char w64_schar(int a, int b) { return (signed char)(a * b); }
unsigned short w64_ushort(int a, int b) { return (unsigned short)(a * b); }
int w64_add(int a, int b) { return a + b; }

#define ARGS20(T0, T1, T2, T3)                                                \
    T0 a0, T1 a1, T2 a2, T3 a3, T0 a4, T1 a5, T2 a6, T3 a7, T0 a8, T1 a9,   \
        T2 a10, T3 a11, T0 a12, T1 a13, T2 a14, T3 a15, T0 a16, T1 a17,     \
        T2 a18, T3 a19
#define DIG20(h)                                                              \
    DIG(h, a0); DIG(h, a1); DIG(h, a2); DIG(h, a3); DIG(h, a4); DIG(h, a5);   \
    DIG(h, a6); DIG(h, a7); DIG(h, a8); DIG(h, a9); DIG(h, a10); DIG(h, a11); \
    DIG(h, a12); DIG(h, a13); DIG(h, a14); DIG(h, a15); DIG(h, a16);          \
    DIG(h, a17); DIG(h, a18); DIG(h, a19)

/* Twenty arguments: int, double, long long, float, four times over. */
u64 w64_many20(ARGS20(int, double, long long, float)) {
    u64 h = FNV0;
    DIG20(h);
    return h;
}

/* Twenty arguments and a result in memory (slot 0 shifts them all). */
B24 w64_many20ret(ARGS20(int, double, long long, float)) {
    B24 r;
    fill(&r, sizeof r, w64_many20(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12,
                                  a13, a14, a15, a16, a17, a18, a19));
    return r;
}

/* The twenty-argument callback: arguments made from seed. */
u64 w64_cbmany20(u64 (*cb)(ARGS20(int, double, long long, float)), u64 seed, u64 *cdig) {
    int i[5];
    double d[5];
    long long l[5];
    float f[5];
    for (int k = 0; k < 5; k++) {
        i[k] = (int)(seed * (k + 1)) - 1000;
        d[k] = (double)seed / (k + 2);
        l[k] = (long long)(seed << (k + 3)) - 7;
        f[k] = (float)seed / (k + 5);
    }
    *cdig = w64_many20(i[0], d[0], l[0], f[0], i[1], d[1], l[1], f[1], i[2], d[2], l[2], f[2],
                       i[3], d[3], l[3], f[3], i[4], d[4], l[4], f[4]);
    return cb(i[0], d[0], l[0], f[0], i[1], d[1], l[1], f[1], i[2], d[2], l[2], f[2], i[3],
              d[3], l[3], f[3], i[4], d[4], l[4], f[4]);
}

/* Scalar-mix callbacks: C's own result (w64_mix, w64_mixf) in *cexp. */
double w64_cbmix(double (*cb)(float, int, double, char, float, long long, double, short),
                 u64 seed, double *cexp) {
    float a = (float)seed / 3, e = (float)seed * 1.5f;
    int b = (int)seed - 9;
    double c = (double)seed / 11, g = -(double)seed;
    char d = (char)seed;
    long long f = (long long)seed << 20;
    short h = (short)(seed * 5);
    *cexp = w64_mix(a, b, c, d, e, f, g, h);
    return cb(a, b, c, d, e, f, g, h);
}

float w64_cbmixf(float (*cb)(double, float, int, float, float), u64 seed, float *cexp) {
    double a = (double)seed / 13;
    float b = (float)seed / 17, d = (float)seed * 2, e = -(float)seed;
    int c = (int)seed * 3;
    *cexp = w64_mixf(a, b, c, d, e);
    return cb(a, b, c, d, e);
}

/* Variadic: fmt names each argument after it (i int, l long long, d
 * double, p pointer); the result is the digest of the values read. */
u64 w64_vdig(const char *fmt, ...) {
    va_list ap;
    u64 h = FNV0;
    va_start(ap, fmt);
    for (const char *c = fmt; *c; c++) {
        switch (*c) {
        case 'i': { int v = va_arg(ap, int); DIG(h, v); break; }
        case 'l': { long long v = va_arg(ap, long long); DIG(h, v); break; }
        case 'd': { double v = va_arg(ap, double); DIG(h, v); break; }
        case 'p': { void *v = va_arg(ap, void *); DIG(h, v); break; }
        }
    }
    va_end(ap);
    return h;
}

/* w64_vsumd sums n doubles (C's own arithmetic, for a double result). */
double w64_vsumd(int n, ...) {
    va_list ap;
    double s = 0;
    va_start(ap, n);
    for (int k = 0; k < n; k++)
        s += va_arg(ap, double) * (k + 1);
    va_end(ap);
    return s;
}

/* Callbacks from a thread C starts (Go has never seen it): w64_cbarg_SD2
 * and w64_cbmix run there. */
struct thread_job {
    u64 (*cb)(int, SD2, double, SD2, float, SD2);
    double (*mcb)(float, int, double, char, float, long long, double, short);
    u64 seed, cdig, got;
    double mexp, mgot;
};

static void *thread_main(void *p) {
    struct thread_job *j = p;
    j->got = w64_cbarg_SD2(j->cb, j->seed, &j->cdig);
    j->mgot = w64_cbmix(j->mcb, j->seed, &j->mexp);
    return NULL;
}

/* w64_onthread runs both callbacks on a new thread and returns 1 when both
 * gave what C computed itself, 0 when not, -1 when no thread started. */
int w64_onthread(u64 (*cb)(int, SD2, double, SD2, float, SD2),
                 double (*mcb)(float, int, double, char, float, long long, double, short),
                 u64 seed) {
    struct thread_job j = {cb, mcb, seed, 0, 0, 0, 0};
    pthread_t th;
    if (pthread_create(&th, NULL, thread_main, &j) != 0)
        return -1;
    pthread_join(th, NULL);
    return j.got == j.cdig && j.mgot == j.mexp;
}

/* w64_cbsret: a result in memory around a callback (which may move the Go
 * caller's stack): 24 bytes filled from what cb returned. */
B24 w64_cbsret(u64 (*cb)(u64), u64 seed) {
    B24 r;
    fill(&r, sizeof r, cb(seed));
    return r;
}

/* w64_cbint calls cb(a, b) (an int callback: the entry-index tests). */
int w64_cbint(int (*cb)(int, int), int a, int b) { return cb(a, b); }

#ifdef _WIN32
#include <windows.h>

/* w64_seterr sets the thread's last-error value and returns it (the test
 * of the engine's GetLastError capture). */
unsigned w64_seterr(unsigned code) {
    unsigned v = code * 3 + 1;
    SetLastError(v);
    return v;
}

/* w64_seterr_slow is w64_seterr after a sleep of ms milliseconds: long
 * enough for Go's sysmon to take the caller's P, so that the runtime makes
 * system calls of its own (which clear the last error) on its way back. */
unsigned w64_seterr_slow(unsigned code, unsigned ms) {
    Sleep(ms);
    return w64_seterr(code);
}
#endif

/* Over-aligned aggregates, passed by reference: the copy must be aligned
 * as the type says. w64_align_T returns the copy's address modulo its
 * alignment (through a volatile, so that the compiler cannot assume it)
 * plus 1000 times the same for the last argument, on the stack. */
typedef struct { _Alignas(32) double x[4]; } A32;
typedef struct { _Alignas(64) unsigned char b[24]; } A64;

#define ALIGNED(T, N)                                                         \
    int w64_align_##T(T a, int i1, int i2, int i3, int i4, T b) {             \
        volatile size_t pa = (size_t)&a, pb = (size_t)&b;                    \
        return (int)(pa % N) + 1000 * (int)(pb % N);                          \
    }
ALIGNED(A32, 32)
ALIGNED(A64, 64)
