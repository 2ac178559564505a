// Command ctestgen is examples/ctest written with generated bindings: the
// package ctest beside it is generated from testdata/ctest.h by
// `ctypes gen` (see ctest/doc.go), and this program calls the six functions
// of the lecture notebook's In [15] through it, printing the notebook's
// results. It builds libctest.so from testdata/ctest.c with the system C
// compiler ($CC or cc) on first use and caches it.
//
//	go run ./examples/ctestgen
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/purectypes/ctypes/examples/ctestgen/ctest"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

func main() {
	path, err := cbuild.Library("ctest")
	if errors.Is(err, cbuild.ErrNoCompiler) {
		fmt.Fprintln(os.Stderr, "ctestgen: cannot build testdata/ctest.c: no C compiler found (install gcc or set $CC)")
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ctestgen:", err)
		os.Exit(1)
	}
	if err := run(os.Stdout, path); err != nil {
		fmt.Fprintln(os.Stderr, "ctestgen:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, path string) error {
	c, err := ctest.Load(path)
	if err != nil {
		return err
	}
	defer c.Close()
	py := types.PyFloat

	// 1. struct Complex add(struct Complex, struct Complex): Go structs by value.
	r := c.Add(ctest.Complex{X: 3.1, Y: 4.2}, ctest.Complex{X: 1.9, Y: 2.8})
	fmt.Fprintf(w, "1-add\n Complex(x=%s, y=%s) %s %s\n", py(r.X), py(r.Y), py(r.X), py(r.Y))

	// 2. void swap(struct Complex *, struct Complex *).
	a, b := ctest.Complex{X: 3, Y: 4}, ctest.Complex{X: 2, Y: 7}
	c.Swap(&a, &b)
	fmt.Fprintln(w, "2-swap\n", py(a.X), py(a.Y), py(b.X), py(b.Y))

	// 3. double sum(double f[], int n): a Go slice.
	fmt.Fprintln(w, "3-sum\n", py(c.Sum([]float64{1, 2, 1, 6, 4, 2, 7, 3, 1, 5}, 10)))

	// 4. void titlecase(char *): a NUL-terminated buffer C changes in place.
	name := []byte("the advantages of script languages over OTHER languages\x00")
	c.Titlecase(name)
	fmt.Fprintln(w, "4-titlecase\n", types.PyBytes(name[:len(name)-1]))

	// 5. int tokenize(char sep, char *str, char t[][20]).
	var tokens [20][20]byte
	n := c.Tokenize(' ', []byte("the advantages of script languages over OTHER languages\x00"), tokens[:])
	words := make([]string, n)
	for i := range words {
		tok, _, _ := bytes.Cut(tokens[i][:], []byte{0})
		words[i] = types.PyBytes(tok)
	}
	fmt.Fprintln(w, "5-tokenize\n", n, "["+strings.Join(words, ", ")+"]")

	// 6. void mult(double a[][100], double b[][100], double c[][100], int n, int r, int m).
	matA, matB, matC := new([100][100]float64), new([100][100]float64), new([100][100]float64)
	for i, row := range [][]float64{{1, 2, 3, 4, 5}, {11, 12, 13, 14, 15}} {
		copy(matA[i][:], row)
	}
	for i, row := range [][]float64{{1, 2}, {2, 3}, {4, 5}, {6, 7}, {8, 9}} {
		copy(matB[i][:], row)
	}
	c.Mult(matA[:], matB[:], matC[:], 2, 5, 2)
	fmt.Fprintf(w, "6-mult\n [[%s, %s], [%s, %s]]\n", py(matC[0][0]), py(matC[1][0]), py(matC[0][1]), py(matC[1][1]))
	return nil
}
