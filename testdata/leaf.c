// Test library of leaf calls (internal/callconv/leaf_test.go): small
// functions a leaf call makes, and the misuse a leaf call must turn into a
// fatal error (a callback, faults).
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

int leaf_add(int a, int b) { return a + b; }

double leaf_sin(double x) { return sin(x); }

// No result: its answer through the pointer.
void leaf_triple(int *out, int v) { *out = 3 * v + 1; }

// Over 16 bytes: returned in memory through the hidden pointer.
typedef struct { double x, y, z; } leaf_vec3;

leaf_vec3 leaf_vec3_scale(double x, double y, double z, double k) {
	leaf_vec3 v = {x * k, y * k * 2, z * k * 3};
	return v;
}

// Returned in rax and xmm0; passed in two registers (SysV). long long, not
// long: 8 bytes on every platform (Win64's long is 4).
typedef struct { long long a; double b; } leaf_pair;

leaf_pair leaf_pair_mix(leaf_pair p, int k) {
	leaf_pair r = {p.a * k, p.b / k};
	return r;
}

// Twenty arguments: ten integers (four on the stack) and ten doubles (two
// on the stack), interleaved; each weighted by its position so that a
// swap shows.
double leaf_mix20(long a0, double b0, long a1, double b1, long a2, double b2, long a3, double b3,
                  long a4, double b4, long a5, double b5, long a6, double b6, long a7, double b7,
                  long a8, double b8, long a9, double b9) {
	long a[10] = {a0, a1, a2, a3, a4, a5, a6, a7, a8, a9};
	double b[10] = {b0, b1, b2, b3, b4, b5, b6, b7, b8, b9};
	double s = 0;
	for (int i = 0; i < 10; i++)
		s += (double)a[i] * (i + 1) + b[i] * (i + 11);
	return s;
}

// Twenty arguments, as leaf_mix20's, summed: about 30 instructions of C,
// so that a benchmark of it (benchmarks/leaf_test.go) measures the call.
double leaf_sum20(long a0, double b0, long a1, double b1, long a2, double b2, long a3, double b3,
                  long a4, double b4, long a5, double b5, long a6, double b6, long a7, double b7,
                  long a8, double b8, long a9, double b9) {
	return (double)(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9) +
	       b0 + b1 + b2 + b3 + b4 + b5 + b6 + b7 + b8 + b9;
}

// A struct of the MEMORY class passed by value (on the stack).
leaf_vec3 leaf_vec3_cross(leaf_vec3 u, leaf_vec3 v) {
	leaf_vec3 r = {u.y * v.z - u.z * v.y, u.z * v.x - u.x * v.z, u.x * v.y - u.y * v.x};
	return r;
}

// Variadic: %al says how many vector registers hold arguments.
double leaf_vsum(int n, ...) {
	va_list ap;
	va_start(ap, n);
	double s = 0;
	for (int i = 0; i < n; i++)
		s += va_arg(ap, double) * (i + 1);
	va_end(ap);
	return s;
}

// errno, set and read by the caller on the same thread.
int leaf_set_errno(int v) {
	errno = v;
	return -1;
}

int *leaf_errno_location(void) { return &errno; }

// Uses about kb KiB of stack, every page touched, and returns a sum of it.
long leaf_stack(int kb) {
	volatile unsigned char buf[1024];
	for (int i = 0; i < 1024; i += 64)
		buf[i] = (unsigned char)(kb + i);
	long s = buf[0] + buf[512];
	if (kb > 1)
		s += leaf_stack(kb - 1);
	return s;
}

// Calls f: a callback, which a leaf call must never reach.
int leaf_apply(int (*f)(int), int x) { return f(x) + 1; }

struct leaf_thread_arg {
	int (*f)(int);
	int x, r;
};

static void *leaf_thread_main(void *p) {
	struct leaf_thread_arg *a = p;
	a->r = a->f(a->x);
	return NULL;
}

// Calls f on a thread of its own (no Go g there): for the ordinary call.
int leaf_apply_thread(int (*f)(int), int x) {
	pthread_t t;
	struct leaf_thread_arg a = {f, x, 0};
	if (pthread_create(&t, NULL, leaf_thread_main, &a) != 0)
		return -1;
	pthread_join(t, NULL);
	return a.r + 1;
}

// Faults. leaf_deref reads *p at once, with nothing pushed: the word at
// its SP is the trampoline's return address.
int leaf_deref(volatile int *p) { return *p; }

// leaf_deref_deep faults depth calls deep, under C frames.
int leaf_deref_deep(volatile int *p, int depth) {
	volatile char buf[256];
	buf[0] = (char)depth;
	if (depth > 0)
		return leaf_deref_deep(p, depth - 1) + buf[0];
	return *p + buf[0];
}

// leaf_deref_pc faults with the word pc at its SP: a stale Go PC there
// made Go's handler unwind from that PC.
int leaf_deref_pc(volatile int *p, long long pc) {
#if defined(__x86_64__)
	int r;
	__asm__ volatile("pushq %2\n\tmovl (%1), %0\n\tpopq %2" : "=r"(r) : "r"(p), "r"(pc) : "memory");
	return r;
#elif defined(__aarch64__)
	// The Go PC at SP and in the link register (where an arm64 unwinder
	// looks first).
	int r;
	__asm__ volatile("mov x16, x30\n\tmov x30, %2\n\tstp %2, %2, [sp, #-16]!\n\tldr %w0, [%1]\n\t"
	                 "add sp, sp, #16\n\tmov x30, x16"
	                 : "=&r"(r) : "r"(p), "r"(pc) : "x16", "x30", "memory");
	return r;
#else
	(void)pc;
	return *p;
#endif
}

int leaf_div(int a, int b) { return a / b; }

void leaf_trap(void) { __builtin_trap(); }

// An undefined instruction: SIGILL (on x86-64 __builtin_trap is one too;
// on arm64 that is BRK, SIGTRAP).
void leaf_trap_udf(void) {
#if defined(__aarch64__)
	__asm__ volatile(".inst 0x00000000");
#else
	__builtin_trap();
#endif
}

// Over 16 bytes and not of floats: on arm64 passed by reference to a copy
// and returned through x8; on x86-64 in memory both ways.
typedef struct { long a, b, c; } leaf_big;

leaf_big leaf_big_mix(leaf_big u, leaf_big v, int k) {
	leaf_big r = {u.a * k + v.c, u.b - v.b * k, u.c ^ v.a};
	u.a = v.a = 0; // the callee owns its copies
	return r;
}

// Eight integers fill the argument registers: the copy's address goes on
// the stack (arm64), or the struct itself (x86-64).
long leaf_big_late(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long a7, leaf_big x) {
	long s = a0 + 2 * a1 + 3 * a2 + 4 * a3 + 5 * a4 + 6 * a5 + 7 * a6 + 8 * a7;
	return s * 1000 + x.a * 100 + x.b * 10 + x.c;
}

/* No arguments: a counter, so that a test can tell that each call ran C,
 * and a double. */
static long leaf_ticks;
long leaf_tick(void) { return ++leaf_ticks; }
double leaf_pi(void) { return 4.0 * atan(1.0); }
