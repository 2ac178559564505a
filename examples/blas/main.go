// Command blas finds the CBLAS implementations installed on this machine
// (Debian's four, and any named on the command line), binds the same CBLAS
// declarations in each, without cgo, and prints what each computes for one
// matrix product, with the file it came from:
//
//	go run ./examples/blas
//	go run ./examples/blas $HOME/OpenBLAS/libopenblas.so
//
// The test suite that checks them all against a Go reference is
// examples/blas/cblas (go test ./examples/blas/...).
package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/purectypes/ctypes/examples/blas/cblas"
	"github.com/purectypes/ctypes/ffi"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "blas:", err)
		os.Exit(1)
	}
}

// A and B are the matrices the program multiplies, row-major.
var (
	a = []float64{1, 2, 3, 4, 5, 6}    // 2×3
	b = []float64{7, 8, 9, 10, 11, 12} // 3×2
)

// run prints one line per implementation: its name, then C = A·B as
// computed by it, or why it is absent.
func run(w io.Writer, extra []string) error {
	impls := cblas.Debian()
	for _, p := range extra {
		impls = append(impls, cblas.Implementation{Name: filepath.Base(p), Path: p})
	}
	found := 0
	for _, im := range impls {
		c, err := product(im.Path)
		if err != nil {
			hint := ""
			if im.Pkg != "" {
				hint = " (apt-get install " + im.Pkg + ")"
			}
			fmt.Fprintf(w, "%-10s absent%s: %v\n", im.Name, hint, err)
			continue
		}
		found++
		fmt.Fprintf(w, "%-10s A·B = %v  %s\n", im.Name, c, im.Path)
	}
	if found == 0 {
		return fmt.Errorf("no CBLAS implementation found")
	}
	return nil
}

// product loads the library at path and multiplies A by B with its
// cblas_dgemm.
func product(path string) ([]float64, error) {
	lib, err := ffi.CDLL(path)
	if err != nil {
		return nil, err
	}
	blas, err := cblas.Bind(lib)
	if err != nil {
		return nil, err
	}
	c := make([]float64, 4)
	err = blas.Dgemm(cblas.RowMajor, cblas.NoTrans, cblas.NoTrans, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	return c, err
}
