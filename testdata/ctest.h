/* ctest.h: the declarations of testdata/ctest.c (the lecture notebook's
 * prototypes), self-contained: it needs no other header. */
#ifndef CTEST_H
#define CTEST_H

struct Complex {
    double x;
    double y;
};

struct Complex add(struct Complex a, struct Complex b);
void swap(struct Complex *a, struct Complex *b);
double sum(double f[], int n);
void titlecase(char *s);
int tokenize(char sep, char *str, char t[][20]);
void mult(double a[][100], double b[][100], double c[][100], int n, int r, int m);
int iadd(int a, int b);
int sin_as_int(double x);

#endif
