// Package benchmarks measures the cost of one C call made through this
// project against cgo and the other pure-Go FFIs, in one `go test -bench`
// run: cgo (a file built only with cgo), purego's RegisterLibFunc and
// SyscallN, jupiterrider/ffi (libffi), and this project's ctypes-style
// calls (Func.Call, CallAs) and typed bindings (Fn1, Fn2).
//
// Every benchmark first checks its result against C's, so a broken
// binding cannot look fast. Run it and make the table with:
//
//	bash benchmarks/report.sh
package benchmarks

// pair has the layout of ctest.c's struct Complex.
type pair struct{ X, Y float64 }

//go:generate go run ./internal/genmatrix -root .. -dir .
