/* scalars.c: every fundamental C type through C functions of its own type.
 * For a type T with suffix s:
 *   T rt_s(T x)               returns x (identity)
 *   T min_s(void), max_s(void) the type's limits (for float and double:
 *                             the smallest subnormal and the largest value)
 *   int is_min_s(T), is_max_s(T)  1 if the value is exactly that limit
 *   long long widen_s(T) / unsigned long long uwiden_s(T)  the value widened by C
 *   T neg1_s(void)            (T)-1
 *   T trunc_s(long long x)    (T)x, ref_trunc_s(x) the same widened */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

#define NOINLINE __attribute__((noinline))

#define RT(s, T) \
    NOINLINE T rt_##s(T x) { return x; }

#define LIMITS(s, T, MIN, MAX)                                             \
    NOINLINE T min_##s(void) { return (MIN); }                            \
    NOINLINE T max_##s(void) { return (MAX); }                            \
    int is_min_##s(T x) { T m = (MIN); return memcmp(&x, &m, sizeof x) == 0; } \
    int is_max_##s(T x) { T m = (MAX); return memcmp(&x, &m, sizeof x) == 0; }

/* trunc_s returns x converted to T: for a T narrower than the register,
 * compiled as a move of x's register (mov %edi,%eax on x86-64), so the
 * register's bits above T hold x's; ref_trunc_s is the same value widened
 * by C, for the caller to compare with. */
#define SIGNED(s, T, MIN, MAX) RT(s, T) LIMITS(s, T, MIN, MAX)             \
    long long widen_##s(T x) { return (long long)x; }                     \
    NOINLINE T neg1_##s(void) { return (T)-1; }                           \
    NOINLINE T trunc_##s(long long x) { return (T)x; }                    \
    long long ref_trunc_##s(long long x) { return (long long)(T)x; }

#define UNSIGNED(s, T, MAX) RT(s, T) LIMITS(s, T, 0, MAX)                  \
    unsigned long long uwiden_##s(T x) { return (unsigned long long)x; }  \
    NOINLINE T neg1_##s(void) { return (T)-1; }                           \
    NOINLINE T trunc_##s(long long x) { return (T)x; }                    \
    unsigned long long ref_trunc_##s(long long x) { return (unsigned long long)(T)x; }

UNSIGNED(bool, _Bool, 1)
#if CHAR_MIN < 0
SIGNED(char, char, CHAR_MIN, CHAR_MAX)
#else
UNSIGNED(char, char, CHAR_MAX)
#endif
SIGNED(schar, signed char, SCHAR_MIN, SCHAR_MAX)
UNSIGNED(uchar, unsigned char, UCHAR_MAX)
SIGNED(short, short, SHRT_MIN, SHRT_MAX)
UNSIGNED(ushort, unsigned short, USHRT_MAX)
SIGNED(int, int, INT_MIN, INT_MAX)
UNSIGNED(uint, unsigned int, UINT_MAX)
SIGNED(long, long, LONG_MIN, LONG_MAX)
UNSIGNED(ulong, unsigned long, ULONG_MAX)
SIGNED(longlong, long long, LLONG_MIN, LLONG_MAX)
UNSIGNED(ulonglong, unsigned long long, ULLONG_MAX)
SIGNED(int8, int8_t, INT8_MIN, INT8_MAX)
UNSIGNED(uint8, uint8_t, UINT8_MAX)
SIGNED(int16, int16_t, INT16_MIN, INT16_MAX)
UNSIGNED(uint16, uint16_t, UINT16_MAX)
SIGNED(int32, int32_t, INT32_MIN, INT32_MAX)
UNSIGNED(uint32, uint32_t, UINT32_MAX)
SIGNED(int64, int64_t, INT64_MIN, INT64_MAX)
UNSIGNED(uint64, uint64_t, UINT64_MAX)
UNSIGNED(size_t, size_t, SIZE_MAX)
SIGNED(ssize_t, ssize_t, -SSIZE_MAX - 1, SSIZE_MAX)
#if WCHAR_MIN < 0
SIGNED(wchar, wchar_t, WCHAR_MIN, WCHAR_MAX)
#else /* unsigned wchar_t: AAPCS (arm, arm64), Windows */
UNSIGNED(wchar, wchar_t, WCHAR_MAX)
#endif

RT(float, float)
LIMITS(float, float, FLT_TRUE_MIN, FLT_MAX)
RT(double, double)
LIMITS(double, double, DBL_TRUE_MIN, DBL_MAX)
RT(ptr, void *)
RT(str, char *)

double d_negzero(void) { return -0.0; }
double d_nan(void) { return NAN; }
double d_inf(void) { return INFINITY; }
float f_negzero(void) { return -0.0f; }
float f_nan(void) { return NAN; }
int d_signbit(double x) { return signbit(x) != 0; }
int d_isnan(double x) { return isnan(x) != 0; }
int f_signbit(float x) { return signbit(x) != 0; }
int f_isnan(float x) { return isnan(x) != 0; }
double d_subnormal(void) { return DBL_TRUE_MIN * 3; }
float f_subnormal(void) { return FLT_TRUE_MIN * 3; }

size_t str_len(const char *s) { return strlen(s); }
const char *str_static(void) { return "hello from C"; }
char *str_null(void) { return NULL; }
int wstr_len(const wchar_t *s) { return (int)wcslen(s); }
const wchar_t *wstr_static(void) { return L"h\u00e9llo \u4e16\u754c"; }
void *ptr_null(void) { return NULL; }
void *ptr_offset(void *p, long n) { return (char *)p + n; }
int bool_to_int(_Bool b) { return b; }

// Calls f with five longs (the fifth on the stack on Win64, the others in
// registers) and returns its result: a long callback's arguments as C
// passes them, whatever the upper half of their registers and slots holds.
long call_long5(long (*f)(long, long, long, long, long), long a) {
	return f(a, a + 1, -a, LONG_MIN, LONG_MAX);
}

// Twenty-four arguments, past the typed bindings' twenty (BindFunc's
// way), each weighted by its position so that a swap shows.
long long sum24_ll(long long a0, long long a1, long long a2, long long a3, long long a4, long long a5, long long a6, long long a7, long long a8, long long a9, long long a10, long long a11, long long a12, long long a13, long long a14, long long a15, long long a16, long long a17, long long a18, long long a19, long long a20, long long a21, long long a22, long long a23) {
	return 1*a0 + 2*a1 + 3*a2 + 4*a3 + 5*a4 + 6*a5 + 7*a6 + 8*a7 + 9*a8 + 10*a9 + 11*a10 + 12*a11 + 13*a12 + 14*a13 + 15*a14 + 16*a15 + 17*a16 + 18*a17 + 19*a18 + 20*a19 + 21*a20 + 22*a21 + 23*a22 + 24*a23;
}
