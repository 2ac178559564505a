// Command ctest reproduces the lecture notebook's In [15]: the six functions
// of testdata/ctest.c (add, swap, sum, titlecase, tokenize, mult) called the
// way the notebook calls them with ctypes, printing the notebook's results.
// It builds libctest.so from testdata/ctest.c with the system C compiler
// ($CC or cc) on first use and caches it.
//
//	go run ./examples/ctest
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

func main() {
	path, err := cbuild.Library("ctest")
	if errors.Is(err, cbuild.ErrNoCompiler) {
		fmt.Fprintln(os.Stderr, "ctest: cannot build testdata/ctest.c: no C compiler found (install gcc or set $CC)")
		os.Exit(1)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ctest:", err)
		os.Exit(1)
	}
	if err := run(os.Stdout, path); err != nil {
		fmt.Fprintln(os.Stderr, "ctest:", err)
		os.Exit(1)
	}
}

// Complex is the notebook's
//
//	class Complex(Structure):
//	    _fields_ = [("x", c_double), ("y", c_double)]
var Complex = types.MustStructOf("Complex", []types.Field{
	types.F("x", types.Double),
	types.F("y", types.Double),
})

// pyFloat formats a double of a type the program defined (so reading it
// cannot fail) as Python prints a float.
func pyFloat(v *types.Value) string { return types.PyFloat(types.MustGet[float64](v)) }

func run(w io.Writer, path string) error {
	// lib = CDLL('./libctest.so')
	lib, err := ffi.CDLL(path)
	if err != nil {
		return err
	}
	defer lib.Close()
	var c struct{ Add, Swap, Sum, Titlecase, Tokenize, Mult *ffi.Func }
	if err := lib.Bind(&c); err != nil {
		return err
	}
	// 1. struct Complex add(struct Complex, struct Complex): by value.
	c.Add.Restype = Complex
	res, err := c.Add.Call(Complex.MustNew(3.1, 4.2), Complex.MustNew(1.9, 2.8))
	if err != nil {
		return err
	}
	r := res.(*types.Value)
	fmt.Fprintln(w, "1-add\n", r, pyFloat(r.Field("x")), pyFloat(r.Field("y")))

	// 2. void swap(struct Complex *, struct Complex *): byref.
	a, b := Complex.MustNew(3, 4), Complex.MustNew(2, 7)
	if _, err := c.Swap.Call(types.Byref(a), types.Byref(b)); err != nil {
		return err
	}
	fmt.Fprintln(w, "2-swap\n", pyFloat(a.Field("x")), pyFloat(a.Field("y")), pyFloat(b.Field("x")), pyFloat(b.Field("y")))

	// 3. double sum(double f[], int n): an array passed as POINTER(c_double).
	c.Sum.Restype = types.Double
	c.Sum.Argtypes = []*types.Type{types.PointerTo(types.Double), types.Int}
	myarr := types.MustArrayOf(types.Double, 10).MustNew([]float64{1, 2, 1, 6, 4, 2, 7, 3, 1, 5})
	s, err := ffi.CallAs[float64](c.Sum, myarr, 10)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "3-sum\n", types.PyFloat(s))

	// 4. void titlecase(char *): changes the string in place, so it gets a
	// mutable buffer (the notebook's c_char_p over a bytes object relies on
	// CPython not noticing the change to an immutable object).
	c.Titlecase.Argtypes = []*types.Type{types.CharP}
	name, err := types.CreateStringBuffer("the advantages of script languages over OTHER languages")
	if err != nil {
		return err
	}
	if _, err := c.Titlecase.Call(name); err != nil {
		return err
	}
	text, err := name.Str()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "4-titlecase\n", types.PyBytes([]byte(text)))

	// 5. int tokenize(char sep, char *str, char t[][20]).
	tokenstype := types.MustArrayOf(types.MustArrayOf(types.Char, 20), 20)
	c.Tokenize.Restype = types.Int
	c.Tokenize.Argtypes = []*types.Type{types.Char, types.CharP, tokenstype}
	tokens := types.New(tokenstype)
	n, err := ffi.CallAs[int](c.Tokenize, " ", "the advantages of script languages over OTHER languages", tokens)
	if err != nil {
		return err
	}
	words := make([]string, n)
	for i := range words {
		tok, err := tokens.Index(i).Str()
		if err != nil {
			return err
		}
		words[i] = types.PyBytes([]byte(tok))
	}
	fmt.Fprintln(w, "5-tokenize\n", n, "["+strings.Join(words, ", ")+"]")

	// 6. void mult(double a[][100], double b[][100], double c[][100], int n, int r, int m).
	arrtype := types.MustArrayOf(types.MustArrayOf(types.Double, 100), 100)
	matA, matB, matC := types.New(arrtype), types.New(arrtype), types.New(arrtype)
	for i, row := range [][]float64{{1, 2, 3, 4, 5}, {11, 12, 13, 14, 15}} {
		if err := matA.Index(i).Set(row); err != nil {
			return err
		}
	}
	for i, row := range [][]float64{{1, 2}, {2, 3}, {4, 5}, {6, 7}, {8, 9}} {
		if err := matB.Index(i).Set(row); err != nil {
			return err
		}
	}
	// The notebook declares five argtypes and passes six arguments: the
	// sixth is converted from its Go type, as ctypes converts it.
	c.Mult.Argtypes = []*types.Type{arrtype, arrtype, arrtype, types.Int, types.Int}
	if _, err := c.Mult.Call(matA, matB, matC, 2, 5, 2); err != nil {
		return err
	}
	// print([[matC[i][j] for i in range(2)] for j in range(2)])
	var rows []string
	for j := 0; j < 2; j++ {
		var cells []string
		for i := 0; i < 2; i++ {
			cells = append(cells, pyFloat(matC.Index(i).Index(j)))
		}
		rows = append(rows, "["+strings.Join(cells, ", ")+"]")
	}
	fmt.Fprintln(w, "6-mult\n", "["+strings.Join(rows, ", ")+"]")
	return nil
}
