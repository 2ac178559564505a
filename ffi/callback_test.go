package ffi

import (
	"errors"
	"fmt"
	"github.com/purectypes/ctypes/internal/callconv"
	"math"
	"reflect"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

func callbackLib(t testing.TB) *Library {
	t.Helper()
	lib, err := CDLL(cbuild.Test(t, "callback"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

func mustCallback(t testing.TB, sig *types.Type, fn func([]any) any) *Callback {
	t.Helper()
	cb, err := NewCallback(sig, fn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cb.Free() })
	return cb
}

// TestQsortCallback sorts a Go-owned array with libc's qsort and a Go
// comparator, and compares with Go's sort of the same numbers.
func TestQsortCallback(t *testing.T) {
	c := libc(t)
	engines(t, func(t *testing.T) {
		cmpType := types.FuncType(types.Int, types.VoidP, types.VoidP)
		var calls atomic.Int64
		cmp := mustCallback(t, cmpType, func(args []any) any {
			calls.Add(1)
			a := *(*int32)(addrPtr(args[0].(uintptr)))
			b := *(*int32)(addrPtr(args[1].(uintptr)))
			switch {
			case a < b:
				return -1
			case a > b:
				return 1
			}
			return 0
		})
		qsort := newFuncT(t, c, "qsort", nil, types.VoidP, types.SizeT, types.SizeT, cmpType)
		data := make([]int32, 1000)
		for i := range data {
			data[i] = int32((i*7919)%1000 - 500)
		}
		want := append([]int32(nil), data...)
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		if _, err := qsort.Call(data, len(data), 4, cmp); err != nil {
			t.Fatal(err)
		}
		for i := range data {
			if data[i] != want[i] {
				t.Fatalf("qsort result differs at %d: %d, want %d", i, data[i], want[i])
			}
		}
		if calls.Load() == 0 {
			t.Error("the comparator was never called")
		}
	})
}

func TestIntegrateCallback(t *testing.T) {
	lib := callbackLib(t)
	engines(t, func(t *testing.T) {
		square, err := NewCallbackFunc(func(x float64) float64 { return x * x })
		if err != nil {
			t.Fatal(err)
		}
		defer square.Free()
		integrate := newFuncT(t, lib, "integrate", types.Double, types.FuncType(types.Double, types.Double), types.Double, types.Double, types.Int)
		got, err := CallAs[float64](integrate, square, 0.0, 3.0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		ref := newFuncT(t, lib, "integrate_square", types.Double, types.Double, types.Double, types.Int)
		want, _ := CallAs[float64](ref, 0.0, 3.0, 1000)
		if got != want {
			t.Errorf("integrate with a Go x*x = %v, C computes %v", got, want)
		}
	})
}

func TestStructCallback(t *testing.T) {
	lib := callbackLib(t)
	pt := types.MustStructOf("Pt", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
	engines(t, func(t *testing.T) {
		// The dynamic form: a *types.Value in, a *types.Value out.
		sig := types.FuncType(pt, pt, types.Int)
		cb := mustCallback(t, sig, func(args []any) any {
			p := args[0].(*types.Value)
			k := args[1].(int64)
			x, _ := p.Field("x").Float()
			y, _ := p.Field("y").Int()
			return pt.MustNew(x*float64(k), y+k)
		})
		apply := newFuncT(t, lib, "apply_pt", pt, sig, pt, types.Int)
		scale := newFuncT(t, lib, "scale_pt", pt, pt, types.Int)
		in := pt.MustNew(1.25, 10)
		got, err := apply.Call(cb, in, 3)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := scale.Call(in, 3)
		if got.(*types.Value).String() != want.(*types.Value).String() {
			t.Errorf("Go callback gave %v, C gives %v", got, want)
		}
		// The typed form: a Go struct with the C layout.
		type goPt struct {
			X float64
			Y int32
		}
		typed, err := NewCallbackFunc(func(p goPt, k int32) goPt { return goPt{p.X * float64(k), p.Y + k} })
		if err != nil {
			t.Fatal(err)
		}
		defer typed.Free()
		got2, err := apply.Call(typed, in, 3)
		if err != nil {
			t.Fatal(err)
		}
		if got2.(*types.Value).String() != want.(*types.Value).String() {
			t.Errorf("typed Go callback gave %v, C gives %v", got2, want)
		}
	})
}

func TestCallbackWidths(t *testing.T) {
	lib := callbackLib(t)
	for _, tc := range []struct {
		name string
		t    *types.Type
	}{
		{"i8", types.Int8}, {"u8", types.Uint8}, {"i16", types.Int16}, {"u16", types.Uint16},
		{"i32", types.Int32}, {"u32", types.Uint32}, {"i64", types.Int64}, {"u64", types.Uint64},
		{"f32", types.Float}, {"f64", types.Double},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sig := types.FuncType(tc.t, tc.t)
			id := mustCallback(t, sig, func(args []any) any { return args[0] })
			check := newFuncT(t, lib, "check_"+tc.name, types.Int, sig)
			if ok, err := CallAs[int](check, id); ok != 1 || err != nil {
				t.Errorf("C did not get its %s values back through a Go callback (%d, %v)", tc.name, ok, err)
			}
		})
	}
}

func TestCallbackManyArgs(t *testing.T) {
	lib := callbackLib(t)
	argtypes := make([]*types.Type, 20)
	for i := range argtypes {
		argtypes[i] = types.Int
		if i%2 == 1 {
			argtypes[i] = types.Double
		}
	}
	sig := types.FuncType(types.Double, argtypes...)
	cb := mustCallback(t, sig, func(args []any) any {
		s := 0.0
		for i := 0; i < 20; i += 2 {
			a := float64(args[i].(int64))
			d := args[i+1].(float64)
			s += a*a + d*(a+0.25)
		}
		return s
	})
	got, err := CallAs[float64](newFuncT(t, lib, "call_many", types.Double, sig), cb)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := CallAs[float64](newFuncT(t, lib, "many_expected", types.Double))
	if got != want {
		t.Errorf("call_many = %v, C expects %v", got, want)
	}
}

// TestCallbackForeignThread: C creates a pthread and calls the Go
// callback from it.
func TestCallbackForeignThread(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	cb := mustCallback(t, sig, func(args []any) any { return args[0].(int64) * 3 })
	inThread := newFuncT(t, lib, "call_in_thread", types.Int, sig, types.Int)
	for i := 0; i < 20; i++ {
		if r, err := CallAs[int](inThread, cb, i); err != nil || r != 3*i {
			t.Fatalf("call_in_thread(x3, %d) = %d, %v", i, r, err)
		}
	}
}

// TestCallbackPanic: a panic in a callback goes to the handler, and C gets
// a zero result.
func TestCallbackPanic(t *testing.T) {
	lib := callbackLib(t)
	var got atomic.Value
	SetCallbackPanicHandler(func(cb *Callback, v any, stack []byte) { got.Store(fmt.Sprint(v)) })
	defer SetCallbackPanicHandler(nil)
	sig := types.FuncType(types.Int, types.Int)
	cb := mustCallback(t, sig, func(args []any) any { panic("boom") })
	r, err := CallAs[int](newFuncT(t, lib, "call_int", types.Int, sig, types.Int), cb, 5)
	if err != nil || r != 0 {
		t.Errorf("call_int after a panic = %d, %v; want 0", r, err)
	}
	if got.Load() != "boom" {
		t.Errorf("handler got %v", got.Load())
	}
	bad := mustCallback(t, sig, func(args []any) any { return "not an int" })
	got.Store("")
	CallAs[int](newFuncT(t, lib, "call_int", types.Int, sig, types.Int), bad, 5)
	if s, _ := got.Load().(string); s == "" {
		t.Error("a result of the wrong type was not reported")
	}
}

// TestManyCallbacks makes more callbacks than purego's fixed table holds.
func TestManyCallbacks(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	callInt := newFuncT(t, lib, "call_int", types.Int, sig, types.Int)
	var all []*Callback
	for i := 0; i < 5000; i++ {
		k := i
		cb, err := NewCallback(sig, func(args []any) any { return args[0].(int64) + int64(k) })
		if err != nil {
			t.Fatalf("callback %d: %v", i, err)
		}
		all = append(all, cb)
	}
	for _, i := range []int{0, 1999, 2000, 4999} {
		if r, _ := CallAs[int](callInt, all[i], 1); r != i+1 {
			t.Errorf("callback %d returned %d", i, r)
		}
	}
	for _, cb := range all {
		cb.Free()
	}
	if all[0].FuncAddr() != 0 {
		t.Error("FuncAddr after Free")
	}
	if _, err := callInt.Call(all[0], 1); !errors.Is(err, ErrArgument) && err == nil {
		t.Logf("passing a freed callback: %v", err)
	}
}

func TestCallbackErrors(t *testing.T) {
	if _, err := NewCallback(types.Int, func([]any) any { return 0 }); !errors.Is(err, ErrSignature) {
		t.Errorf("non-function type: %v", err)
	}
	if _, err := NewCallback(types.VariadicFuncType(types.Int, types.Int), func([]any) any { return 0 }); !errors.Is(err, ErrSignature) {
		t.Errorf("variadic: %v", err)
	}
	if _, err := NewCallbackFunc(func(s string) {}); !errors.Is(err, ErrSignature) {
		t.Errorf("string parameter: %v", err)
	}
	if _, err := NewCallbackFunc(42); !errors.Is(err, ErrSignature) {
		t.Errorf("not a func: %v", err)
	}
	_ = unsafe.Pointer(nil)
}

func BenchmarkQsortCallback(b *testing.B) {
	c, err := CDLL(testLibc)
	if err != nil {
		b.Fatal(err)
	}
	cmpType := types.FuncType(types.Int, types.VoidP, types.VoidP)
	cmp, err := NewCallbackFunc(func(a, b unsafe.Pointer) int32 {
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
	qsort, _ := c.Func("qsort")
	qsort.Argtypes = []*types.Type{types.VoidP, types.SizeT, types.SizeT, cmpType}
	qsort.Restype = nil
	data := make([]int32, 100000)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		for j := range data {
			data[j] = int32((j * 7919) % 100003)
		}
		if _, err := qsort.Call(data, len(data), 4, cmp); err != nil {
			b.Fatal(err)
		}
	}
}

//go:noinline
func deep(n int) int {
	var pad [1024]byte // 1 KiB a frame: 512 frames grow the stack by 512 KiB
	pad[n%len(pad)] = byte(n)
	if n == 0 {
		return int(pad[0])
	}
	return deep(n-1) + int(pad[n%len(pad)]&1)
}

// TestCallbackGrowsStack: a Go callback that grows the goroutine's stack
// (so the runtime copies it elsewhere) while C is running, called from C
// through both call paths. The call frame of the fast engine lives on that
// stack; the result must still arrive, through the moved frame.
func TestCallbackGrowsStack(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	want := deep(512)
	cb := mustCallback(t, sig, func(args []any) any { return int64(deep(512)) + args[0].(int64) })
	callInt := newFuncT(t, lib, "call_int", types.Int, sig, types.Int)
	typed, err := Fn2[int32, *Callback, int32](lib, "call_int")
	if err != nil {
		t.Fatal(err)
	}
	// The same with the callback's address as an integer: the
	// integer-only plans (integer and pointer arguments only).
	callIntAddr := newFuncT(t, lib, "call_int", types.Int, types.VoidP, types.Int)
	typedAddr, err := Fn2[int32, uintptr, int32](lib, "call_int")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 20; i++ {
		// Fresh goroutines start with small stacks: the callback's growth
		// moves each one's stack during its first C call.
		done := make(chan struct{}, 4)
		go func() {
			defer func() { done <- struct{}{} }()
			if r, err := CallAs[int](callIntAddr, cb.FuncAddr(), i); r != want+i || err != nil {
				t.Errorf("ctypes call by address %d: %d, %v; want %d", i, r, err, want+i)
			}
		}()
		go func() {
			defer func() { done <- struct{}{} }()
			if r := typedAddr(cb.FuncAddr(), int32(i)); int(r) != want+i {
				t.Errorf("typed call by address %d: %d; want %d", i, r, want+i)
			}
		}()
		go func() {
			defer func() { done <- struct{}{} }()
			if r, err := CallAs[int](callInt, cb, i); r != want+i || err != nil {
				t.Errorf("ctypes call %d: %d, %v; want %d", i, r, err, want+i)
			}
		}()
		go func() {
			defer func() { done <- struct{}{} }()
			if r := typed(cb, int32(i)); int(r) != want+i {
				t.Errorf("typed call %d: %d; want %d", i, r, want+i)
			}
		}()
		for range 4 {
			<-done
		}
	}
}

type goBig struct {
	A, B, C float64
	D       int64
}

type goOdd struct{ V [5]int32 }

type goHuge struct{ V [10]float64 }

// afterResults are what big_after, odd_after and huge_after return when
// their callback returns y.
func afterResults(y int) (goBig, goOdd, goHuge) {
	wb := goBig{float64(y), float64(y) * 2, float64(y) * 3, int64(y) * 4}
	wo := goOdd{[5]int32{int32(y), int32(y + 1), int32(y + 2), int32(y + 3), int32(y + 4)}}
	var wh goHuge
	for k := range wh.V {
		wh.V[k] = float64(y) + float64(k)*0.5
	}
	return wb, wo, wh
}

// onFreshStack runs f on a new goroutine, whose small stack the callback
// f's call makes moves, and reports name's result if it is not the one f
// wants; wg waits for it.
func onFreshStack(t *testing.T, wg *sync.WaitGroup, name string, f func() (got, want any)) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if got, want := f(); got != want {
			t.Errorf("%s: %+v, want %+v", name, got, want)
		}
	}()
}

// TestCallbackGrowsStackMemoryResult: results of the MEMORY class, written
// by C on the system stack and copied to a Go variable on a goroutine stack
// that a callback moved meanwhile, arrive where the variable now is.
func TestCallbackGrowsStackMemoryResult(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	want := deep(512)
	cb := mustCallback(t, sig, func(args []any) any { return int64(deep(512)) + args[0].(int64) })
	typedBig, err := Fn2[goBig, *Callback, int32](lib, "big_after")
	if err != nil {
		t.Fatal(err)
	}
	typedOdd, err := Fn2[goOdd, *Callback, int32](lib, "odd_after")
	if err != nil {
		t.Fatal(err)
	}
	typedHuge, err := Fn2[goHuge, *Callback, int32](lib, "huge_after")
	if err != nil {
		t.Fatal(err)
	}
	hugeT := types.MustStructOf("Huge", []types.Field{types.F("v", types.MustArrayOf(types.Double, 10))})
	huge := newFuncT(t, lib, "huge_after", hugeT, sig, types.Int)
	bigT := types.MustStructOf("Big", []types.Field{types.F("a", types.Double), types.F("b", types.Double), types.F("c", types.Double), types.F("d", types.Int64)})
	oddT := types.MustStructOf("Odd", []types.Field{types.F("v", types.MustArrayOf(types.Int32, 5))})
	big := newFuncT(t, lib, "big_after", bigT, sig, types.Int)
	odd := newFuncT(t, lib, "odd_after", oddT, sig, types.Int)
	for i := 0; i < 10; i++ {
		y := want + i
		wb, wo, wh := afterResults(y)
		var wg sync.WaitGroup
		check := func(name string, f func() (any, any)) { onFreshStack(t, &wg, fmt.Sprintf("%s %d", name, i), f) }
		check("typed big", func() (any, any) { return typedBig(cb, int32(i)), wb })
		check("typed odd", func() (any, any) { return typedOdd(cb, int32(i)), wo })
		check("CallAs big", func() (any, any) { r, _ := CallAs[goBig](big, cb, i); return r, wb })
		check("CallAs odd", func() (any, any) { r, _ := CallAs[goOdd](odd, cb, i); return r, wo })
		check("typed huge", func() (any, any) { return typedHuge(cb, int32(i)), wh })
		check("CallAs huge", func() (any, any) { r, _ := CallAs[goHuge](huge, cb, i); return r, wh })
		check("Call big", func() (any, any) {
			v, err := big.Call(cb, i)
			if err != nil {
				return err, wb
			}
			var r goBig
			copy(unsafe.Slice((*byte)(unsafe.Pointer(&r)), unsafe.Sizeof(r)), v.(*types.Value).Bytes())
			return r, wb
		})
		wg.Wait()
	}
}

// TestCallbackGrowsStackEveryEngine: a callback that moves the calling
// goroutine's stack during a call made by either engine; the result the
// engine writes after the function returns must reach the caller (libffi
// once wrote it into the stack's old place: its buffers were small arrays
// the compiler put on the goroutine stack).
func TestCallbackGrowsStackEveryEngine(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	want := deep(512)
	cb := mustCallback(t, sig, func(args []any) any { return int64(deep(512)) + args[0].(int64) })
	engines(t, func(t *testing.T) {
		callInt := newFuncT(t, lib, "call_int", types.Int, sig, types.Int)
		typed, err := Fn2[int32, *Callback, int32](lib, "call_int")
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < 20; i++ {
			done := make(chan struct{}, 3)
			go func() {
				defer func() { done <- struct{}{} }()
				if r, err := CallAs[int](callInt, cb, i); r != want+i || err != nil {
					t.Errorf("CallAs %d: %d, %v; want %d", i, r, err, want+i)
				}
			}()
			go func() {
				defer func() { done <- struct{}{} }()
				if r, err := callInt.Call(cb, i); err != nil || r.(int64) != int64(want+i) {
					t.Errorf("Call %d: %v, %v; want %d", i, r, err, want+i)
				}
			}()
			go func() {
				defer func() { done <- struct{}{} }()
				if r := typed(cb, int32(i)); int(r) != want+i {
					t.Errorf("typed %d: %d; want %d", i, r, want+i)
				}
			}()
			for range 3 {
				<-done
			}
		}
	})
}

// TestCallbackShrinksStackEveryEngine: the collector shrinks a goroutine's
// stack (moving it) while a callback runs inside a call; the result the
// engine writes after the function returns must still reach the caller.
func TestCallbackShrinksStackEveryEngine(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	cb := mustCallback(t, sig, func(args []any) any {
		runtime.GC() // a goroutine using little of a big stack gets a smaller one
		runtime.GC()
		return args[0].(int64) + 7
	})
	engines(t, func(t *testing.T) {
		callInt := newFuncT(t, lib, "call_int", types.Int, sig, types.Int)
		for i := 0; i < 20; i++ {
			done := make(chan struct{})
			go func() {
				defer close(done)
				deep(512) // grow the stack first, then return from the depth
				if r, err := CallAs[int](callInt, cb, i); r != i+7 || err != nil {
					t.Errorf("CallAs %d: %d, %v; want %d", i, r, err, i+7)
				}
			}()
			<-done
		}
	})
}

// TestCallbackFuncWidths is TestCallbackWidths for NewCallbackFunc, whose
// scalar funcs are called without reflect on linux/amd64 (callconv.CallGo):
// C checks that every value comes back as it sent it, also from a func
// that grows its goroutine's stack during the call.
func TestCallbackFuncWidths(t *testing.T) {
	lib := callbackLib(t)
	grow := growStackBy
	for _, tc := range []struct {
		name string
		t    *types.Type
		fn   any
	}{
		{"i8", types.Int8, func(x int8) int8 { return x }},
		{"u8", types.Uint8, func(x uint8) uint8 { return x }},
		{"i16", types.Int16, func(x int16) int16 { return x }},
		{"u16", types.Uint16, func(x uint16) uint16 { return x }},
		{"i32", types.Int32, func(x int32) int32 { return x + int32(grow(0)) }},
		{"u32", types.Uint32, func(x uint32) uint32 { return x }},
		{"i64", types.Int64, func(x int64) int64 { return x + int64(grow(2000)) }},
		{"u64", types.Uint64, func(x uint64) uint64 { return x }},
		{"f32", types.Float, func(x float32) float32 { return x }},
		{"f64", types.Double, func(x float64) float64 { return x + float64(grow(3000)) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cb, err := NewCallbackFunc(tc.fn)
			if err != nil {
				t.Fatal(err)
			}
			defer cb.Free()
			check := newFuncT(t, lib, "check_"+tc.name, types.Int, types.FuncType(tc.t, tc.t))
			if ok, err := CallAs[int](check, cb); ok != 1 || err != nil {
				t.Errorf("C did not get its %s values back through a Go func (%d, %v)", tc.name, ok, err)
			}
		})
	}
}

// growStackBy recurses n times with a frame of 256 bytes.
//
//go:noinline
func growStackBy(n int) int {
	var buf [256]byte
	buf[n%256] = 1
	if n == 0 {
		return 0
	}
	return growStackBy(n-1) + int(buf[n%256]) - 1
}

// TestCallbackGrowsStackRegisterResult: as TestCallbackGrowsStack, for
// results that come back in registers wider than the trampoline's own
// result (a struct of a double and an int, in xmm0 and rax): the engine
// stores them in its call frame after C returns, through the frame's
// address corrected for the stack's move. Typed and CallAs, on fresh
// goroutines whose first C call the callback's growth moves.
func TestCallbackGrowsStackRegisterResult(t *testing.T) {
	lib := callbackLib(t)
	grow, err := CallbackFn2[cbPt, cbPt, int32](func(p cbPt, k int32) cbPt {
		return cbPt{p.X * float64(k), p.Y + k + int32(deep(512))}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer grow.Free()
	apply, err := Fn3[cbPt, *Callback, cbPt, int32](lib, "apply_pt")
	if err != nil {
		t.Fatal(err)
	}
	ptT := types.MustStructOf("Pt", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
	applyF := newFuncT(t, lib, "apply_pt", ptT, types.FuncType(ptT, ptT, types.Int), ptT, types.Int)
	d := int32(deep(512))
	for i := int32(0); i < 20; i++ {
		want := cbPt{1.5 * float64(i), 4 + i + d}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			if got := apply(grow, cbPt{1.5, 4}, i); got != want {
				t.Errorf("typed apply_pt %d: %+v, want %+v", i, got, want)
			}
		}()
		go func() {
			defer wg.Done()
			if got, err := CallAs[cbPt](applyF, grow, cbPt{1.5, 4}, i); got != want || err != nil {
				t.Errorf("CallAs apply_pt %d: %+v, %v; want %+v", i, got, err, want)
			}
		}()
		wg.Wait()
	}
}

// TestDirectStructResultsFollowStack: the direct calls of a struct
// result (binding.mode and prepared.boxedMode modeMem and modePair,
// callconv.CallMem and CallPair) store it where the Go variable is after
// a callback moved the goroutine stack: the callback passed as its
// address (a uintptr), so that nothing is converted and the calls are
// the direct ones (checked), on fresh goroutines whose first C call the
// callback's growth moves. The MEMORY-class results: 32 bytes (big_after)
// and 20 (odd_after), each with its own mem caller, and 80 (huge_after),
// the general trampoline's copy.
func TestDirectStructResultsFollowStack(t *testing.T) {
	lib := callbackLib(t)
	sig := types.FuncType(types.Int, types.Int)
	want := deep(512)
	cb := mustCallback(t, sig, func(args []any) any { return int64(deep(512)) + args[0].(int64) })
	grow, err := CallbackFn2[cbPt, cbPt, int32](func(p cbPt, k int32) cbPt {
		return cbPt{p.X * float64(k), p.Y + k + int32(deep(512))}
	})
	if err != nil {
		t.Fatal(err)
	}
	defer grow.Free()
	amd64 := runtime.GOOS == "linux" && runtime.GOARCH == "amd64"
	mode := func(name string, m, want uint8) {
		t.Helper()
		if amd64 && m != want {
			t.Errorf("%s: mode %d, want %d", name, m, want)
		}
	}
	typedBig, bBig := typedFn2[goBig, uintptr, int32](t, lib, "big_after")
	typedOdd, bOdd := typedFn2[goOdd, uintptr, int32](t, lib, "odd_after")
	typedHuge, bHuge := typedFn2[goHuge, uintptr, int32](t, lib, "huge_after")
	typedPt, bPt := typedFn3[cbPt, uintptr, cbPt, int32](t, lib, "apply_pt")
	mode("typed big_after", uint8(bBig.mode.Load()), modeMem)
	mode("typed odd_after", uint8(bOdd.mode.Load()), modeMem)
	mode("typed huge_after", uint8(bHuge.mode.Load()), modeMem)
	mode("typed apply_pt", uint8(bPt.mode.Load()), modePair)
	bigT := types.MustStructOf("Big", []types.Field{types.F("a", types.Double), types.F("b", types.Double), types.F("c", types.Double), types.F("d", types.Int64)})
	oddT := types.MustStructOf("Odd", []types.Field{types.F("v", types.MustArrayOf(types.Int32, 5))})
	hugeT := types.MustStructOf("Huge", []types.Field{types.F("v", types.MustArrayOf(types.Double, 10))})
	ptT := types.MustStructOf("Pt", []types.Field{types.F("x", types.Double), types.F("y", types.Int)})
	big := newFuncT(t, lib, "big_after", bigT, types.VoidP, types.Int32)
	odd := newFuncT(t, lib, "odd_after", oddT, types.VoidP, types.Int32)
	huge := newFuncT(t, lib, "huge_after", hugeT, types.VoidP, types.Int32)
	pt := newFuncT(t, lib, "apply_pt", ptT, types.VoidP, ptT, types.Int32)
	addr, gaddr := cb.FuncAddr(), grow.FuncAddr()
	for i := int32(0); i < 10; i++ {
		y := want + int(i)
		wb, wo, wh := afterResults(y)
		wp := cbPt{1.5 * float64(i), 4 + i + int32(want)}
		var wg sync.WaitGroup
		check := func(name string, f func() (any, any)) { onFreshStack(t, &wg, fmt.Sprintf("%s %d", name, i), f) }
		check("typed big", func() (any, any) { return typedBig(addr, i), wb })
		check("typed odd", func() (any, any) { return typedOdd(addr, i), wo })
		check("typed huge", func() (any, any) { return typedHuge(addr, i), wh })
		check("typed apply_pt", func() (any, any) { return typedPt(gaddr, cbPt{1.5, 4}, i), wp })
		check("CallAs big", func() (any, any) { r, _ := CallAs[goBig](big, addr, i); return r, wb })
		check("CallAs odd", func() (any, any) { r, _ := CallAs[goOdd](odd, addr, i); return r, wo })
		check("CallAs huge", func() (any, any) { r, _ := CallAs[goHuge](huge, addr, i); return r, wh })
		check("CallAs apply_pt", func() (any, any) { r, _ := CallAs[cbPt](pt, gaddr, cbPt{1.5, 4}, i); return r, wp })
		wg.Wait()
	}
	for _, c := range []struct {
		name string
		f    *Func
		want uint8
	}{{"big_after", big, modeMem}, {"odd_after", odd, modeMem}, {"huge_after", huge, modeMem}, {"apply_pt", pt, modePair}} {
		if p := c.f.cur.Load(); p != nil {
			mode("CallAs "+c.name, p.boxedMode, c.want)
		}
	}
}

// typedFn2 is Fn2 with its binding, to see how it calls.
func typedFn2[R, A1, A2 any](t *testing.T, lib *Library, name string) (func(A1, A2) R, *binding) {
	t.Helper()
	f, err := Fn2[R, A1, A2](lib, name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bindTyped(lib, name, nil, typeFor[R](), typeFor[A1](), typeFor[A2]())
	if err != nil {
		t.Fatal(err)
	}
	var z block2[A1, A2]
	b.atBlock(unsafe.Offsetof(z.a1), unsafe.Offsetof(z.a2))
	return f, b
}

// typedFn3 is typedFn2 for Fn3.
func typedFn3[R, A1, A2, A3 any](t *testing.T, lib *Library, name string) (func(A1, A2, A3) R, *binding) {
	t.Helper()
	f, err := Fn3[R, A1, A2, A3](lib, name)
	if err != nil {
		t.Fatal(err)
	}
	b, err := bindTyped(lib, name, nil, typeFor[R](), typeFor[A1](), typeFor[A2](), typeFor[A3]())
	if err != nil {
		t.Fatal(err)
	}
	var z block3[A1, A2, A3]
	b.atBlock(unsafe.Offsetof(z.a1), unsafe.Offsetof(z.a2), unsafe.Offsetof(z.a3))
	return f, b
}

// TestCallbackFuncStackArgs: a Go func of more integer and float
// parameters than Go's register ABI has registers (9 and 15), of every
// width, called by C through NewCallbackFunc: on linux/amd64 without
// reflect (callconv.CallGo), the rest on its stack at their alignments.
// C computes what the func must return for the values it passes.
func TestCallbackFuncStackArgs(t *testing.T) {
	lib := callbackLib(t)
	fn := func(a0 int8, a1 int16, a2 int32, a3 int64, a4 uint8, a5 uint16, a6 uint32, a7 uint64, a8 int64,
		a9 int8, a10 uint16, a11 int32, a12 int8, a13 int64,
		d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14 float64,
		f15 float32, d16 float64, f17 float32) int64 {
		s := uint64(a0)*1 + uint64(a1)*2 + uint64(a2)*3 + uint64(a3)*4 + uint64(a4)*5 + uint64(a5)*6 +
			uint64(a6)*7 + a7*8 + uint64(a8)*9 + uint64(a9)*10 + uint64(a10)*11 + uint64(a11)*12 +
			uint64(a12)*13 + uint64(a13)*14
		for j, d := range []float64{d0, d1, d2, d3, d4, d5, d6, d7, d8, d9, d10, d11, d12, d13, d14} {
			s += uint64(int64(d*4)) * uint64(j+31)
		}
		s += uint64(int64(f15*4))*46 + uint64(int64(d16*4))*47 + uint64(int64(f17*4))*48
		return int64(s) + int64(growStackBy(100)) // growing the stack while its arguments are on it
	}
	cb, err := NewCallbackFunc(fn)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	if goABIHandler(reflect.ValueOf(fn)) == nil && callconv.GoABI {
		t.Error("the func is not called through callconv.CallGo")
	}
	call := newFuncT(t, lib, "wide_call", types.Int64, types.VoidP)
	ref := newFuncT(t, lib, "wide_ref", types.Int64)
	want, err := CallAs[int64](ref)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if got, err := CallAs[int64](call, cb); got != want || err != nil {
			t.Fatalf("wide_call: the Go func returned %d (%v); C computes %d for the values it passed", got, err, want)
		}
	}
}

type w2AD struct {
	B float64
	A int64
}

type w2FC struct {
	F float32
	C int8
}

type w2Res struct {
	X float64
	N int64
}

// TestCallbackFuncStackStructs: Go structs past Go's integer registers
// go whole on the func's stack (the double field of one included, as Go's
// ABI assigns them, and the float register its first field would have
// taken given back to the double after them), and a struct result comes
// back in registers, through
// NewCallbackFunc (callconv.CallGo on linux/amd64). C computes the sum the
// func must return.
func TestCallbackFuncStackStructs(t *testing.T) {
	lib := callbackLib(t)
	fn := func(a1, a2, a3, a4, a5, a6, a7, a8, a9 int64, ad w2AD, fc w2FC, k int32, z float64) w2Res {
		s := int64(0)
		for i, a := range []int64{a1, a2, a3, a4, a5, a6, a7, a8, a9} {
			s += a * int64(i+1)
		}
		s += ad.A*10 + int64(ad.B*4)*11 + int64(fc.F*4)*12 + int64(fc.C)*13 + int64(k)*14 + int64(z*4)*15
		growStackBy(50)
		return w2Res{X: float64(s) / 4, N: s}
	}
	cb, err := NewCallbackFunc(fn)
	if err != nil {
		t.Fatal(err)
	}
	defer cb.Free()
	if goABIHandler(reflect.ValueOf(fn)) == nil && callconv.GoABI {
		t.Error("the func is not called through callconv.CallGo")
	}
	want, err := CallAs[int64](newFuncT(t, lib, "wide2_ref", types.Int64))
	if err != nil {
		t.Fatal(err)
	}
	call := newFuncT(t, lib, "wide2_call", types.Int64, types.VoidP)
	if got, err := CallAs[int64](call, cb); got != want || err != nil {
		t.Fatalf("wide2_call: %d (%v); C computes %d", got, err, want)
	}
}

// TestCallbackArgsBoxed checks that NewCallback's arguments boxed in one
// block (callbackArgs) are the values, of the Go types, that converting
// each alone gives (callbackArg, types.Type.GoValue), for every fundamental
// type but the strings and long double, over bit patterns of every width.
func TestCallbackArgsBoxed(t *testing.T) {
	patterns := []uint64{0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000,
		0xffffffff, 0x3ff0000000000000, 0x7fffffffffffffff, 0x8000000000000000, 0xffffffffffffffff, 0x12345678deadbeef}
	var ts []*types.Type
	for _, ft := range types.Fundamentals() {
		switch ft.Kind() {
		case types.KindCharP, types.KindWCharP, types.KindLongDouble:
			continue
		}
		ts = append(ts, ft)
	}
	for _, bits := range patterns {
		words := make([]uint64, len(ts))
		argv := make([]unsafe.Pointer, len(ts))
		for i := range ts {
			words[i] = bits
			argv[i] = unsafe.Pointer(&words[i])
		}
		got := callbackArgs(ts, argv)
		for i, ft := range ts {
			want := callbackArg(ft, argv[i])
			same := reflect.DeepEqual(got[i], want)
			if g, ok := got[i].(float64); ok {
				w, _ := want.(float64)
				same = math.Float64bits(g) == math.Float64bits(w) // NaNs too
			}
			if reflect.TypeOf(got[i]) != reflect.TypeOf(want) || !same {
				t.Errorf("%s from %#x: %T(%v), want %T(%v)", ft.Name(), bits, got[i], got[i], want, want)
			}
		}
	}
}
