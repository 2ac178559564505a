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
