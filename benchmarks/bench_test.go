//go:build (amd64 || arm64) && (linux || darwin || freebsd || windows)

// The benchmarks compare with github.com/jupiterrider/ffi, which builds
// for these platforms only.

package benchmarks

import (
	"math"
	"sort"
	"sync"
	"testing"
	"unsafe"

	"github.com/ebitengine/purego"
	jffi "github.com/jupiterrider/ffi"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

var complexT = types.MustStructOf("Complex", []types.Field{types.F("x", types.Double), types.F("y", types.Double)})

type fixture struct {
	libm, libctest *ffi.Library
	hm, hc         uintptr // purego handles
}

var (
	fixOnce sync.Once
	fix     fixture
	fixErr  error
)

func setup(b *testing.B) *fixture {
	b.Helper()
	path := cbuild.Test(b, "ctest")
	fixOnce.Do(func() {
		if fix.libm, fixErr = ffi.CDLL(libmName); fixErr != nil {
			return
		}
		if fix.libctest, fixErr = ffi.CDLL(path); fixErr != nil {
			return
		}
		// purego's handles are the loader's (dlopen or LoadLibrary), the
		// same ones ffi holds.
		fix.hm, fix.hc = fix.libm.Handle(), fix.libctest.Handle()
		fixErr = cgoLoad(libmName, path)
	})
	if fixErr != nil {
		b.Fatal(fixErr)
	}
	return &fix
}

func fn(b *testing.B, lib *ffi.Library, name string, rt *types.Type, args ...*types.Type) *ffi.Func {
	f, err := lib.Func(name)
	if err != nil {
		b.Fatal(err)
	}
	f.Restype, f.Argtypes = rt, args
	return f
}

// check fails the benchmark when an implementation disagrees with C.
func check[T comparable](b *testing.B, got, want T) {
	if got != want {
		b.Fatalf("got %v, want %v (from C)", got, want)
	}
}

var sinkF float64
var sinkI int32
var sinkP pair

func BenchmarkSin(b *testing.B) {
	f := setup(b)
	const x = 0.5
	want := math.Sin(x) // the cgo and ctypes results are compared with libm's via the ctypes call below
	sin := fn(b, f.libm, "sin", types.Double, types.Double)
	if r, _ := ffi.CallAs[float64](sin, x); r != want {
		want = r // libm may differ from Go's math.Sin in the last bit: C is the reference
	}
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			check(b, cgoSin(x), want)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkF = cgoSin(x)
			}
		})
	}
	b.Run("purego", func(b *testing.B) {
		var psin func(float64) float64
		purego.RegisterLibFunc(&psin, f.hm, "sin")
		check(b, psin(x), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkF = psin(x)
		}
	})
	b.Run("jupiterrider", func(b *testing.B) {
		addr, _ := f.libm.Sym("sin")
		var cif jffi.Cif
		if st := jffi.PrepCif(&cif, jffi.DefaultAbi, 1, &jffi.TypeDouble, &jffi.TypeDouble); st != jffi.OK {
			b.Fatal(st)
		}
		arg, r := x, 0.0
		jffi.Call(&cif, addr, unsafe.Pointer(&r), unsafe.Pointer(&arg))
		check(b, r, want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			jffi.Call(&cif, addr, unsafe.Pointer(&r), unsafe.Pointer(&arg))
		}
	})
	b.Run("ctypes_call", func(b *testing.B) {
		r, _ := sin.Call(x)
		check(b, r.(float64), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sin.Call(x)
		}
	})
	b.Run("ctypes_callas", func(b *testing.B) {
		r, _ := ffi.CallAs[float64](sin, x)
		check(b, r, want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkF, _ = ffi.CallAs[float64](sin, x)
		}
	})
	b.Run("typed", func(b *testing.B) {
		tsin, err := ffi.Fn1[float64, float64](f.libm, "sin")
		if err != nil {
			b.Fatal(err)
		}
		check(b, tsin(x), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkF = tsin(x)
		}
	})
}

func BenchmarkIadd(b *testing.B) {
	f := setup(b)
	iadd := fn(b, f.libctest, "iadd", types.Int, types.Int, types.Int)
	want, _ := ffi.CallAs[int32](iadd, 2, 3)
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			check(b, cgoIadd(2, 3), want)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkI = cgoIadd(2, 3)
			}
		})
	}
	b.Run("purego", func(b *testing.B) {
		var p func(int32, int32) int32
		purego.RegisterLibFunc(&p, f.hc, "iadd")
		check(b, p(2, 3), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkI = p(2, 3)
		}
	})
	b.Run("purego_syscalln", func(b *testing.B) {
		addr, _ := f.libctest.Sym("iadd")
		r, _, _ := purego.SyscallN(addr, 2, 3)
		check(b, int32(r), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			r, _, _ = purego.SyscallN(addr, 2, 3)
		}
		b.StopTimer()
		check(b, int32(r), want)
	})
	b.Run("ctypes_call", func(b *testing.B) {
		r, _ := iadd.Call(2, 3)
		check(b, int32(r.(int64)), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			iadd.Call(2, 3)
		}
	})
	b.Run("ctypes_callas", func(b *testing.B) {
		r, _ := ffi.CallAs[int32](iadd, 2, 3)
		check(b, r, want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkI, _ = ffi.CallAs[int32](iadd, 2, 3)
		}
	})
	b.Run("typed", func(b *testing.B) {
		t, err := ffi.Fn2[int32, int32, int32](f.libctest, "iadd")
		if err != nil {
			b.Fatal(err)
		}
		check(b, t(2, 3), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkI = t(2, 3)
		}
	})
}

func BenchmarkAdd(b *testing.B) {
	f := setup(b)
	add := fn(b, f.libctest, "add", complexT, complexT, complexT)
	a1, a2 := complexT.MustNew(3.1, 4.2), complexT.MustNew(1.9, 2.8)
	res, _ := add.Call(a1, a2)
	wx, _ := res.(*types.Value).Field("x").Float()
	wy, _ := res.(*types.Value).Field("y").Float()
	want := pair{wx, wy}
	p1, p2 := pair{3.1, 4.2}, pair{1.9, 2.8}
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			check(b, cgoAdd(p1, p2), want)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sinkP = cgoAdd(p1, p2)
			}
		})
	}
	b.Run("purego", func(b *testing.B) {
		var p func(pair, pair) pair
		purego.RegisterLibFunc(&p, f.hc, "add")
		check(b, p(p1, p2), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkP = p(p1, p2)
		}
	})
	b.Run("jupiterrider", func(b *testing.B) {
		addr, _ := f.libctest.Sym("add")
		ct := jffi.NewType(&jffi.TypeDouble, &jffi.TypeDouble)
		var cif jffi.Cif
		if st := jffi.PrepCif(&cif, jffi.DefaultAbi, 2, &ct, &ct, &ct); st != jffi.OK {
			b.Fatal(st)
		}
		var r pair
		jffi.Call(&cif, addr, unsafe.Pointer(&r), unsafe.Pointer(&p1), unsafe.Pointer(&p2))
		check(b, r, want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			jffi.Call(&cif, addr, unsafe.Pointer(&r), unsafe.Pointer(&p1), unsafe.Pointer(&p2))
		}
	})
	b.Run("ctypes_call", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			add.Call(a1, a2)
		}
	})
	b.Run("ctypes_callas", func(b *testing.B) {
		// Go structs of the C layout in and out: no types.Value, no allocation.
		r, _ := ffi.CallAs[pair](add, p1, p2)
		check(b, r, want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkP, _ = ffi.CallAs[pair](add, p1, p2)
		}
	})
	b.Run("typed", func(b *testing.B) {
		t, err := ffi.Fn2[pair, pair, pair](f.libctest, "add")
		if err != nil {
			b.Fatal(err)
		}
		check(b, t(p1, p2), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkP = t(p1, p2)
		}
	})
}

func BenchmarkSum1M(b *testing.B) {
	f := setup(b)
	data := make([]float64, 1_000_000)
	for i := range data {
		data[i] = float64(i%1000) * 0.5
	}
	sum := fn(b, f.libctest, "sum", types.Double, types.PointerTo(types.Double), types.Int)
	want, _ := ffi.CallAs[float64](sum, data, len(data))
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			check(b, cgoSum(data), want)
			for i := 0; i < b.N; i++ {
				sinkF = cgoSum(data)
			}
		})
	}
	b.Run("ctypes_callas", func(b *testing.B) {
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkF, _ = ffi.CallAs[float64](sum, data, len(data))
		}
	})
	b.Run("typed", func(b *testing.B) {
		t, err := ffi.Fn2[float64, []float64, int32](f.libctest, "sum")
		if err != nil {
			b.Fatal(err)
		}
		check(b, t(data, int32(len(data))), want)
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			sinkF = t(data, int32(len(data)))
		}
	})
}

// BenchmarkQsort sorts 100,000 ints with libc's qsort and a Go comparator.
func BenchmarkQsort(b *testing.B) {
	setup(b)
	data := make([]int32, 100_000)
	fill := func() {
		for j := range data {
			data[j] = int32((j * 7919) % 100_003)
		}
	}
	sorted := func() bool { return sort.SliceIsSorted(data, func(i, j int) bool { return data[i] < data[j] }) }
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				fill()
				cgoSort(data)
			}
			if !sorted() {
				b.Fatal("not sorted")
			}
		})
	}
	b.Run("ctypes", func(b *testing.B) {
		libc, err := ffi.CDLL(libcName)
		if err != nil {
			b.Fatal(err)
		}
		cmp, err := ffi.NewCallbackFunc(func(a, b unsafe.Pointer) int32 {
			x, y := *(*int32)(a), *(*int32)(b)
			if x < y {
				return -1
			}
			if x > y {
				return 1
			}
			return 0
		})
		if err != nil {
			b.Fatal(err)
		}
		defer cmp.Free()
		qsort := fn(b, libc, "qsort", nil, types.VoidP, types.SizeT, types.SizeT, cmp.Type())
		b.ReportAllocs()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			fill()
			if _, err := qsort.Call(data, len(data), 4, cmp); err != nil {
				b.Fatal(err)
			}
		}
		if !sorted() {
			b.Fatal("not sorted")
		}
	})
}

// BenchmarkSinParallel calls sin from every P at once: with 2 cores the
// throughput should nearly double compared with one goroutine.
func BenchmarkSinParallel(b *testing.B) {
	f := setup(b)
	tsin, err := ffi.Fn1[float64, float64](f.libm, "sin")
	if err != nil {
		b.Fatal(err)
	}
	sin := fn(b, f.libm, "sin", types.Double, types.Double)
	if haveCgo {
		b.Run("cgo", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					cgoSin(0.5)
				}
			})
		})
	}
	b.Run("ctypes_callas", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				ffi.CallAs[float64](sin, 0.5)
			}
		})
	})
	b.Run("typed", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				tsin(0.5)
			}
		})
	})
}
