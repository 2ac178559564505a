//go:build !cgo

package benchmarks

// haveCgo reports that the cgo baseline is not built in (CGO_ENABLED=0).
const haveCgo = false

func cgoLoad(libm, libctest string) error { return nil }
func cgoSin(x float64) float64            { return 0 }
func cgoIadd(a, b int32) int32            { return 0 }
func cgoAdd(a, b pair) pair               { return pair{} }
func cgoSum(f []float64) float64          { return 0 }
func cgoSort(v []int32)                   {}
