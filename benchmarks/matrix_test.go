//go:build (amd64 || arm64) && (linux || darwin || freebsd)

// (Where github.com/jupiterrider/ffi, the oracle, builds; not on Windows.)

package benchmarks

import (
	"flag"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	jffi "github.com/jupiterrider/ffi"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// matrixCase is one signature of testdata/matrix.c (matrix_gen_test.go).
// Each function calls the C function n times through one API and returns
// the digest of the last result and out-parameters.
type matrixCase struct {
	name     string // aNN_tag: NN is the number of arguments
	nargs    int
	named    bool // also run through purego and jupiterrider/ffi
	proto    string
	restype  *types.Type
	argtypes []*types.Type
	callas   func(f *ffi.Func, n int) (uint64, error)
	call     func(f *ffi.Func, n int) (uint64, error)
	typed    func(lib *ffi.Library, opts ...ffi.BindOption) (func(n int) uint64, error)
	bindfunc func(lib *ffi.Library) (func(n int) uint64, error) // named shapes: ffi.BindFunc
	purego   func(h uintptr) (func(n int) uint64, error)
	jffi     func(addr uintptr) (func(n int) uint64, error)
}

// callbackCase is one callback signature of testdata/matrix.c: cb_<name>(fn, n)
// calls fn n times and digests what it returns.
type callbackCase struct {
	name  string
	nargs int
	named bool
	n     int // calls (qsort: elements) per benchmark operation
	proto string
	sig   *types.Type // the function pointer type, for NewCallback
	gofn  any         // the Go function, for NewCallbackFunc
	// callbackFn makes the typed callback (CallbackFn*/CallbackProc*) of gofn.
	callbackFn func() (*ffi.Callback, error)
	dyn        func(args []any) any // the same function, for NewCallback
	typed      func(lib *ffi.Library) (func(n int) uint64, error)
}

// matrixFixture is the matrix library loaded once for every test and benchmark.
type matrixFixture struct {
	lib *ffi.Library
	h   uintptr // purego's handle of the same library
}

var (
	matrixOnce sync.Once
	matrixFix  matrixFixture
	matrixErr  error
)

func matrixSetup(tb testing.TB) *matrixFixture {
	tb.Helper()
	path := cbuild.Test(tb, "matrix")
	matrixOnce.Do(func() {
		if matrixFix.lib, matrixErr = ffi.CDLL(path); matrixErr != nil {
			return
		}
		if matrixFix.h, matrixErr = purego.Dlopen(path, purego.RTLD_NOW); matrixErr != nil {
			return
		}
		if cgoMatrixLoad != nil {
			matrixErr = cgoMatrixLoad(path)
		}
	})
	if matrixErr != nil {
		tb.Fatal(matrixErr)
	}
	return &matrixFix
}

// cref calls a C function of the matrix library that takes at most one
// integer and returns a uint64, through purego.SyscallN: the reference
// values come from C by a path that shares nothing with this project's.
func (mx *matrixFixture) cref(tb testing.TB, name string, args ...uintptr) uint64 {
	tb.Helper()
	addr, err := purego.Dlsym(mx.h, name)
	if err != nil {
		tb.Fatal(err)
	}
	r, _, _ := purego.SyscallN(addr, args...)
	return uint64(r)
}

// want is the digest C computes for the signature (ref_<name>).
func (mx *matrixFixture) want(tb testing.TB, name string) uint64 {
	return mx.cref(tb, "ref_"+name)
}

// fn returns the ctypes-style Func of c, with its Restype and Argtypes set.
func (mx *matrixFixture) fn(tb testing.TB, c *matrixCase) *ffi.Func {
	tb.Helper()
	f, err := mx.lib.Func(c.name)
	if err != nil {
		tb.Fatal(err)
	}
	f.Restype, f.Argtypes = c.restype, c.argtypes
	return f
}

// impl is one way of making the calls of a case, already bound.
type impl struct {
	name string
	run  func(n int) (uint64, error)
	err  error // binding failed
	skip bool  // a failure is a limitation of another FFI, not ours
}

func withErr(f func(n int) uint64, err error) (func(n int) (uint64, error), error) {
	if err != nil {
		return nil, err
	}
	return func(n int) (uint64, error) { return f(n), nil }, nil
}

// impls returns the implementations of c: cgo (when built with cgo), this
// project's CallAs, Func.Call and typed binding, and for the named shapes
// BindFunc, purego and jupiterrider/ffi.
func (mx *matrixFixture) impls(tb testing.TB, c *matrixCase) []impl {
	var out []impl
	if g := cgoMatrix[c.name]; g != nil {
		out = append(out, impl{name: "cgo", run: func(n int) (uint64, error) { return g(n), nil }})
	}
	f := mx.fn(tb, c)
	out = append(out,
		impl{name: "ctypes_callas", run: func(n int) (uint64, error) { return c.callas(f, n) }},
		impl{name: "ctypes_call", run: func(n int) (uint64, error) { return c.call(f, n) }})
	run, err := withErr(c.typed(mx.lib))
	out = append(out, impl{name: "typed", run: run, err: err})
	// The same calls declared leaf (short, never blocking or calling back).
	// (A Func of its own: Library.Func returns the same Func for a name.)
	lf, err := ffi.NewFunc(f.Addr(), c.name, c.restype, c.argtypes...)
	if err != nil {
		tb.Fatal(err)
	}
	lf.Leaf = true
	out = append(out, impl{name: "callas_leaf", run: func(n int) (uint64, error) { return c.callas(lf, n) }})
	run, err = withErr(c.typed(mx.lib, ffi.Leaf(0)))
	out = append(out, impl{name: "typed_leaf", run: run, err: err})
	if c.bindfunc != nil {
		run, err := withErr(c.bindfunc(mx.lib))
		out = append(out, impl{name: "bindfunc", run: run, err: err})
	}
	if c.purego != nil {
		run, err := withErr(c.purego(mx.h))
		out = append(out, impl{name: "purego", run: run, err: err, skip: true})
	}
	if c.jffi != nil {
		addr, err := purego.Dlsym(mx.h, c.name)
		if err == nil {
			var run func(n int) (uint64, error)
			run, err = withErr(c.jffi(addr))
			out = append(out, impl{name: "jupiterrider", run: run, err: err, skip: true})
		}
	}
	return out
}

// try runs fn(n), turning a panic (purego's way of refusing a signature)
// into an error.
func try(fn func(n int) (uint64, error), n int) (d uint64, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return fn(n)
}

// registerLibFunc is purego.RegisterLibFunc with its panics as errors.
func registerLibFunc(fptr any, h uintptr, name string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("purego.RegisterLibFunc: %v", r)
		}
	}()
	purego.RegisterLibFunc(fptr, h, name)
	return nil
}

func jffiError(st jffi.Status) error { return fmt.Errorf("jupiterrider/ffi: PrepCif: status %v", st) }

// fromValue copies a struct result of Func.Call into the Go struct of its layout.
func fromValue[T any](x any) (T, error) {
	var t T
	v, ok := x.(*types.Value)
	if !ok {
		return t, fmt.Errorf("result %T is not a *types.Value", x)
	}
	b := v.Bytes()
	if uintptr(len(b)) != unsafe.Sizeof(t) {
		return t, fmt.Errorf("result of %d bytes for a Go %T of %d", len(b), t, unsafe.Sizeof(t))
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&t)), len(b)), b)
	return t, nil
}

// mustFromValue is fromValue for a callback's argument (a panic in a
// callback is reported by ffi's panic handler).
func mustFromValue[T any](x any) T {
	t, err := fromValue[T](x)
	if err != nil {
		panic(err)
	}
	return t
}

// toValue returns a Go struct as a *types.Value of the C type t, as
// NewCallback wants struct results.
func toValue[T any](t *types.Type, x T) *types.Value {
	v := types.New(t)
	copy(v.Bytes(), unsafe.Slice((*byte)(unsafe.Pointer(&x)), unsafe.Sizeof(x)))
	return v
}

// anyInt, anyFloat and anyPointer read NewCallback's arguments.
func anyInt(x any) int64 {
	switch v := x.(type) {
	case int64:
		return v
	case uint64:
		return int64(v)
	case byte:
		return int64(v)
	case rune:
		return int64(v)
	case bool:
		if v {
			return 1
		}
		return 0
	}
	panic(fmt.Sprintf("callback argument %T is not an integer", x))
}

func anyFloat(x any) float64 {
	if v, ok := x.(float64); ok {
		return v
	}
	panic(fmt.Sprintf("callback argument %T is not a float64", x))
}

func anyPointer(x any) unsafe.Pointer {
	switch v := x.(type) {
	case uintptr:
		return *(*unsafe.Pointer)(unsafe.Pointer(&v)) // C memory: the qsort array
	case unsafe.Pointer:
		return v
	}
	panic(fmt.Sprintf("callback argument %T is not a pointer", x))
}

// knownGaps are the calls of the matrix this project refuses today, each
// with a part of its error message. TestMatrix fails when such a call
// starts to work (remove it from here then), or fails differently;
// BenchmarkMatrix skips them. None today.
var knownGaps = map[string]string{}

// gap reports whether the error of impl im on case c is a known gap.
func gap(c *matrixCase, im string, err error) (string, bool) {
	g, ok := knownGaps[c.name+"/"+im]
	return g, ok && err != nil && strings.Contains(err.Error(), g)
}

// TestMatrix checks every signature's result through every API against
// the digest C computes for the same call (and against cgo's, with cgo).
func TestMatrix(t *testing.T) {
	mx := matrixSetup(t)
	if len(matrixCases) < 48 {
		t.Fatalf("%d signatures, want at least 48", len(matrixCases))
	}
	for i := range matrixCases {
		c := &matrixCases[i]
		t.Run(c.name, func(t *testing.T) {
			want := mx.want(t, c.name)
			for _, im := range mx.impls(t, c) {
				if im.err == nil {
					var got uint64
					if got, im.err = try(im.run, 3); im.err == nil && got != want {
						im.err = fmt.Errorf("digest %#x, want %#x from C", got, want)
					}
				}
				_, known := knownGaps[c.name+"/"+im.name]
				g, isGap := gap(c, im.name, im.err)
				switch {
				case isGap:
					t.Logf("%s: %s: known gap (%s): %v", c.proto, im.name, g, im.err)
				case known && im.err == nil:
					t.Errorf("%s: %s works now: remove it from knownGaps", c.proto, im.name)
				case im.err == nil:
				case im.skip:
					t.Logf("%s: %s: %v (not this project's)", c.proto, im.name, im.err)
				default:
					t.Errorf("%s: %s: %v", c.proto, im.name, im.err)
				}
			}
		})
	}
}

// BenchmarkMatrix times every signature of testdata/matrix.c through cgo,
// CallAs, the typed binding (Fn*/Proc*) and Func.Call, and the named
// shapes through BindFunc, purego and jupiterrider/ffi;
// each result is first checked against C's.
func BenchmarkMatrix(b *testing.B) {
	mx := matrixSetup(b)
	for i := range matrixCases {
		c := &matrixCases[i]
		b.Run(c.name, func(b *testing.B) {
			want := mx.want(b, c.name)
			for _, im := range mx.impls(b, c) {
				b.Run(im.name, func(b *testing.B) {
					if im.err == nil {
						var got uint64
						if got, im.err = try(im.run, 1); im.err == nil && got != want {
							im.err = fmt.Errorf("digest %#x, want %#x from C", got, want)
						}
					}
					if im.err != nil {
						if _, isGap := gap(c, im.name, im.err); im.skip || isGap {
							b.Skipf("%s: %v", c.proto, im.err)
						}
						b.Fatalf("%s: %v", c.proto, im.err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					if _, err := im.run(b.N); err != nil {
						b.Fatal(err)
					}
				})
			}
		})
	}
}

// cbImpls returns the ways of running callback case c: cgo's //export,
// NewCallback, NewCallbackFunc, the typed callback (CallbackFn*) and a
// typed binding taking the Go func.
func (mx *matrixFixture) cbImpls(tb testing.TB, c *callbackCase) ([]impl, func()) {
	var out []impl
	if g := cgoCallbacks[c.name]; g != nil {
		out = append(out, impl{name: "cgo", run: func(n int) (uint64, error) { return g(n), nil }})
	}
	loop, err := ffi.Fn2[uint64, *ffi.Callback, int32](mx.lib, "cb_"+c.name)
	if err != nil {
		tb.Fatal(err)
	}
	var frees []func() error
	viaCallback := func(cb *ffi.Callback, err error) (func(n int) (uint64, error), error) {
		if err != nil {
			return nil, err
		}
		frees = append(frees, cb.Free)
		return func(n int) (uint64, error) { return loop(cb, int32(n)), nil }, nil
	}
	run, err := viaCallback(ffi.NewCallback(c.sig, c.dyn))
	out = append(out, impl{name: "ctypes_newcallback", run: run, err: err})
	run, err = viaCallback(ffi.NewCallbackFunc(c.gofn))
	out = append(out, impl{name: "ctypes_newcallbackfunc", run: run, err: err})
	run, err = viaCallback(c.callbackFn())
	out = append(out, impl{name: "callbackfn", run: run, err: err})
	run, err = withErr(c.typed(mx.lib))
	out = append(out, impl{name: "typed", run: run, err: err})
	return out, func() {
		for _, f := range frees {
			f()
		}
	}
}

// TestCallbackMatrix checks every callback signature through every API
// against C's own loop over a C callback computing the same (cbref_<name>).
func TestCallbackMatrix(t *testing.T) {
	mx := matrixSetup(t)
	for i := range callbackCases {
		c := &callbackCases[i]
		t.Run(c.name, func(t *testing.T) {
			const n = 1000
			want := mx.cref(t, "cbref_"+c.name, n)
			if want == 0 {
				t.Fatal("C's own qsort did not sort")
			}
			impls, free := mx.cbImpls(t, c)
			defer free()
			for _, im := range impls {
				if im.err == nil {
					var got uint64
					if got, im.err = try(im.run, n); im.err == nil && got != want {
						im.err = fmt.Errorf("digest %#x, want %#x from C", got, want)
					}
				}
				if im.err != nil {
					t.Errorf("%s: %s: %v", c.proto, im.name, im.err)
				}
			}
		})
	}
}

// countOnly reports whether -test.benchtime is a count of iterations
// ("1x", as CI runs every benchmark once to check it) rather than a
// duration: a run that checks results, not one that measures.
func countOnly() bool {
	f := flag.Lookup("test.benchtime")
	return f != nil && strings.HasSuffix(f.Value.String(), "x")
}

// BenchmarkCallbacks times C calling back into Go in a loop: one operation
// is one cb_<name>(fn, n) call, n callbacks (qsort: a sort of n int32).
// With -benchtime Nx (a check, not a measurement) the loops of 1e6 are cut
// to 1e5, which keeps CI's run of every benchmark short; calls/op shows it.
func BenchmarkCallbacks(b *testing.B) {
	mx := matrixSetup(b)
	for i := range callbackCases {
		c := callbackCases[i] // a copy: n may be cut below
		if countOnly() && c.n > 100_000 {
			c.n = 100_000
		}
		b.Run(c.name, func(b *testing.B) {
			const small = 1000
			wantSmall := mx.cref(b, "cbref_"+c.name, small)
			var want uint64
			var wantOnce sync.Once
			impls, free := mx.cbImpls(b, &c)
			defer free()
			for _, im := range impls {
				b.Run(im.name, func(b *testing.B) {
					// Checked on a short loop before timing, and the timed
					// loops' digest after.
					if im.err == nil {
						var got uint64
						if got, im.err = try(im.run, small); im.err == nil && got != wantSmall {
							im.err = fmt.Errorf("digest %#x, want %#x from C", got, wantSmall)
						}
					}
					if im.err != nil {
						b.Fatalf("%s: %v", c.proto, im.err)
					}
					b.ReportAllocs()
					b.ResetTimer()
					var got uint64
					for j := 0; j < b.N; j++ {
						got, _ = im.run(c.n)
					}
					b.StopTimer()
					calls := uintptr(c.n)
					if c.name == "a02_qsort" {
						calls = uintptr(mx.cref(b, "qsort_compares", uintptr(c.n)))
					}
					b.ReportMetric(float64(calls), "calls/op") // benchreport reports allocations per callback
					wantOnce.Do(func() { want = mx.cref(b, "cbref_"+c.name, uintptr(c.n)) })
					if got != want {
						b.Fatalf("%s: digest %#x after the timed loop, want %#x from C", im.name, got, want)
					}
				})
			}
		})
	}
}

// The first-use library: 1000 functions in four shapes (testdata/firstuse.c).
var firstNames = func() []string {
	s := make([]string, 1000)
	for i := range s {
		s[i] = fmt.Sprintf("f%04d", i)
	}
	return s
}()

// firstUseTyped loads the library, binds each function with Fn* and calls
// it once; it returns the sum first_total computes in C.
func firstUseTyped(path string) (int64, error) {
	lib, err := ffi.CDLL(path)
	if err != nil {
		return 0, err
	}
	defer lib.Close()
	var total int64
	for i, name := range firstNames {
		switch i % 4 {
		case 0:
			f, err := ffi.Fn2[int32, int32, int32](lib, name)
			if err != nil {
				return 0, err
			}
			total += int64(f(3, 4))
		case 1:
			f, err := ffi.Fn1[float64, float64](lib, name)
			if err != nil {
				return 0, err
			}
			total += int64(f(1.5) * 16)
		case 2:
			f, err := ffi.Fn3[int64, int64, int64, int64](lib, name)
			if err != nil {
				return 0, err
			}
			total += f(5, 6, 7)
		case 3:
			f, err := ffi.Fn2[float64, float64, int32](lib, name)
			if err != nil {
				return 0, err
			}
			total += int64(f(2.5, 3) * 16)
		}
	}
	return total, nil
}

var (
	firstSig = [4][]*types.Type{
		{types.Int32, types.Int32, types.Int32},
		{types.Double, types.Double},
		{types.Int64, types.Int64, types.Int64, types.Int64},
		{types.Double, types.Double, types.Int32},
	}
	firstArgs = [4][]any{{int32(3), int32(4)}, {1.5}, {int64(5), int64(6), int64(7)}, {2.5, int32(3)}}
)

// firstUseCallAs does the same with ctypes-style Funcs and CallAs.
func firstUseCallAs(path string) (int64, error) {
	lib, err := ffi.CDLL(path)
	if err != nil {
		return 0, err
	}
	defer lib.Close()
	var total int64
	for i, name := range firstNames {
		f, err := lib.Func(name)
		if err != nil {
			return 0, err
		}
		s := firstSig[i%4]
		f.Restype, f.Argtypes = s[0], s[1:]
		if i%2 == 0 {
			r, err := ffi.CallAs[int64](f, firstArgs[i%4]...)
			if err != nil {
				return 0, err
			}
			total += r
		} else {
			r, err := ffi.CallAs[float64](f, firstArgs[i%4]...)
			if err != nil {
				return 0, err
			}
			total += int64(r * 16)
		}
	}
	return total, nil
}

// firstUsePurego does the same with purego.RegisterLibFunc.
func firstUsePurego(path string) (total int64, err error) {
	h, err := purego.Dlopen(path, purego.RTLD_NOW)
	if err != nil {
		return 0, err
	}
	defer purego.Dlclose(h)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("purego: %v", r)
		}
	}()
	for i, name := range firstNames {
		switch i % 4 {
		case 0:
			var f func(int32, int32) int32
			purego.RegisterLibFunc(&f, h, name)
			total += int64(f(3, 4))
		case 1:
			var f func(float64) float64
			purego.RegisterLibFunc(&f, h, name)
			total += int64(f(1.5) * 16)
		case 2:
			var f func(int64, int64, int64) int64
			purego.RegisterLibFunc(&f, h, name)
			total += f(5, 6, 7)
		case 3:
			var f func(float64, int32) float64
			purego.RegisterLibFunc(&f, h, name)
			total += int64(f(2.5, 3) * 16)
		}
	}
	return total, nil
}

var firstUses = []struct {
	name string
	run  func(path string) (int64, error)
}{{"purego", firstUsePurego}, {"typed", firstUseTyped}, {"ctypes_callas", firstUseCallAs}}

// firstUseSetup builds the library and keeps it loaded (so that each
// operation's dlopen only counts a reference) and returns C's total.
func firstUseSetup(tb testing.TB) (string, int64) {
	path := cbuild.Test(tb, "firstuse")
	h, err := purego.Dlopen(path, purego.RTLD_NOW)
	if err != nil {
		tb.Fatal(err)
	}
	addr, err := purego.Dlsym(h, "first_total")
	if err != nil {
		tb.Fatal(err)
	}
	r, _, _ := purego.SyscallN(addr)
	return path, int64(r)
}

func TestFirstUse(t *testing.T) {
	path, want := firstUseSetup(t)
	for _, fu := range firstUses {
		got, err := fu.run(path)
		if err == nil && got != want {
			err = fmt.Errorf("total %d, want %d from C", got, want)
		}
		if err != nil {
			t.Errorf("%s: %v", fu.name, err)
		}
	}
}

// BenchmarkFirstUse loads a library of 1000 distinct functions, binds each
// and calls each once: the cost a program pays at start-up.
func BenchmarkFirstUse(b *testing.B) {
	path, want := firstUseSetup(b)
	for _, fu := range firstUses {
		b.Run(fu.name, func(b *testing.B) {
			if got, err := fu.run(path); err != nil || got != want {
				b.Fatalf("total %d, %v; want %d from C", got, err, want)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := fu.run(path); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
