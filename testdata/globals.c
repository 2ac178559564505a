/* globals.c: C globals of several types, read and written from Go through
 * ffi.InDll, with C functions that report what C sees. */
struct Point {
    int x;
    int y;
};

int g_counter = 42;
double g_scale = 2.5;
struct Point g_point = {3, 4};
int g_table[5] = {1, 1, 2, 3, 5};
const char *g_name = "globals.c";

int bump(void) { return ++g_counter; }
double scaled(double v) { return v * g_scale; }
int point_sum(void) { return g_point.x + g_point.y; }
int table_sum(void) {
    int s = 0;
    for (int i = 0; i < 5; i++)
        s += g_table[i];
    return s;
}

/* An sqlite3_open-style output parameter of type T**: open_thing allocates
 * a handle and stores its address through out. */
#include <stdlib.h>
#include <string.h>
struct thing {
    char name[32];
    int opens;
};
int open_thing(const char *name, struct thing **out) {
    if (!name || !out)
        return 1;
    struct thing *t = calloc(1, sizeof *t);
    if (!t)
        return 2;
    strncpy(t->name, name, sizeof t->name - 1);
    t->opens = 1;
    *out = t;
    return 0;
}
const char *thing_name(const struct thing *t) { return t->name; }
void close_thing(struct thing *t) { free(t); }

/* A big-endian binary record, as a file format or network protocol stores
 * it, written by C byte by byte. */
struct record_info {
    unsigned magic;
    unsigned short version;
    unsigned flags_hi, flags_lo;
};
void write_record(unsigned char *buf) {
    unsigned magic = 0xCAFEBABEu;
    unsigned short version = 0x0102;
    buf[0] = magic >> 24; buf[1] = magic >> 16; buf[2] = magic >> 8; buf[3] = magic;
    buf[4] = version >> 8; buf[5] = version;
    buf[6] = (0x5 << 4) | 0xA; /* two 4-bit fields, the first in the high bits */
    buf[7] = 0;
}
void record_fields(struct record_info *r) {
    r->magic = 0xCAFEBABEu;
    r->version = 0x0102;
    r->flags_hi = 0x5;
    r->flags_lo = 0xA;
}
