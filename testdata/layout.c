/* layout.c: C's own sizeof, _Alignof, offsetof and bitfield positions of
 * the structs and unions the Go tests describe, looked up by name:
 *   size_t lay_sizeof(const char *type), lay_alignof(const char *type)
 *   int    lay_nfields(const char *type), const char *lay_field(type, i)
 *   long   lay_offsetof(const char *type, const char *field)   (-1: unknown or bitfield)
 *   int    lay_bitfield(type, field, int *bit_offset, int *bit_size)
 * Bitfield positions are found at run time: C sets the field to all ones
 * in a zeroed struct and the set bits are counted. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>

struct Pad { char a; int b; char c; double d; short e; };
struct Nested { char tag; struct Pad inner; float f; };
struct WithArray { char name[7]; int v[3]; double m[2][3]; char last; };
union Num { char c; int i; double d; long long ll; char bytes[12]; };
struct HasUnion { short kind; union Num u; char after; };
#pragma pack(push, 1)
struct Packed1 { char a; int b; short c; double d; };
#pragma pack(pop)
#pragma pack(push, 2)
struct Packed2 { char a; int b; char c; long long d; };
#pragma pack(pop)
struct Bits { unsigned a : 3; unsigned b : 5; unsigned c : 10; int d : 4; unsigned e : 12; };
struct BitsMixed { char x; unsigned short s1 : 4; unsigned short s2 : 9; int i : 7; long long big : 40; char y; };
struct BitsZero { unsigned a : 3; unsigned : 0; unsigned b : 5; char c; };
struct Pointers { char *s; void *p; int (*fn)(int); struct Pointers *next; };
struct Complex { double x; double y; };
struct Tail { long long a; char b; };
struct Empty2 { char a, b; };
union Mixed { float f; int i; struct { short lo, hi; } parts; };

struct field {
    const char *name;
    long offset; /* -1 for bitfields */
    void (*set_ones)(void *); /* bitfields: sets the field to all ones */
    size_t size;
};

struct type {
    const char *name;
    size_t size, align;
    int nfields;
    const struct field *fields;
};

#define F(T, f) {#f, (long)offsetof(T, f), 0, sizeof(((T *)0)->f)}
#define B(T, f) {#f, -1, set_##T##_##f, 0}
#define SETTER(T, f) static void set_##T##_##f(void *p) { ((T *)p)->f = -1; }

typedef struct Bits Bits;
typedef struct BitsMixed BitsMixed;
typedef struct BitsZero BitsZero;
SETTER(Bits, a) SETTER(Bits, b) SETTER(Bits, c) SETTER(Bits, d) SETTER(Bits, e)
SETTER(BitsMixed, s1) SETTER(BitsMixed, s2) SETTER(BitsMixed, i) SETTER(BitsMixed, big)
SETTER(BitsZero, a) SETTER(BitsZero, b)

static const struct field pad_f[] = {F(struct Pad, a), F(struct Pad, b), F(struct Pad, c), F(struct Pad, d), F(struct Pad, e)};
static const struct field nested_f[] = {F(struct Nested, tag), F(struct Nested, inner), F(struct Nested, f)};
static const struct field witharray_f[] = {F(struct WithArray, name), F(struct WithArray, v), F(struct WithArray, m), F(struct WithArray, last)};
static const struct field num_f[] = {F(union Num, c), F(union Num, i), F(union Num, d), F(union Num, ll), F(union Num, bytes)};
static const struct field hasunion_f[] = {F(struct HasUnion, kind), F(struct HasUnion, u), F(struct HasUnion, after)};
static const struct field packed1_f[] = {F(struct Packed1, a), F(struct Packed1, b), F(struct Packed1, c), F(struct Packed1, d)};
static const struct field packed2_f[] = {F(struct Packed2, a), F(struct Packed2, b), F(struct Packed2, c), F(struct Packed2, d)};
static const struct field bits_f[] = {B(Bits, a), B(Bits, b), B(Bits, c), B(Bits, d), B(Bits, e)};
static const struct field bitsmixed_f[] = {F(BitsMixed, x), B(BitsMixed, s1), B(BitsMixed, s2), B(BitsMixed, i), B(BitsMixed, big), F(BitsMixed, y)};
static const struct field bitszero_f[] = {B(BitsZero, a), B(BitsZero, b), F(BitsZero, c)};
static const struct field pointers_f[] = {F(struct Pointers, s), F(struct Pointers, p), F(struct Pointers, fn), F(struct Pointers, next)};
static const struct field complex_f[] = {F(struct Complex, x), F(struct Complex, y)};
static const struct field tail_f[] = {F(struct Tail, a), F(struct Tail, b)};
static const struct field empty2_f[] = {F(struct Empty2, a), F(struct Empty2, b)};
static const struct field mixed_f[] = {F(union Mixed, f), F(union Mixed, i), F(union Mixed, parts)};

#define N(a) (int)(sizeof(a) / sizeof((a)[0]))
#define T(name, ctype, fields) {name, sizeof(ctype), _Alignof(ctype), N(fields), fields}
#define S(name, ctype) {name, sizeof(ctype), _Alignof(ctype), 0, 0}

static const struct type types[] = {
    T("Pad", struct Pad, pad_f),
    T("Nested", struct Nested, nested_f),
    T("WithArray", struct WithArray, witharray_f),
    T("Num", union Num, num_f),
    T("HasUnion", struct HasUnion, hasunion_f),
    T("Packed1", struct Packed1, packed1_f),
    T("Packed2", struct Packed2, packed2_f),
    T("Bits", struct Bits, bits_f),
    T("BitsMixed", struct BitsMixed, bitsmixed_f),
    T("BitsZero", struct BitsZero, bitszero_f),
    T("Pointers", struct Pointers, pointers_f),
    T("Complex", struct Complex, complex_f),
    T("Tail", struct Tail, tail_f),
    T("Empty2", struct Empty2, empty2_f),
    T("Mixed", union Mixed, mixed_f),
    S("bool", _Bool), S("char", char), S("wchar_t", wchar_t), S("signed char", signed char),
    S("unsigned char", unsigned char), S("short", short), S("unsigned short", unsigned short),
    S("int", int), S("unsigned int", unsigned int), S("long", long), S("unsigned long", unsigned long),
    S("long long", long long), S("unsigned long long", unsigned long long),
    S("int8_t", int8_t), S("uint8_t", uint8_t), S("int16_t", int16_t), S("uint16_t", uint16_t),
    S("int32_t", int32_t), S("uint32_t", uint32_t), S("int64_t", int64_t), S("uint64_t", uint64_t),
    S("size_t", size_t), S("ssize_t", ssize_t), S("float", float), S("double", double),
    S("char*", char *), S("wchar_t*", wchar_t *), S("void*", void *),
};

static const struct type *find(const char *name) {
    for (int i = 0; i < N(types); i++)
        if (strcmp(types[i].name, name) == 0)
            return &types[i];
    return 0;
}

static const struct field *field(const char *type, const char *name) {
    const struct type *t = find(type);
    if (!t)
        return 0;
    for (int i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].name, name) == 0)
            return &t->fields[i];
    return 0;
}

size_t lay_sizeof(const char *type) {
    const struct type *t = find(type);
    return t ? t->size : 0;
}

size_t lay_alignof(const char *type) {
    const struct type *t = find(type);
    return t ? t->align : 0;
}

int lay_nfields(const char *type) {
    const struct type *t = find(type);
    return t ? t->nfields : -1;
}

const char *lay_field(const char *type, int i) {
    const struct type *t = find(type);
    return t && i >= 0 && i < t->nfields ? t->fields[i].name : 0;
}

long lay_offsetof(const char *type, const char *name) {
    const struct field *f = field(type, name);
    return f ? f->offset : -1;
}

int lay_bitfield(const char *type, const char *name, int *bit_offset, int *bit_size) {
    const struct field *f = field(type, name);
    if (!f || !f->set_ones)
        return 0;
    unsigned char buf[64];
    memset(buf, 0, sizeof buf);
    f->set_ones(buf);
    int first = -1, n = 0;
    for (int i = 0; i < (int)sizeof buf * 8; i++)
        if (buf[i / 8] >> (i % 8) & 1) {
            if (first < 0)
                first = i;
            n++;
        }
    *bit_offset = first;
    *bit_size = n;
    return 1;
}
