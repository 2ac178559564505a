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
struct Odd { int32_t v[5]; };
struct Odd odd_after(int (*f)(int), int x) {
    int y = f(x);
    struct Odd r = {{y, y + 1, y + 2, y + 3, y + 4}};
    return r;
}
