/* cdecl.c: the test library of package cdecl; its declarations are
 * testdata/cdecl.h. Build: cc -shared -fPIC -o libcdecl.so cdecl.c */
#include "cdecl.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

struct cd_point cd_add(struct cd_point a, struct cd_point b) {
    struct cd_point r = {a.x + b.x, a.y + b.y};
    return r;
}

int cd_sum(const int xs[], size_t n) {
    int s = 0;
    for (size_t i = 0; i < n; i++)
        s += xs[i];
    return s;
}

double cd_trace(double m[][3], int n) {
    double t = 0;
    for (int i = 0; i < n && i < 3; i++)
        t += m[i][i];
    return t;
}

int cd_apply(cd_binop op, int a, int b) { return op(a, b); }

int cd_fold(int (*op)(int, int), const int *xs, int n, int init) {
    for (int i = 0; i < n; i++)
        init = op(init, xs[i]);
    return init;
}

int cd_sprintf(char *buf, size_t size, const char *format, ...) {
    va_list ap;
    va_start(ap, format);
    int n = vsnprintf(buf, size, format, ap);
    va_end(ap);
    return n;
}

long long cd_vsum(int n, ...) {
    va_list ap;
    long long s = 0;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        s += va_arg(ap, long long);
    va_end(ap);
    return s;
}

unsigned long long cd_ull(unsigned long long a, unsigned long long b) { return a * b + 1; }
bool cd_is_even(int v) { return v % 2 == 0; }

size_t cd_wlen(const wchar_t *s) {
    size_t n = 0;
    while (s[n])
        n++;
    return n;
}

ssize_t cd_neg(ssize_t v) { return -v; }

int cd_argc(char **argv) {
    int n = 0;
    while (argv[n])
        n++;
    return n;
}

static int cd_cells[8];
void cd_fill_ptrs(int **out, int n) {
    for (int i = 0; i < n && i < 8; i++) {
        cd_cells[i] = i * 10;
        out[i] = &cd_cells[i];
    }
}

int cd_flags_get(const struct cd_flags *f, char which) {
    switch (which) {
    case 'a': return f->a;
    case 'b': return f->b;
    case 'c': return f->c;
    case 'd': return f->d;
    case 'e': return f->e;
    case 'f': return (int)(f->f % 1000003);
    }
    return -1;
}

void cd_flags_set(struct cd_flags *f, char which, long long v) {
    switch (which) {
    case 'a': f->a = v; break;
    case 'b': f->b = v; break;
    case 'c': f->c = v; break;
    case 'd': f->d = v; break;
    case 'e': f->e = v; break;
    case 'f': f->f = v; break;
    }
}

int cd_packed_sum(struct cd_packed p) { return p.c + p.i + p.s; }

double cd_shape_area(const struct cd_shape *s) {
    int w = s->corners[1].x - s->corners[0].x;
    int h = s->corners[2].y - s->corners[1].y;
    return s->kind == 'c' ? 3.0 * s->radius * s->radius : (double)(w * h) + s->side * 0;
}

union cd_num cd_num_of(double d) {
    union cd_num n;
    n.d = d;
    return n;
}

struct cd_opaque { int v; };
cd_opaque *cd_open(int v) {
    cd_opaque *o = malloc(sizeof *o);
    o->v = v;
    return o;
}
int cd_value(const cd_opaque *o) { return o->v; }
void cd_close(cd_opaque *o) { free(o); }

enum cd_color cd_next(enum cd_color c) { return c == CD_RED ? CD_GREEN : c == CD_GREEN ? CD_BLUE : CD_RED; }
const char *cd_name(void) { return CD_NAME; }
static int cd_count;
int *cd_counter(void) { cd_count++; return &cd_count; }
