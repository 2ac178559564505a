/* layoutdump.h: print the layout of C types, as the C compiler lays them
 * out, in the line format the Go tests of package types read
 * (types/cprog_test.go). One line per fact, fields separated by tabs:
 *
 *   type  NAME SIZEOF ALIGNOF          a type; the lines below are its fields
 *   field NAME OFFSETOF                an ordinary field
 *   bits  NAME WIDTH SIGNED VALUE READ BYTES
 *   int   NAME WIDTH SIGNED VALUE READ BYTES
 *   float NAME VALUE BYTES
 *
 * "bits" lines come three to a bitfield: C sets the field of a zeroed
 * object to all ones, to 1 and to a fixed bit pattern (VALUE, in hex,
 * already cut to WIDTH bits), and prints what reading the field gives
 * (READ, decimal) and the object's bytes (BYTES, hex). WIDTH is found by
 * counting the bits that all ones sets; SIGNED is 1 when all ones reads
 * back negative. "int" and "float" lines do the same for an ordinary
 * integer or floating-point field (one value each).
 *
 * Big-endian layouts come from GCC's scalar_storage_order attribute, which
 * lays bitfields out as a big-endian target does (checked byte for byte
 * against s390x-linux-gnu-gcc). */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define LD_PATTERN 0x9e3779b97f4a7c15ULL

static void ld_bytes(const void *p, size_t n) {
    const unsigned char *b = p;
    printf("\t");
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
    if (n == 0)
        printf("-");
    printf("\n");
}

static int ld_popcount(const void *p, size_t n) {
    const unsigned char *b = p;
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += __builtin_popcount(b[i]);
    return c;
}

static unsigned long long ld_mask(int w) { return w >= 64 ? ~0ULL : (1ULL << w) - 1; }

#define LD_TYPE(T, name) printf("type\t%s\t%zu\t%zu\n", name, sizeof(T), (size_t)_Alignof(T))
#define LD_FIELD(T, f) printf("field\t%s\t%zu\n", #f, (size_t)offsetof(T, f))

/* ld_read prints the value read from x.f, signed or not. */
#define LD_READ(x, f, neg)                                                                    \
    do {                                                                                      \
        if (neg)                                                                              \
            printf("\t%lld", (long long)(x).f);                                               \
        else                                                                                  \
            printf("\t%llu", (unsigned long long)(x).f);                                      \
    } while (0)

#define LD_BITS(T, f)                                                                         \
    do {                                                                                      \
        T ld_x;                                                                               \
        const unsigned long long ld_v[3] = {~0ULL, 1, LD_PATTERN};                            \
        memset(&ld_x, 0, sizeof ld_x);                                                        \
        ld_x.f = -1;                                                                          \
        int ld_neg = ld_x.f < 0, ld_w = ld_popcount(&ld_x, sizeof ld_x);                      \
        for (int ld_k = 0; ld_k < 3; ld_k++) {                                                \
            unsigned long long ld_val = ld_v[ld_k] & ld_mask(ld_w);                           \
            memset(&ld_x, 0, sizeof ld_x);                                                    \
            ld_x.f = ld_val;                                                                  \
            printf("bits\t%s\t%d\t%d\t%llx", #f, ld_w, ld_neg, ld_val);                      \
            LD_READ(ld_x, f, ld_neg);                                                         \
            ld_bytes(&ld_x, sizeof ld_x);                                                     \
        }                                                                                     \
    } while (0)

#define LD_INT(T, f)                                                                          \
    do {                                                                                      \
        T ld_x;                                                                               \
        memset(&ld_x, 0, sizeof ld_x);                                                        \
        ld_x.f = -1;                                                                          \
        int ld_neg = ld_x.f < 0, ld_w = (int)sizeof(ld_x.f) * 8;                              \
        unsigned long long ld_val = LD_PATTERN & ld_mask(ld_w);                               \
        memset(&ld_x, 0, sizeof ld_x);                                                        \
        ld_x.f = ld_val;                                                                      \
        printf("int\t%s\t%d\t%d\t%llx", #f, ld_w, ld_neg, ld_val);                           \
        LD_READ(ld_x, f, ld_neg);                                                             \
        ld_bytes(&ld_x, sizeof ld_x);                                                         \
    } while (0)

#define LD_FLOAT(T, f, v)                                                                     \
    do {                                                                                      \
        T ld_x;                                                                               \
        memset(&ld_x, 0, sizeof ld_x);                                                        \
        ld_x.f = (v);                                                                         \
        printf("float\t%s\t%.17g", #f, (double)(v));                                          \
        ld_bytes(&ld_x, sizeof ld_x);                                                         \
    } while (0)
