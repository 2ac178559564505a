/* typed.c: what typed bindings (ffi.Fn*, Proc*, BindFunc, CallbackFn*)
 * must reach beyond Go's own types: unions, packed structs and bitfields
 * by value, variadic functions, errno, function pointers as results,
 * callbacks taking pointers, and long double through a pointer. Each
 * function computes something the Go test compares with what C says
 * through the ctypes-style path, or with C's own reading of the bytes. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

/* A union of an int and a float: 4 bytes, passed in an integer register. */
union UIF { int32_t i; float f; };
union UIF uif_of_float(float f) { union UIF u; u.f = f; return u; }
int32_t uif_bits(union UIF u) { return u.i; }
float uif_twice(union UIF u) { return u.f * 2; }

/* A union of a double and a long long: 8 bytes. */
union UDL { double d; int64_t l; };
double udl_add(union UDL a, union UDL b) { return a.d + b.d; }
union UDL udl_of_long(int64_t l) { union UDL u; u.l = l; return u; }

/* A packed struct: 5 bytes, alignment 1, i at offset 1. */
struct __attribute__((packed)) PCI { char c; int32_t i; };
struct PCI pci_make(char c, int32_t i) { struct PCI p; p.c = c; p.i = i; return p; }
int64_t pci_weigh(struct PCI p) { return (int64_t)p.c * 1000 + p.i; }

/* A struct of bitfields: 4 bytes. */
struct BF { unsigned a : 3; unsigned b : 7; signed c : 5; unsigned d : 9; };
struct BF bf_make(unsigned a, unsigned b, int c, unsigned d) {
    struct BF x; memset(&x, 0, sizeof x);
    x.a = a; x.b = b; x.c = c; x.d = d; return x;
}
int32_t bf_weigh(struct BF x) { return (int32_t)x.a * 1000000 + (int32_t)x.b * 10000 + (int32_t)x.c * 1000 + (int32_t)x.d; }

/* A variadic function: fmt says what follows, 'i' an int, 'l' a long
 * long, 'd' a double, 'p' a pointer to a double (read); the weighted sum
 * of the values, so that a value in the wrong place shows. */
double vmix(const char *fmt, ...) {
    va_list ap; double s = 0; int k = 1;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++, k++) {
        switch (*p) {
        case 'i': s += k * (double)va_arg(ap, int); break;
        case 'l': s += k * (double)va_arg(ap, long long); break;
        case 'd': s += k * va_arg(ap, double); break;
        case 'p': s += k * *va_arg(ap, double *); break;
        }
    }
    va_end(ap);
    return s;
}

/* int isum(int n, ...): the sum of n ints, the brief's example. */
int isum(int n, ...) {
    va_list ap; int s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++) s += va_arg(ap, int) * (i + 1);
    va_end(ap);
    return s;
}

/* errno: set to e (0: left alone), returning r. */
int set_errno_ret(int e, int r) { if (e) errno = e; return r; }
double set_errno_d(int e, double r) { errno = e; return r; }
void set_errno_void(int e) { errno = e; }

/* Function pointers as results. */
typedef int (*binop)(int, int);
static int op_add(int a, int b) { return a + b; }
static int op_sub(int a, int b) { return a - b; }
static int op_mul(int a, int b) { return a * b; }
binop get_op(int which) { return which == 0 ? op_add : which == 1 ? op_sub : op_mul; }
int apply_op(binop f, int a, int b) { return f(a, b); }

/* A callback taking a pointer: f sees each pair by address, may change
 * it, and returns a number; the result is the weighted sum of what f
 * returned, the pairs are left as f made them. */
struct Pair { int32_t a, b; };
int64_t visit_pairs(struct Pair *ps, int n, int (*f)(struct Pair *, int)) {
    int64_t s = 0;
    for (int i = 0; i < n; i++) s += (int64_t)(i + 1) * f(&ps[i], i);
    return s;
}

/* A callback of another prototype than this one's. */
double apply_dd(double (*f)(double), double x) { return f(x); }

/* Arrays through POINTER(T). */
double wsum3(const double *p) { return p[0] + 2 * p[1] + 3 * p[2]; }
void scale_pairs(struct Pair *ps, int n, int k) { for (int i = 0; i < n; i++) { ps[i].a *= k; ps[i].b *= k; } }

/* long double through a pointer: *x = *x * k + 1/3, and its value as a double. */
void ld_scale(long double *x, int k) { *x = *x * k + 1.0L / 3; }
double ld_get(const long double *x) { return (double)*x; }

/* A struct whose field is a pointer: the sum of n values at p. */
struct Buf { const double *p; int32_t n; };
double buf_sum(const struct Buf *b) { double s = 0; for (int i = 0; i < b->n; i++) s += b->p[i]; return s; }

/* Callbacks taking and returning what Go types cannot say: a union, a
 * packed struct by value. */
float call_uif(float (*f)(union UIF), float x) { union UIF u; u.f = x; return f(u); }
int64_t call_pci(int64_t (*f)(struct PCI, int), char c, int32_t i) { return f(pci_make(c, i), 3); }
int32_t call_get_uif(union UIF (*f)(int32_t), int32_t i) { return f(i).i + 1; }
struct PCI call_get_pci(struct PCI (*f)(char, int32_t), char c, int32_t i) { return f(c, i); }
