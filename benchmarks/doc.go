// Package benchmarks measures the cost of C calls made through this
// project against cgo and the other pure-Go FFIs, in one `go test -bench`
// run: cgo (files built only with cgo), purego's RegisterLibFunc and
// SyscallN, jupiterrider/ffi (libffi), and this project's ctypes-style
// calls (Func.Call, CallAs), typed bindings (Fn*, Proc*, BindFunc) and
// callbacks (NewCallback, NewCallbackFunc, Go funcs passed to typed
// bindings).
//
// BenchmarkMatrix runs a generated matrix of signatures
// (testdata/matrix.c: 0 to 20 arguments of every kind, pointers,
// out-parameters, structs of 1 to 64 bytes in and out), BenchmarkCallbacks
// a matrix of callback signatures called from C loops, and
// BenchmarkFirstUse the binding of 1000 distinct functions. The generator
// is internal/genmatrix (go generate).
//
// Every benchmark first checks its result against C's, so a broken
// binding cannot look fast; TestMatrix, TestCallbackMatrix and TestFirstUse
// make the same checks without timing. Run them all and make the report
// of BENCHMARKS.md with:
//
//	bash benchmarks/report.sh
package benchmarks

//go:generate go run ./internal/genmatrix -root .. -dir .

// pair has the layout of ctest.c's struct Complex.
type pair struct{ X, Y float64 }
