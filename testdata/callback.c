/* callback.c: C code calling Go callbacks, with pure-C references. */
#include <pthread.h>
#include <stdint.h>

/* integrate: midpoint rule of f over [a, b] with n steps. */
double integrate(double (*f)(double), double a, double b, int n) {
    double h = (b - a) / n, s = 0;
    for (int i = 0; i < n; i++)
        s += f(a + (i + 0.5) * h);
    return s * h;
}

/* integrate_square: the same sum with x*x computed in C. */
double integrate_square(double a, double b, int n) {
    double h = (b - a) / n, s = 0;
    for (int i = 0; i < n; i++) {
        double x = a + (i + 0.5) * h;
        s += x * x;
    }
    return s * h;
}

struct Pt {
    double x;
    int y;
};

/* apply_pt calls f with a struct by value and returns its struct result. */
struct Pt apply_pt(struct Pt (*f)(struct Pt, int), struct Pt p, int k) { return f(p, k); }

/* scale_pt is the C version of the Go callback the tests pass to apply_pt. */
struct Pt scale_pt(struct Pt p, int k) {
    struct Pt r = {p.x * k, p.y + k};
    return r;
}

/* Every integer width and float through a callback: C passes the limits
 * and checks what comes back (the callback returns its argument). */
#define WIDTH(name, T, MIN, MAX)                                        \
    int check_##name(T (*f)(T)) { return f(MIN) == (MIN) && f(MAX) == (MAX) && f(0) == 0; }
WIDTH(i8, int8_t, INT8_MIN, INT8_MAX)
WIDTH(u8, uint8_t, 0, UINT8_MAX)
WIDTH(i16, int16_t, INT16_MIN, INT16_MAX)
WIDTH(u16, uint16_t, 0, UINT16_MAX)
WIDTH(i32, int32_t, INT32_MIN, INT32_MAX)
WIDTH(u32, uint32_t, 0, UINT32_MAX)
WIDTH(i64, int64_t, INT64_MIN, INT64_MAX)
WIDTH(u64, uint64_t, 0, UINT64_MAX)
WIDTH(f32, float, -3.0e38f, 1.5e-40f)
WIDTH(f64, double, -1.7e308, 1.5e-300)

/* A callback with more arguments than registers: C computes the same sum. */
typedef double (*many_fn)(int, double, int, double, int, double, int, double, int, double, int, double, int,
                          double, int, double, int, double, int, double);
double call_many(many_fn f) {
    return f(1, 0.5, 2, 1.5, 3, 2.5, 4, 3.5, 5, 4.5, 6, 5.5, 7, 6.5, 8, 7.5, 9, 8.5, 10, 9.5);
}
double many_expected(void) {
    double s = 0;
    for (int i = 1; i <= 10; i++)
        s += i * i + (i - 0.5) * (i + 0.25);
    return s;
}

/* call_in_thread runs f(x) in a thread C creates, one Go never saw. */
struct job {
    int (*f)(int);
    int x, r;
};
static void *run_job(void *p) {
    struct job *j = p;
    j->r = j->f(j->x);
    return 0;
}
int call_in_thread(int (*f)(int), int x) {
    struct job j = {f, x, 0};
    pthread_t t;
    if (pthread_create(&t, 0, run_job, &j) != 0)
        return -1;
    pthread_join(t, 0);
    return j.r;
}

/* call_int calls f(x) on the calling thread. */
int call_int(int (*f)(int), int x) { return f(x); }

/* Function pointers from C: get_op returns one of two C functions. */
static int op_add(int a, int b) { return a + b; }
static int op_mul(int a, int b) { return a * b; }
typedef int (*binop)(int, int);
binop get_op(int which) { return which ? op_mul : op_add; }

/* A struct holding a function pointer. */
struct ops {
    binop f;
    int k;
};
void fill_ops(struct ops *o, int which) {
    o->f = get_op(which);
    o->k = which ? 10 : 20;
}

/* fnptr_value returns a function pointer as an integer (0 for NULL). */
uintptr_t fnptr_value(int (*f)(int)) { return (uintptr_t)f; }

/* big_after: calls f, then returns a struct of the MEMORY class (32 bytes)
 * and one of 20 bytes (not a whole number of words), computed from f's
 * result: the stack-moving test's results in memory. */
struct Big { double a, b, c; int64_t d; };
struct Big big_after(int (*f)(int), int x) {
    int y = f(x);
    struct Big r = {y, y * 2.0, y * 3.0, (int64_t)y * 4};
    return r;
}
/* huge_after: the same with a result of 80 bytes, over what the engine's
 * compiled callers copy (64): the general trampoline's copy. */
struct Huge { double v[10]; };
struct Huge huge_after(int (*f)(int), int x) {
    int y = f(x);
    struct Huge r;
    for (int i = 0; i < 10; i++)
        r.v[i] = y + i * 0.5;
    return r;
}
struct Odd { int32_t v[5]; };
struct Odd odd_after(int (*f)(int), int x) {
    int y = f(x);
    struct Odd r = {{y, y + 1, y + 2, y + 3, y + 4}};
    return r;
}

/* Wide callbacks: more integer and float arguments than Go's register
 * ABI has registers (9 and 15), of every width, so that a Go func called
 * without reflect (callconv.CallGo) gets the rest on its stack, packed at
 * their alignments. wide_call passes fixed values; wide_ref computes in C
 * what the callback returns for them. */
typedef int64_t (*wide_cb)(int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t, int64_t,
                           int8_t, uint16_t, int32_t, int8_t, int64_t,
                           double, double, double, double, double, double, double, double,
                           double, double, double, double, double, double, double,
                           float, double, float);

static int64_t wide_sum(int8_t a0, int16_t a1, int32_t a2, int64_t a3, uint8_t a4, uint16_t a5, uint32_t a6,
                        uint64_t a7, int64_t a8, int8_t a9, uint16_t a10, int32_t a11, int8_t a12, int64_t a13,
                        const double *d, float f15, double d16, float f17) {
	/* In uint64_t: wrapping, never signed overflow. */
	uint64_t s = (uint64_t)a0 * 1 + (uint64_t)a1 * 2 + (uint64_t)a2 * 3 + (uint64_t)a3 * 4 + (uint64_t)a4 * 5 +
	             (uint64_t)a5 * 6 + (uint64_t)a6 * 7 + a7 * 8 + (uint64_t)a8 * 9 + (uint64_t)a9 * 10 +
	             (uint64_t)a10 * 11 + (uint64_t)a11 * 12 + (uint64_t)a12 * 13 + (uint64_t)a13 * 14;
	for (int j = 0; j < 15; j++)
		s += (uint64_t)(int64_t)(d[j] * 4) * (uint64_t)(j + 31);
	s += (uint64_t)(int64_t)(f15 * 4) * 46 + (uint64_t)(int64_t)(d16 * 4) * 47 + (uint64_t)(int64_t)(f17 * 4) * 48;
	return (int64_t)s;
}

static const double wide_d[15] = {0.25, -1.5, 2.75, -3, 4.5, -5.25, 6, -7.75, 8.5, -9, 10.25, -11.5, 12.75, -13, 14.5};

int64_t wide_call(wide_cb cb) {
	const double *d = wide_d;
	return cb(-7, -300, -70000, -5000000000LL, 200, 60000, 4000000000U, 9000000000000000000ULL, 123456789,
	          -99, 65000, -2000000000, 101, -4000000000000LL,
	          d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14],
	          -2.25f, 1024.5, 3.75f);
}

int64_t wide_ref(void) {
	return wide_sum(-7, -300, -70000, -5000000000LL, 200, 60000, 4000000000U, 9000000000000000000ULL, 123456789,
	                -99, 65000, -2000000000, 101, -4000000000000LL, wide_d, -2.25f, 1024.5, 3.75f);
}

/* Structs past Go's registers: nine int64 arguments fill Go's integer
 * registers, so the structs after them, which need one, go on the Go
 * func's stack whole (a double among their fields included), then an
 * int32; the result, a struct of a double and an int64, comes back in
 * registers. wide2_call returns what the callback's result says twice
 * (its n, and its x * 4); wide2_ref twice the sum C computes. */
typedef struct { double b; int64_t a; } w2_ad; /* b would fit a float register: the ABI takes it back */
typedef struct { float f; int8_t c; } w2_fc;
typedef struct { double x; int64_t n; } w2_res;
typedef w2_res (*wide2_cb)(int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                           w2_ad, w2_fc, int32_t, double);

static const int64_t w2_i[9] = {3, -5, 7, -11, 13, -17, 19, -23, 29};

int64_t wide2_call(wide2_cb cb) {
	w2_ad ad = {2.5, -77};
	w2_fc fc = {-1.25f, -9};
	w2_res r = cb(w2_i[0], w2_i[1], w2_i[2], w2_i[3], w2_i[4], w2_i[5], w2_i[6], w2_i[7], w2_i[8], ad, fc, -123456, 6.75);
	return r.n + (int64_t)(r.x * 4);
}

int64_t wide2_ref(void) {
	int64_t s = 0;
	for (int i = 0; i < 9; i++)
		s += w2_i[i] * (i + 1);
	s += -77 * 10 + (int64_t)(2.5 * 4) * 11 + (int64_t)(-1.25f * 4) * 12 + -9 * 13 + -123456 * 14 + (int64_t)(6.75 * 4) * 15;
	return 2 * s;
}

/* raw_result calls f, a function of no argument whose result is narrower
 * than a register, as one returning a whole register: what its callee
 * left in rax (x86-64) or x0 (arm64), which a typed callback's entry
 * widens as C's conversion to long long would. (Reading a narrower
 * result as a wider one is outside the C standard; the ABI leaves those
 * bits to the callee, and this reads what ours put there.) */
long long raw_result(void *f) { return ((long long (*)(void))f)(); }
