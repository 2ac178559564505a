/* ctest.c: the test library of the lecture notebook (In [15]).
 * Build: cc -shared -fPIC -o libctest.so ctest.c
 * The prototypes are the notebook's. */
#include <ctype.h>
#include <math.h>
#include <string.h>

struct Complex {
    double x;
    double y;
};

/* add returns the sum of two complex numbers, passed and returned by value. */
struct Complex add(struct Complex a, struct Complex b) {
    struct Complex r = {a.x + b.x, a.y + b.y};
    return r;
}

/* swap exchanges two complex numbers passed by pointer. */
void swap(struct Complex *a, struct Complex *b) {
    struct Complex t = *a;
    *a = *b;
    *b = t;
}

/* sum adds the n doubles of f. */
double sum(double f[], int n) {
    double s = 0;
    for (int i = 0; i < n; i++)
        s += f[i];
    return s;
}

/* titlecase upper-cases, in place, the first letter of every word. */
void titlecase(char *s) {
    int start = 1;
    for (; *s; s++) {
        if (isspace((unsigned char)*s)) {
            start = 1;
        } else {
            if (start)
                *s = (char)toupper((unsigned char)*s);
            start = 0;
        }
    }
}

/* tokenize splits str at sep into t (at most 20 tokens of at most 19
 * characters each, longer ones are cut) and returns the number of tokens. */
int tokenize(char sep, char *str, char t[][20]) {
    int n = 0;
    const char *p = str;
    while (*p && n < 20) {
        while (*p == sep)
            p++;
        if (!*p)
            break;
        int len = 0;
        while (p[len] && p[len] != sep)
            len++;
        int keep = len < 19 ? len : 19;
        memcpy(t[n], p, (size_t)keep);
        t[n][keep] = '\0';
        n++;
        p += len;
    }
    return n;
}

/* mult computes c = a * b for an n-by-r matrix a and an r-by-m matrix b. */
void mult(double a[][100], double b[][100], double c[][100], int n, int r, int m) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int k = 0; k < r; k++)
                s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
}

/* iadd is the integer call of the benchmarks. */
int iadd(int a, int b) {
    return a + b;
}

/* sin_as_int calls libm's sin through a pointer that says it returns int:
 * what ctypes does when sin's restype is left at c_int. The result is the
 * value sin happens to leave in eax (the ABI returns the double in xmm0):
 * it depends on the libm build, so tests ask C for it. */
typedef int (*int_of_double)(double);
int sin_as_int(double x) {
    int_of_double volatile f = (int_of_double)(void (*)(void))sin;
    return f(x);
}
