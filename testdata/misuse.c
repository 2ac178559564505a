/* misuse.c: functions that count their calls, so that a test can tell
 * whether C ran when a call was refused. */
#include <stdint.h>
#include <unistd.h>

static volatile int calls;

int touch(int x) { calls++; return x; }
unsigned char touch_u8(unsigned char x) { calls++; return x; }
double touch_d(double x) { calls++; return x; }
int touch_str(const char *s) { calls++; return s ? (int)s[0] : -1; }
int touch_ptr(int *p) { calls++; return p ? *p : -1; }
double touch_dptr(double *p) { calls++; return p ? *p : -1; }
void touch_void(void) { calls++; }
struct P { double x; int y; };
int touch_struct(struct P p) { calls++; return p.y; }
int touch_sptr(struct P *p) { calls++; return p ? p->y : -1; }
int touch_fn(int (*f)(int), int x) { calls++; return f ? f(x) : -1; }
int touch_var(int n, ...) { calls++; return n; }
int big_result(void) { calls++; return 1000; }
int get_calls(void) { return calls; }
void reset_calls(void) { calls = 0; }

/* wait_ms sleeps, for a call still running when the library is closed;
 * waiting counts the calls inside it. */
static volatile int waiting;
int wait_ms(int ms) {
    __atomic_add_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
    usleep(ms * 1000);
    calls++;
    __atomic_sub_fetch(&waiting, 1, __ATOMIC_SEQ_CST);
    return ms;
}
int get_waiting(void) { return __atomic_load_n(&waiting, __ATOMIC_SEQ_CST); }

/* dgemm_like has cblas_dgemm's signature and does nothing: the cost of a
 * 14-argument call. */
void dgemm_like(int o, int ta, int tb, int m, int n, int k, double alpha, const double *a, int lda,
                const double *b, int ldb, double beta, double *c, int ldc) {
    (void)o; (void)ta; (void)tb; (void)m; (void)n; (void)k; (void)alpha; (void)a; (void)lda;
    (void)b; (void)ldb; (void)beta; (void)c; (void)ldc;
}
