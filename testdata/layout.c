/* layout.c: C's own sizeof, _Alignof, offsetof and bitfield placement of
 * the structs and unions the Go tests of package types describe
 * (types/layout_test.go), and of the fundamental types. A program: it
 * prints every fact in the format of layoutdump.h; the tests compile it for
 * the platform they run on (gcc -m32 for GOARCH=386) and run it. */
#include <stdint.h>
#include <sys/types.h>
#include <wchar.h>

#include "layoutdump.h"

struct Pad { char a; int b; char c; double d; short e; };
struct Nested { char tag; struct Pad inner; float f; };
struct WithArray { char name[7]; int v[3]; double m[2][3]; char last; };
union Num { char c; int i; double d; long long ll; char bytes[12]; };
struct HasUnion { short kind; union Num u; char after; };
#pragma pack(push, 1)
struct Packed1 { char a; int b; short c; double d; };
#pragma pack(pop)
/* Over-aligned members and types (_Alignas, the aligned attribute). */
struct AlignMid { char a; _Alignas(16) int b; char c; };
struct AlignFirst { _Alignas(64) unsigned char b[24]; };
struct AlignType { int x; char y; } __attribute__((aligned(32)));
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

/* Issue 10, failure 2: packed bitfields that straddle their storage unit. */
/* NO_WIDE_PACKED_BITFIELDS hides the bitfields that span more than 8 bytes
 * from C front ends that cannot lay them out (modernc.org/cc/v4's ABI
 * layout refuses them: the cdecl tests read this file with it defined). */
#pragma pack(push, 1)
struct PackedStraddle { unsigned char a : 7; unsigned char b : 4; unsigned char c; };
#ifndef NO_WIDE_PACKED_BITFIELDS
struct PackedWide { unsigned char a : 3; unsigned short b : 15; unsigned int c : 31; signed char d : 6; long long e : 63; };
#endif
#pragma pack(pop)
#pragma pack(push, 2)
#ifndef NO_WIDE_PACKED_BITFIELDS
struct Packed2Bits { char q; unsigned short b : 4; unsigned int c : 20; signed char e : 5; long long g : 33; };
#endif
#pragma pack(pop)
/* A long long bitfield may cross a 4-byte boundary on i386, not an 8-byte one. */
struct LongBits { unsigned a : 30; long long x : 40; unsigned char y : 7; };
#pragma pack(push, 1)
struct ZeroPacked { char c; unsigned short b : 3; int : 0; signed char c2 : 2; };
#pragma pack(pop)

union ZeroUnion { short : 0; char c; int : 5; };

/* Big-endian layouts: GCC's scalar_storage_order (GCC 6 and later; clang
 * has no such attribute, and the tests skip these types there). */
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 6 && !defined(NO_WIDE_PACKED_BITFIELDS)
#define HAVE_SSO 1
#define BE __attribute__((scalar_storage_order("big-endian")))
#pragma pack(push, 1)
struct BE PackedStraddleBE { unsigned char a : 7; unsigned char b : 4; unsigned char c; };
struct BE PackedWideBE { unsigned char a : 3; unsigned short b : 15; unsigned int c : 31; signed char d : 6; long long e : 63; };
#pragma pack(pop)
#pragma pack(push, 2)
struct BE Packed2BitsBE { char q; unsigned short b : 4; unsigned int c : 20; signed char e : 5; long long g : 33; };
#pragma pack(pop)
struct BE BitsMixedBE { char x; unsigned short s1 : 4; unsigned short s2 : 9; int i : 7; long long big : 40; char y; };
struct BE LongBitsBE { unsigned a : 30; long long x : 40; unsigned char y : 7; };
#endif

typedef union Num Num;
typedef union Mixed Mixed;

int main(void) {
    LD_TYPE(struct Pad, "Pad");
    LD_FIELD(struct Pad, a); LD_FIELD(struct Pad, b); LD_FIELD(struct Pad, c); LD_FIELD(struct Pad, d); LD_FIELD(struct Pad, e);
    LD_TYPE(struct Nested, "Nested");
    LD_FIELD(struct Nested, tag); LD_FIELD(struct Nested, inner); LD_FIELD(struct Nested, f);
    LD_TYPE(struct WithArray, "WithArray");
    LD_FIELD(struct WithArray, name); LD_FIELD(struct WithArray, v); LD_FIELD(struct WithArray, m); LD_FIELD(struct WithArray, last);
    LD_TYPE(Num, "Num");
    LD_FIELD(Num, c); LD_FIELD(Num, i); LD_FIELD(Num, d); LD_FIELD(Num, ll); LD_FIELD(Num, bytes);
    LD_TYPE(struct HasUnion, "HasUnion");
    LD_FIELD(struct HasUnion, kind); LD_FIELD(struct HasUnion, u); LD_FIELD(struct HasUnion, after);
    LD_TYPE(struct AlignMid, "AlignMid");
    LD_FIELD(struct AlignMid, a); LD_FIELD(struct AlignMid, b); LD_FIELD(struct AlignMid, c);
    LD_TYPE(struct AlignFirst, "AlignFirst");
    LD_FIELD(struct AlignFirst, b);
    LD_TYPE(struct AlignType, "AlignType");
    LD_FIELD(struct AlignType, x); LD_FIELD(struct AlignType, y);
    LD_TYPE(struct Packed1, "Packed1");
    LD_FIELD(struct Packed1, a); LD_FIELD(struct Packed1, b); LD_FIELD(struct Packed1, c); LD_FIELD(struct Packed1, d);
    LD_TYPE(struct Packed2, "Packed2");
    LD_FIELD(struct Packed2, a); LD_FIELD(struct Packed2, b); LD_FIELD(struct Packed2, c); LD_FIELD(struct Packed2, d);
    LD_TYPE(struct Bits, "Bits");
    LD_BITS(struct Bits, a); LD_BITS(struct Bits, b); LD_BITS(struct Bits, c); LD_BITS(struct Bits, d); LD_BITS(struct Bits, e);
    LD_TYPE(struct BitsMixed, "BitsMixed");
    LD_FIELD(struct BitsMixed, x); LD_BITS(struct BitsMixed, s1); LD_BITS(struct BitsMixed, s2); LD_BITS(struct BitsMixed, i);
    LD_BITS(struct BitsMixed, big); LD_FIELD(struct BitsMixed, y);
    LD_TYPE(struct BitsZero, "BitsZero");
    LD_BITS(struct BitsZero, a); LD_BITS(struct BitsZero, b); LD_FIELD(struct BitsZero, c);
    LD_TYPE(struct Pointers, "Pointers");
    LD_FIELD(struct Pointers, s); LD_FIELD(struct Pointers, p); LD_FIELD(struct Pointers, fn); LD_FIELD(struct Pointers, next);
    LD_TYPE(struct Complex, "Complex");
    LD_FIELD(struct Complex, x); LD_FIELD(struct Complex, y);
    LD_TYPE(struct Tail, "Tail");
    LD_FIELD(struct Tail, a); LD_FIELD(struct Tail, b);
    LD_TYPE(struct Empty2, "Empty2");
    LD_FIELD(struct Empty2, a); LD_FIELD(struct Empty2, b);
    LD_TYPE(Mixed, "Mixed");
    LD_FIELD(Mixed, f); LD_FIELD(Mixed, i); LD_FIELD(Mixed, parts);

    LD_TYPE(struct PackedStraddle, "PackedStraddle");
    LD_BITS(struct PackedStraddle, a); LD_BITS(struct PackedStraddle, b); LD_INT(struct PackedStraddle, c);
    LD_TYPE(struct PackedWide, "PackedWide");
    LD_BITS(struct PackedWide, a); LD_BITS(struct PackedWide, b); LD_BITS(struct PackedWide, c); LD_BITS(struct PackedWide, d);
    LD_BITS(struct PackedWide, e);
    LD_TYPE(struct Packed2Bits, "Packed2Bits");
    LD_FIELD(struct Packed2Bits, q); LD_BITS(struct Packed2Bits, b); LD_BITS(struct Packed2Bits, c); LD_BITS(struct Packed2Bits, e);
    LD_BITS(struct Packed2Bits, g);
    LD_TYPE(struct LongBits, "LongBits");
    LD_BITS(struct LongBits, a); LD_BITS(struct LongBits, x); LD_BITS(struct LongBits, y);
    LD_TYPE(struct ZeroPacked, "ZeroPacked");
    LD_FIELD(struct ZeroPacked, c); LD_BITS(struct ZeroPacked, b); LD_BITS(struct ZeroPacked, c2);

    LD_TYPE(union ZeroUnion, "ZeroUnion");
    LD_INT(union ZeroUnion, c);

#ifdef HAVE_SSO
    LD_TYPE(struct PackedStraddleBE, "PackedStraddleBE");
    LD_BITS(struct PackedStraddleBE, a); LD_BITS(struct PackedStraddleBE, b); LD_INT(struct PackedStraddleBE, c);
    LD_TYPE(struct PackedWideBE, "PackedWideBE");
    LD_BITS(struct PackedWideBE, a); LD_BITS(struct PackedWideBE, b); LD_BITS(struct PackedWideBE, c); LD_BITS(struct PackedWideBE, d);
    LD_BITS(struct PackedWideBE, e);
    LD_TYPE(struct Packed2BitsBE, "Packed2BitsBE");
    LD_INT(struct Packed2BitsBE, q); LD_BITS(struct Packed2BitsBE, b); LD_BITS(struct Packed2BitsBE, c); LD_BITS(struct Packed2BitsBE, e);
    LD_BITS(struct Packed2BitsBE, g);
    LD_TYPE(struct BitsMixedBE, "BitsMixedBE");
    LD_INT(struct BitsMixedBE, x); LD_BITS(struct BitsMixedBE, s1); LD_BITS(struct BitsMixedBE, s2); LD_BITS(struct BitsMixedBE, i);
    LD_BITS(struct BitsMixedBE, big); LD_INT(struct BitsMixedBE, y);
    LD_TYPE(struct LongBitsBE, "LongBitsBE");
    LD_BITS(struct LongBitsBE, a); LD_BITS(struct LongBitsBE, x); LD_BITS(struct LongBitsBE, y);
#endif

    /* The fundamental types (no fields). */
    LD_TYPE(_Bool, "bool"); LD_TYPE(char, "char"); LD_TYPE(wchar_t, "wchar_t"); LD_TYPE(signed char, "signed char");
    LD_TYPE(unsigned char, "unsigned char"); LD_TYPE(short, "short"); LD_TYPE(unsigned short, "unsigned short");
    LD_TYPE(int, "int"); LD_TYPE(unsigned int, "unsigned int"); LD_TYPE(long, "long"); LD_TYPE(unsigned long, "unsigned long");
    LD_TYPE(long long, "long long"); LD_TYPE(unsigned long long, "unsigned long long");
    LD_TYPE(int8_t, "int8_t"); LD_TYPE(uint8_t, "uint8_t"); LD_TYPE(int16_t, "int16_t"); LD_TYPE(uint16_t, "uint16_t");
    LD_TYPE(int32_t, "int32_t"); LD_TYPE(uint32_t, "uint32_t"); LD_TYPE(int64_t, "int64_t"); LD_TYPE(uint64_t, "uint64_t");
    LD_TYPE(size_t, "size_t"); LD_TYPE(ssize_t, "ssize_t"); LD_TYPE(float, "float"); LD_TYPE(double, "double");
    LD_TYPE(char *, "char*"); LD_TYPE(wchar_t *, "wchar_t*"); LD_TYPE(void *, "void*");
    return 0;
}
