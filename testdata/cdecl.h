/* cdecl.h: the declarations of testdata/cdecl.c, read by the cdecl tests
 * with the C front end and compiled by the C compiler, which must agree on
 * every size, alignment, offset and bitfield position. */
#ifndef CDECL_TEST_H
#define CDECL_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>

#define CD_VERSION 3
#define CD_MASK 0x7fU
#define CD_NEG (-12)
#define CD_NAME "cdecl"      /* not an integer: no constant */
#define CD_EXPR (CD_VERSION + 1) /* an expression, not a literal */

enum cd_color { CD_RED, CD_GREEN = 5, CD_BLUE };
typedef enum { CD_SMALL = -1, CD_BIG = 1000 } cd_size;

struct cd_point { int x, y; };
typedef struct cd_point cd_point;

/* Nesting, arrays, an anonymous union and an anonymous struct member. */
struct cd_shape {
    char kind;
    struct cd_point corners[4];
    union {
        double radius;
        long long side;
    };
    struct {
        short r, g, b;
    } color;
    const char *name;
    struct cd_shape *next;   /* a pointer to the struct being defined */
    double matrix[2][3];
};

/* Bitfields, signed and unsigned, straddling, zero-width, unnamed. */
struct cd_flags {
    unsigned a : 3;
    unsigned b : 5;
    int c : 7;
    unsigned : 0;
    unsigned d : 12;
    unsigned : 4;
    bool e : 1;
    unsigned long long f : 40;
    char tail;
};

/* Packing: the attribute after the body, before the tag, #pragma pack. */
struct cd_packed { char c; int i; short s; } __attribute__((packed));
struct __attribute__((packed)) cd_packed2 { char c; double d; };
#pragma pack(push, 2)
struct cd_pack2 { char c; int i; long long l; };
#pragma pack(pop)
struct cd_packbits { char c; unsigned v : 12; } __attribute__((packed));

union cd_num {
    int8_t i8;
    uint16_t u16;
    int32_t i32;
    uint64_t u64;
    float f;
    double d;
    unsigned char bytes[10];
};

/* Every scalar of the data model. */
struct cd_scalars {
    bool b;
    _Bool b2;
    char c;
    signed char sc;
    unsigned char uc;
    short s;
    unsigned short us;
    int i;
    unsigned u;
    long l;
    unsigned long ul;
    long long ll;
    unsigned long long ull;
    size_t sz;
    ssize_t ssz;
    ptrdiff_t pd;
    intptr_t ip;
    uintptr_t up;
    wchar_t wc;
    float f;
    double d;
    const volatile int cvi;
    int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32; int64_t i64; uint64_t u64;
};

/* Pointers to pointers, arrays of pointers, function pointers. */
struct cd_ptrs {
    char **argv;
    int *slots[3];
    int (*cmp)(const void *, const void *);
    void (*handlers[2])(int);
    const wchar_t *wide;
    void *opaque;
};

typedef int (*cd_binop)(int, int);
typedef struct cd_opaque cd_opaque; /* never defined */

struct cd_point cd_add(struct cd_point a, struct cd_point b);
int cd_sum(const int xs[], size_t n);
double cd_trace(double m[][3], int n);
int cd_apply(cd_binop op, int a, int b);
int cd_fold(int (*op)(int, int), const int *xs, int n, int init);
int cd_sprintf(char *buf, size_t size, const char *format, ...);
long long cd_vsum(int n, ...);
unsigned long long cd_ull(unsigned long long a, unsigned long long b);
bool cd_is_even(int v);
size_t cd_wlen(const wchar_t *s);
ssize_t cd_neg(ssize_t v);
int cd_argc(char **argv);
void cd_fill_ptrs(int **out, int n);
int cd_flags_get(const struct cd_flags *f, char which);
void cd_flags_set(struct cd_flags *f, char which, long long v);
int cd_packed_sum(struct cd_packed p);
double cd_shape_area(const struct cd_shape *s);
union cd_num cd_num_of(double d);
cd_opaque *cd_open(int v);
int cd_value(const cd_opaque *o);
void cd_close(cd_opaque *o);
enum cd_color cd_next(enum cd_color c);
const char *cd_name(void);
int *cd_counter(void);

#endif
