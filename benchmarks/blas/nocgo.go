//go:build !cgo

package blas

import "errors"

// haveCgo reports that the cgo baseline is not built in (CGO_ENABLED=0).
const haveCgo = false

func cgoLoad(string) error { return errors.ErrUnsupported }

func cgoDgemm(m, n, k int, alpha float64, a []float64, lda int, b []float64, ldb int, beta float64, c []float64, ldc int) {
	panic("cgoDgemm without cgo")
}
