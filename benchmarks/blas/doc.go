// Package blas measures cblas_dgemm called through this toolkit (package
// examples/blas/cblas: ffi.Func with Restype and Argtypes, Go slices
// passed without copying) on each CBLAS implementation installed, against
// gonum's pure-Go BLAS (gonum.org/v1/gonum/blas/gonum) and a cgo call of
// the same OpenBLAS routine (a file built only with cgo), for square
// matrices of 4, 64, 256 and 1024. At 4×4 the time is mostly the cost of
// the call (14 arguments, six of them on the stack); at 1024 it is the
// library's.
//
// Every benchmark first checks its product against gonum's (and gonum's
// against the reference BLAS), so a broken binding cannot look fast.
// The libraries run with their default threads (OpenBLAS: one per core;
// BLIS: one, unless BLIS_NUM_THREADS says otherwise; the reference BLAS
// and ATLAS: one), gonum with its goroutines. Run it and write the table
// at the end of BENCHMARKS.md with
//
//	bash benchmarks/blas/report.sh
package blas
