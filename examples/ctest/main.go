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

func run(w io.Writer, path string) error {
	// lib = CDLL('./libctest.so')
	lib, err := ffi.CDLL(path)
	if err != nil {
		return err
	}
	defer lib.Close()
	fn := func(name string) *ffi.Func {
		f, e := lib.Func(name)
		if e != nil && err == nil {
			err = e
		}
		return f
	}
	add, swap, sum, titlecase, tokenize, mult := fn("add"), fn("swap"), fn("sum"), fn("titlecase"), fn("tokenize"), fn("mult")
	if err != nil {
		return err
	}
	must := func(v *types.Value, e error) *types.Value {
		if e != nil && err == nil {
			err = e
		}
		return v
	}
	float := func(v *types.Value) string {
		f, e := v.Float()
		if e != nil && err == nil {
			err = e
		}
		return types.PyFloat(f)
	}

	// 1. struct Complex add(struct Complex, struct Complex): by value.
	add.Restype = Complex
	res, err := add.Call(must(Complex.New(3.1, 4.2)), must(Complex.New(1.9, 2.8)))
	if err != nil {
		return err
	}
	r := res.(*types.Value)
	fmt.Fprintln(w, "1-add\n", r, float(r.Field("x")), float(r.Field("y")))

	// 2. void swap(struct Complex *, struct Complex *): byref.
	a, b := must(Complex.New(3, 4)), must(Complex.New(2, 7))
	if err != nil {
		return err
	}
	if _, err := swap.Call(types.Byref(a), types.Byref(b)); err != nil {
		return err
	}
	fmt.Fprintln(w, "2-swap\n", float(a.Field("x")), float(a.Field("y")), float(b.Field("x")), float(b.Field("y")))

	// 3. double sum(double f[], int n): an array passed as POINTER(c_double).
	sum.Restype = types.Double
	sum.Argtypes = []*types.Type{types.PointerTo(types.Double), types.Int}
	myarr := must(types.MustArrayOf(types.Double, 10).New([]float64{1, 2, 1, 6, 4, 2, 7, 3, 1, 5}))
	if err != nil {
		return err
	}
	s, err := ffi.CallAs[float64](sum, myarr, 10)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "3-sum\n", types.PyFloat(s))

	// 4. void titlecase(char *): changes the string in place, so it gets a
	// mutable buffer (the notebook's c_char_p over a bytes object relies on
	// CPython not noticing the change to an immutable object).
	titlecase.Argtypes = []*types.Type{types.CharP}
	name, err := types.CreateStringBuffer("the advantages of script languages over OTHER languages")
	if err != nil {
		return err
	}
	if _, err := titlecase.Call(name); err != nil {
		return err
	}
	text, err := name.Str()
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "4-titlecase\n", types.PyBytes([]byte(text)))

	// 5. int tokenize(char sep, char *str, char t[][20]).
	tokenstype := types.MustArrayOf(types.MustArrayOf(types.Char, 20), 20)
	tokenize.Restype = types.Int
	tokenize.Argtypes = []*types.Type{types.Char, types.CharP, tokenstype}
	tokens := types.New(tokenstype)
	n, err := ffi.CallAs[int](tokenize, " ", "the advantages of script languages over OTHER languages", tokens)
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
	mult.Argtypes = []*types.Type{arrtype, arrtype, arrtype, types.Int, types.Int}
	if _, err := mult.Call(matA, matB, matC, 2, 5, 2); err != nil {
		return err
	}
	// print([[matC[i][j] for i in range(2)] for j in range(2)])
	var rows []string
	for j := 0; j < 2; j++ {
		var cells []string
		for i := 0; i < 2; i++ {
			cells = append(cells, float(matC.Index(i).Index(j)))
		}
		rows = append(rows, "["+strings.Join(cells, ", ")+"]")
	}
	fmt.Fprintln(w, "6-mult\n", "["+strings.Join(rows, ", ")+"]")
	return err
}
