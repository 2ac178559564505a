//go:build linux && (amd64 || arm64)

package callconv

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testexec"
)

func TestMain(m *testing.M) {
	testexec.Main(m, testexec.Roles{
		"leafcallback": leafCallbackChild,
		"leaffault":    leafFaultChild,
		"cgofault":     cgoFaultChild,
	})
}

// long reports whether the stress tests run long (CTYPES_LONG=1).
func long() bool { return os.Getenv("CTYPES_LONG") == "1" }

// leafLib is testdata/leaf.c, loaded.
type leafLib struct {
	path string
	h    uintptr
}

func openLeaf(tb testing.TB) *leafLib {
	tb.Helper()
	path := cbuild.Test(tb, "leaf")
	l, err := openLeafPath(path)
	if err != nil {
		tb.Fatal(err)
	}
	return l
}

func openLeafPath(path string) (*leafLib, error) {
	h, err := purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
	if err != nil {
		return nil, fmt.Errorf("dlopen %s: %w", path, err)
	}
	return &leafLib{path, h}, nil
}

func (l *leafLib) sym(tb testing.TB, name string) uintptr {
	tb.Helper()
	fn, err := purego.Dlsym(l.h, name)
	if err != nil {
		tb.Fatalf("dlsym %s: %v", name, err)
	}
	return fn
}

// plans returns the plan of ret(args...) and its leaf copies of every
// bound, named.
func plans(tb testing.TB, ret Layout, args []Layout, nfixed int) (*Plan, map[string]*Plan) {
	tb.Helper()
	p, err := NewPlan(ret, args, nfixed)
	if err != nil {
		tb.Fatal(err)
	}
	leaves := map[string]*Plan{}
	for _, b := range []uintptr{LeafStack16K, LeafStack64K, LeafStack256K, LeafStack1M} {
		q, err := p.WithLeaf(b)
		if err != nil {
			tb.Fatal(err)
		}
		if q.LeafStack() != b {
			tb.Fatalf("WithLeaf(%d).LeafStack() = %d", b, q.LeafStack())
		}
		leaves[strconv.Itoa(int(b>>10))+"K"] = q
	}
	return p, leaves
}

type vec3 struct{ x, y, z float64 }

type pair struct {
	a int64
	b float64
}

var (
	vec3L = agg(24, 8, f(0, 8), f(8, 8), f(16, 8))
	pairL = agg(16, 8, i(0, 8), f(8, 8))
	ptrL  = i64
)

// argv returns the argument array of pointers to each value.
func argv(vals ...unsafe.Pointer) *unsafe.Pointer {
	if len(vals) == 0 {
		return nil
	}
	return &vals[0]
}

// leafCase is one signature of the test library called both ways: run
// makes the call with invoke and returns the result's bytes.
type leafCase struct {
	name  string
	ret   Layout
	args  []Layout
	fixed int
	run   func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte
	check func(b []byte) error // against Go's own computation, where exact
}

func bytesOf[T any](v *T) []byte {
	return append([]byte(nil), unsafe.Slice((*byte)(unsafe.Pointer(v)), unsafe.Sizeof(*v))...)
}

type big3 struct{ a, b, c int64 }

var bigL = agg(24, 8, i(0, 8), i(8, 8), i(16, 8))

// leafCases are the signatures the leaf tests call: of registers, of
// stack words, of structs by value both ways (an AAPCS64 HFA, a System V
// MEMORY struct; over 16 bytes of integers: passed by reference to a copy
// the callee may write, in a register and on the stack, and returned
// through x8, on arm64), variadic.
func leafCases() []leafCase {
	return []leafCase{
		{"leaf_add", i32, []Layout{i32, i32}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				a, b, r := int32(40), int32(-2), int32(0)
				invoke(p, fn, argv(unsafe.Pointer(&a), unsafe.Pointer(&b)), unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*int32)(unsafe.Pointer(&b[0])); r != 38 {
					return fmt.Errorf("40 + -2 = %d", r)
				}
				return nil
			}},
		{"leaf_sin", f64, []Layout{f64}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				x, r := 0.75, 0.0
				invoke(p, fn, argv(unsafe.Pointer(&x)), unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*float64)(unsafe.Pointer(&b[0])); math.Abs(r-math.Sin(0.75)) > 1e-15 {
					return fmt.Errorf("sin(0.75) = %v", r)
				}
				return nil
			}},
		{"leaf_vec3_scale", vec3L, []Layout{f64, f64, f64, f64}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				x, y, z, k := 1.5, -2.0, 0.25, 3.0
				var r vec3
				invoke(p, fn, argv(unsafe.Pointer(&x), unsafe.Pointer(&y), unsafe.Pointer(&z), unsafe.Pointer(&k)), unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*vec3)(unsafe.Pointer(&b[0])); r != (vec3{4.5, -12, 2.25}) {
					return fmt.Errorf("vec3_scale = %v", r)
				}
				return nil
			}},
		{"leaf_pair_mix", pairL, []Layout{pairL, i32}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				in, k := pair{-7, 10}, int32(4)
				var r pair
				invoke(p, fn, argv(unsafe.Pointer(&in), unsafe.Pointer(&k)), unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*pair)(unsafe.Pointer(&b[0])); r != (pair{-28, 2.5}) {
					return fmt.Errorf("pair_mix = %v", r)
				}
				return nil
			}},
		{"leaf_mix20", f64, mix20Layouts(), -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				a, d, ptrs := mix20Args()
				_, _ = a, d
				var r float64
				invoke(p, fn, &ptrs[0], unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				a, d, _ := mix20Args()
				want := 0.0
				for k := 0; k < 10; k++ {
					want += float64(a[k])*float64(k+1) + d[k]*float64(k+11)
				}
				if r := *(*float64)(unsafe.Pointer(&b[0])); r != want {
					return fmt.Errorf("mix20 = %v, want %v", r, want)
				}
				return nil
			}},
		{"leaf_vec3_cross", vec3L, []Layout{vec3L, vec3L}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				u, v := vec3{1, 2, 3}, vec3{-4, 5, 0.5}
				var r vec3
				invoke(p, fn, argv(unsafe.Pointer(&u), unsafe.Pointer(&v)), unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*vec3)(unsafe.Pointer(&b[0])); r != (vec3{2*0.5 - 3*5, 3*-4 - 1*0.5, 1*5 - 2*-4}) {
					return fmt.Errorf("vec3_cross = %v", r)
				}
				return nil
			}},
		{"leaf_vsum", f64, []Layout{i32, f64, f64, f64, f64, f64, f64, f64, f64, f64, f64}, 1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				n := int32(10)
				var xs [10]float64
				ptrs := []unsafe.Pointer{unsafe.Pointer(&n)}
				for k := range xs {
					xs[k] = float64(k) + 0.5
					ptrs = append(ptrs, unsafe.Pointer(&xs[k]))
				}
				var r float64
				invoke(p, fn, &ptrs[0], unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				want := 0.0
				for k := 0; k < 10; k++ {
					want += (float64(k) + 0.5) * float64(k+1)
				}
				if r := *(*float64)(unsafe.Pointer(&b[0])); r != want {
					return fmt.Errorf("vsum = %v, want %v", r, want)
				}
				return nil
			}},
		{"leaf_big_mix", bigL, []Layout{bigL, bigL, i32}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				u, v, k := big3{3, -5, 0x70}, big3{11, 13, -17}, int32(6)
				var r big3
				invoke(p, fn, argv(unsafe.Pointer(&u), unsafe.Pointer(&v), unsafe.Pointer(&k)), unsafe.Pointer(&r))
				if u != (big3{3, -5, 0x70}) || v != (big3{11, 13, -17}) {
					return []byte(fmt.Sprintf("the caller's structs changed: %v %v", u, v))
				}
				return bytesOf(&r)
			},
			func(b []byte) error {
				if r := *(*big3)(unsafe.Pointer(&b[0])); r != (big3{3*6 - 17, -5 - 13*6, 0x70 ^ 11}) {
					return fmt.Errorf("big_mix = %v", r)
				}
				return nil
			}},
		{"leaf_big_late", i64, []Layout{i64, i64, i64, i64, i64, i64, i64, i64, bigL}, -1,
			func(p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) []byte {
				var a [8]int64
				ptrs := make([]unsafe.Pointer, 0, 9)
				for k := range a {
					a[k] = int64(k + 1)
					ptrs = append(ptrs, unsafe.Pointer(&a[k]))
				}
				x := big3{4, 5, 6}
				ptrs = append(ptrs, unsafe.Pointer(&x))
				var r int64
				invoke(p, fn, &ptrs[0], unsafe.Pointer(&r))
				return bytesOf(&r)
			},
			func(b []byte) error {
				want := int64(0)
				for k := int64(1); k <= 8; k++ {
					want += k * k
				}
				want = want*1000 + 456
				if r := *(*int64)(unsafe.Pointer(&b[0])); r != want {
					return fmt.Errorf("big_late = %d, want %d", r, want)
				}
				return nil
			}},
	}
}

func mix20Layouts() []Layout {
	var ls []Layout
	for k := 0; k < 10; k++ {
		ls = append(ls, i64, f64)
	}
	return ls
}

func mix20Args() (a [10]int64, d [10]float64, ptrs []unsafe.Pointer) {
	for k := 0; k < 10; k++ {
		a[k] = int64(k*k) - 30
		d[k] = float64(k)/8 - 0.3
	}
	for k := 0; k < 10; k++ {
		ptrs = append(ptrs, unsafe.Pointer(&a[k]), unsafe.Pointer(&d[k]))
	}
	return a, d, ptrs
}

// TestLeafCalls: every signature shape (integers, doubles, a struct in
// registers, a struct returned in memory, a struct passed on the stack,
// twenty arguments with stack words, a variadic call) gives through a
// leaf call of every bound the bytes the ordinary call gives, and the
// value Go computes.
func TestLeafCalls(t *testing.T) {
	lib := openLeaf(t)
	for _, c := range leafCases() {
		fn := lib.sym(t, c.name)
		p, leaves := plans(t, c.ret, c.args, c.fixed)
		want := c.run(p, fn, invokeOrdinary)
		if err := c.check(want); err != nil {
			t.Errorf("%s, ordinary call: %v", c.name, err)
		}
		for name, q := range leaves {
			got := c.run(q, fn, (*Plan).InvokeLeaf)
			if !bytes.Equal(got, want) {
				t.Errorf("%s, leaf %s: % x, ordinary call % x", c.name, name, got, want)
			}
		}
		// A plan not made by WithLeaf: the default bound.
		if got := c.run(p, fn, (*Plan).InvokeLeaf); !bytes.Equal(got, want) {
			t.Errorf("%s, leaf call of a plain plan: % x, ordinary call % x", c.name, got, want)
		}
	}
}

// TestLeafStackMoves: every signature again, each call from a new
// goroutine, whose small stack the trampoline's prologue must grow (copy)
// after the arguments were placed: the stack words and a result returned
// in memory on the goroutine stack must follow the move.
func TestLeafStackMoves(t *testing.T) {
	lib := openLeaf(t)
	for _, c := range leafCases() {
		fn := lib.sym(t, c.name)
		p, leaves := plans(t, c.ret, c.args, c.fixed)
		want := c.run(p, fn, invokeOrdinary)
		for name, q := range leaves {
			got := make(chan []byte)
			go func() { got <- c.run(q, fn, (*Plan).InvokeLeaf) }()
			if g := <-got; !bytes.Equal(g, want) {
				t.Errorf("%s, leaf %s from a new goroutine: % x, ordinary call % x", c.name, name, g, want)
			}
		}
	}
}

// TestLeafResultNil: a result in memory (System V's MEMORY class,
// AAPCS64's x8) with no destination goes to the trampoline's scratch;
// register results are dropped.
func TestLeafResultNil(t *testing.T) {
	lib := openLeaf(t)
	_, leaves := plans(t, vec3L, []Layout{f64, f64, f64, f64}, -1)
	x := 1.0
	for name, q := range leaves {
		q.InvokeLeaf(lib.sym(t, "leaf_vec3_scale"), argv(unsafe.Pointer(&x), unsafe.Pointer(&x), unsafe.Pointer(&x), unsafe.Pointer(&x)), nil)
		_ = name
	}
	_, leaves = plans(t, bigL, []Layout{bigL, bigL, i32}, -1)
	u, k := big3{1, 2, 3}, int32(2)
	for _, q := range leaves {
		q.InvokeLeaf(lib.sym(t, "leaf_big_mix"), argv(unsafe.Pointer(&u), unsafe.Pointer(&u), unsafe.Pointer(&k)), nil)
	}
	_, leaves = plans(t, i32, []Layout{i32, i32}, -1)
	a := int32(1)
	leaves["16K"].InvokeLeaf(lib.sym(t, "leaf_add"), argv(unsafe.Pointer(&a), unsafe.Pointer(&a)), nil)
}

// TestLeafStackBound: C using nearly all of each bound leaves the Go
// frames around the call intact (the trampoline's frame holds it), from a
// goroutine whose stack starts small and grows in the trampoline's
// prologue.
func TestLeafStackBound(t *testing.T) {
	lib := openLeaf(t)
	fn := lib.sym(t, "leaf_stack")
	p, leaves := plans(t, i64, []Layout{i32}, -1)
	for name, q := range leaves {
		kb := int32(q.LeafStack()>>10) - 4 // each level uses a little over 1 KiB
		var want int64
		invokeOrdinary(p, fn, argv(unsafe.Pointer(&kb)), unsafe.Pointer(&want))
		done := make(chan error)
		go func() {
			var canary [64]uint64
			for k := range canary {
				canary[k] = uint64(k) * 0x9e3779b97f4a7c15
			}
			var got int64
			q.InvokeLeaf(fn, argv(unsafe.Pointer(&kb)), unsafe.Pointer(&got))
			for k := range canary {
				if canary[k] != uint64(k)*0x9e3779b97f4a7c15 {
					done <- fmt.Errorf("canary word %d overwritten", k)
					return
				}
			}
			if got != want {
				done <- fmt.Errorf("leaf_stack(%d) = %d, ordinary call %d", kb, got, want)
				return
			}
			done <- nil
		}()
		if err := <-done; err != nil {
			t.Errorf("bound %s: %v", name, err)
		}
	}
}

// leafWork makes calls of add, sin, vec3_scale and mix20 with values from
// seed, checking each against Go's computation of it; it returns the
// first mismatch.
type leafWork struct {
	add, sin, vec, mix     uintptr
	addP, sinP, vecP, mixP *Plan
	mixA                   [10]int64
	mixD                   [10]float64
	mixWant                float64
}

func newLeafWork(tb testing.TB, lib *leafLib, bound uintptr) *leafWork {
	w := &leafWork{add: lib.sym(tb, "leaf_add"), sin: lib.sym(tb, "leaf_sin"), vec: lib.sym(tb, "leaf_vec3_scale"), mix: lib.sym(tb, "leaf_mix20")}
	leaf := func(ret Layout, args ...Layout) *Plan {
		p, err := NewPlan(ret, args, -1)
		if err == nil {
			p, err = p.WithLeaf(bound)
		}
		if err != nil {
			tb.Fatal(err)
		}
		return p
	}
	w.addP = leaf(i32, i32, i32)
	w.sinP = leaf(f64, f64)
	w.vecP = leaf(vec3L, f64, f64, f64, f64)
	w.mixP = leaf(f64, mix20Layouts()...)
	w.mixA, w.mixD, _ = mix20Args()
	for k := 0; k < 10; k++ {
		w.mixWant += float64(w.mixA[k])*float64(k+1) + w.mixD[k]*float64(k+11)
	}
	return w
}

func (w *leafWork) run(seed, n int) error {
	a, d := w.mixA, w.mixD // this goroutine's own copies, on its stack
	ptrs := make([]unsafe.Pointer, 0, 20)
	for k := 0; k < 10; k++ {
		ptrs = append(ptrs, unsafe.Pointer(&a[k]), unsafe.Pointer(&d[k]))
	}
	for k := 0; k < n; k++ {
		x, y := int32(seed*7919+k), int32(k*31-seed)
		var s int32
		w.addP.InvokeLeaf(w.add, argv(unsafe.Pointer(&x), unsafe.Pointer(&y)), unsafe.Pointer(&s))
		if s != x+y {
			return fmt.Errorf("add(%d, %d) = %d", x, y, s)
		}
		v := float64(k%1000) / 250
		var sv float64
		w.sinP.InvokeLeaf(w.sin, argv(unsafe.Pointer(&v)), unsafe.Pointer(&sv))
		if math.Abs(sv-math.Sin(v)) > 1e-15 {
			return fmt.Errorf("sin(%v) = %v", v, sv)
		}
		kf := float64(seed + 1)
		var r vec3
		w.vecP.InvokeLeaf(w.vec, argv(unsafe.Pointer(&v), unsafe.Pointer(&kf), unsafe.Pointer(&v), unsafe.Pointer(&kf)), unsafe.Pointer(&r))
		if r != (vec3{v * kf, kf * kf * 2, v * kf * 3}) {
			return fmt.Errorf("vec3_scale(%v, %v, %v, %v) = %v", v, kf, v, kf, r)
		}
		if k%8 == 0 {
			var m float64
			w.mixP.InvokeLeaf(w.mix, &ptrs[0], unsafe.Pointer(&m))
			if m != w.mixWant {
				return fmt.Errorf("mix20 = %v, want %v", m, w.mixWant)
			}
		}
	}
	return nil
}

// TestLeafStressGC: 64 goroutines make leaf calls with the collector
// running all the time (GOGC=1, and garbage made), every result checked.
func TestLeafStressGC(t *testing.T) {
	lib := openLeaf(t)
	w := newLeafWork(t, lib, 0)
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	n := 2000
	if long() {
		n = 40000
	}
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for g := 0; g < 64; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var garbage [][]byte
			for k := 0; k < 4; k++ {
				if err := w.run(g*4+k, n/4); err != nil {
					errs <- fmt.Errorf("goroutine %d: %w", g, err)
					return
				}
				garbage = append(garbage, make([]byte, 1<<10))
			}
			_ = garbage
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// deepLeaf recurses depth frames, making a leaf call at every level and
// checking its result and the level's own locals after it: the stack is
// copied many times on the way down (and shrunk by the collector).
//
//go:noinline
func deepLeaf(w *leafWork, depth int) error {
	var local [4]int64
	for k := range local {
		local[k] = int64(depth*4 + k)
	}
	x, y := int32(depth), int32(3)
	var s int32
	w.addP.InvokeLeaf(w.add, argv(unsafe.Pointer(&x), unsafe.Pointer(&y)), unsafe.Pointer(&s))
	if s != x+y {
		return fmt.Errorf("depth %d: add = %d", depth, s)
	}
	if depth%5000 == 0 {
		runtime.GC() // may shrink the stack: the next call grows it again
	}
	if depth > 0 {
		if err := deepLeaf(w, depth-1); err != nil {
			return err
		}
	}
	for k := range local {
		if local[k] != int64(depth*4+k) {
			return fmt.Errorf("depth %d: local %d changed to %d", depth, k, local[k])
		}
	}
	return nil
}

// TestLeafDeepStack: leaf calls from 100,000 frames deep, with stack
// copies between them.
func TestLeafDeepStack(t *testing.T) {
	lib := openLeaf(t)
	rounds := 1
	if long() {
		rounds = 10
	}
	for _, bound := range []uintptr{LeafStack16K, LeafStack1M} {
		w := newLeafWork(t, lib, bound)
		for r := 0; r < rounds; r++ {
			done := make(chan error)
			go func() { done <- deepLeaf(w, 100_000) }()
			if err := <-done; err != nil {
				t.Fatalf("bound %d: %v", bound, err)
			}
		}
	}
}

// TestLeafProfiling: leaf calls stay right with the CPU profiler's
// signals arriving while C runs (and while the trampoline runs).
func TestLeafProfiling(t *testing.T) {
	lib := openLeaf(t)
	w := newLeafWork(t, lib, 0)
	stackFn := lib.sym(t, "leaf_stack")
	stackP, err := NewPlan(i64, []Layout{i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	var want int64
	kb := int32(40)
	invokeOrdinary(stackP, stackFn, argv(unsafe.Pointer(&kb)), unsafe.Pointer(&want))
	if stackP, err = stackP.WithLeaf(0); err != nil {
		t.Fatal(err)
	}
	var prof bytes.Buffer
	if err := pprof.StartCPUProfile(&prof); err != nil {
		t.Skipf("skipping: a CPU profile is running already: %v", err)
	}
	// Long enough for the profiler's signals (100 a second) to arrive in
	// C and in the trampolines many times.
	d := 500 * time.Millisecond
	if long() {
		d = 5 * time.Second
	}
	end := time.Now().Add(d)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for time.Now().Before(end) {
				if err := w.run(g, 2000); err != nil {
					errs <- err
					return
				}
			}
			for k := 0; k < 1000; k++ {
				var got int64
				stackP.InvokeLeaf(stackFn, argv(unsafe.Pointer(&kb)), unsafe.Pointer(&got))
				if got != want {
					errs <- fmt.Errorf("leaf_stack = %d, want %d", got, want)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	pprof.StopCPUProfile()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if prof.Len() == 0 {
		t.Error("empty CPU profile")
	}
	if out := os.Getenv("CTYPES_LEAF_PROFILE"); out != "" {
		if err := os.WriteFile(out, prof.Bytes(), 0o644); err != nil {
			t.Error(err)
		}
	}
}

// TestLeafErrno: a goroutine locked to its thread reads, after a leaf
// call, the errno the call set, as after an ordinary call; 16 goroutines
// at once, each its own value.
func TestLeafErrno(t *testing.T) {
	lib := openLeaf(t)
	locP, err := NewPlan(ptrL, nil, -1)
	if err == nil {
		locP, err = locP.WithLeaf(0)
	}
	setP, err2 := NewPlan(i32, []Layout{i32}, -1)
	if err2 == nil {
		setP, err2 = setP.WithLeaf(0)
	}
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	loc, set := lib.sym(t, "leaf_errno_location"), lib.sym(t, "leaf_set_errno")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			var where uintptr
			locP.InvokeLeaf(loc, nil, unsafe.Pointer(&where))
			for k := 0; k < 1000; k++ {
				v := int32(g*1000 + k + 1)
				var r int32
				setP.InvokeLeaf(set, argv(unsafe.Pointer(&v)), unsafe.Pointer(&r))
				if got := *(*int32)(addrPtr(where)); r != -1 || got != v {
					errs <- fmt.Errorf("goroutine %d: errno %d after setting %d (result %d)", g, got, v, r)
					return
				}
				if k%100 == 0 {
					runtime.Gosched()
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A callback handler for the tests: int f(int x) returns 3x.
var leafCbPlan = sync.OnceValue(func() *Plan {
	p, err := NewPlan(i32, []Layout{i32}, -1)
	if err != nil {
		panic(err)
	}
	return p
})

// setTripleHandler makes the triple the callback handler (the caller
// restores the one before it, in process) and returns entry 7's address.
func setTripleHandler() (uintptr, error) {
	SetCallbackHandler(tripleHandler)
	return EntryAddr(7)
}

// tripleHandler is a top-level function: the arm64 entry calls a
// handler's code without a closure context.
func tripleHandler(cf *CallbackFrame) {
	p := leafCbPlan()
	argv, ret, _ := p.Decode(cf)
	x := **(**int32)(argv)
	*(*int32)(ret) = 3 * x
	p.Encode(cf)
}

// TestCallbackOrdinaryCall: the callback entry's leaf check lets through
// the callbacks of ordinary calls, on the calling thread (g0) and on a
// thread Go never saw.
func TestCallbackOrdinaryCall(t *testing.T) {
	lib := openLeaf(t)
	prev := callbackHandler
	t.Cleanup(func() { SetCallbackHandler(prev) })
	entry, err := setTripleHandler()
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewPlan(i32, []Layout{ptrL, i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.WithLeaf(0); err != nil { // the fault handler in place too
		t.Fatal(err)
	}
	for _, name := range []string{"leaf_apply", "leaf_apply_thread"} {
		x := int32(14)
		var r int32
		invokeOrdinary(p, lib.sym(t, name), argv(unsafe.Pointer(&entry), unsafe.Pointer(&x)), unsafe.Pointer(&r))
		if r != 3*14+1 {
			t.Errorf("%s(triple, 14) = %d, want %d", name, r, 3*14+1)
		}
	}
}

// TestGoFaultStillPanics: with the leaf fault handler in place, a nil
// dereference in Go is still a recoverable panic.
func TestGoFaultStillPanics(t *testing.T) {
	p, _ := NewPlan(i32, nil, -1)
	if _, err := p.WithLeaf(0); err != nil {
		t.Fatal(err)
	}
	var r any
	func() {
		defer func() { r = recover() }()
		var q *int
		*q = 1
	}()
	if err, ok := r.(runtime.Error); !ok || !strings.Contains(err.Error(), "nil pointer dereference") {
		t.Errorf("nil dereference in Go recovered %v, want a runtime.Error", r)
	}
}

// childLib opens the library the parent passed.
func childLib(args []string) *leafLib {
	l, err := openLeafPath(args[0])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	return l
}

func childSym(l *leafLib, name string) uintptr {
	fn, err := purego.Dlsym(l.h, name)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	return fn
}

// recoverAndSay prints RECOVERED if a panic reaches it: a leaf misuse
// must never be recoverable.
func recoverAndSay() {
	if r := recover(); r != nil {
		fmt.Println("RECOVERED", r)
		os.Exit(0)
	}
}

// leafCallbackChild makes a leaf call of leaf_apply with a callback entry.
func leafCallbackChild(args []string) int {
	l := childLib(args)
	entry, err := setTripleHandler()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	p, _ := NewPlan(i32, []Layout{ptrL, i32}, -1)
	if p, err = p.WithLeaf(0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	fn := childSym(l, "leaf_apply")
	NameLeaf(fn, "leaf_apply")
	defer recoverAndSay()
	x := int32(5)
	var r int32
	p.InvokeLeaf(fn, argv(unsafe.Pointer(&entry), unsafe.Pointer(&x)), unsafe.Pointer(&r))
	fmt.Println("RETURNED", r)
	return 0
}

// goPC is a Go PC in a function with a defer, which leaf_deref_pc leaves
// at its SP when it faults.
func goPC() (r int) {
	defer func() { r++ }()
	return int(reflect.ValueOf(goPC).Pointer())
}

// leafFaultChild makes the leaf call that faults in the form args[1].
func leafFaultChild(args []string) int {
	l := childLib(args)
	form := args[1]
	var p *Plan
	var ptrs []unsafe.Pointer
	var null uintptr
	depth := int32(50)
	pc := int64(goPC() + 1)
	a, b := int32(7), int32(0)
	sym, bound := form, uintptr(0)
	switch form {
	case "leaf_deref":
		p, _ = NewPlan(i32, []Layout{ptrL}, -1)
		ptrs = []unsafe.Pointer{unsafe.Pointer(&null)}
	case "leaf_deref_deep":
		p, _ = NewPlan(i32, []Layout{ptrL, i32}, -1)
		ptrs = []unsafe.Pointer{unsafe.Pointer(&null), unsafe.Pointer(&depth)}
	case "leaf_deref_pc":
		p, _ = NewPlan(i32, []Layout{ptrL, i64}, -1)
		ptrs = []unsafe.Pointer{unsafe.Pointer(&null), unsafe.Pointer(&pc)}
	case "leaf_div":
		p, _ = NewPlan(i32, []Layout{i32, i32}, -1)
		ptrs = []unsafe.Pointer{unsafe.Pointer(&a), unsafe.Pointer(&b)}
	case "leaf_trap", "leaf_trap_udf":
		p, _ = NewPlan(Layout{Void: true}, nil, -1)
		ptrs = []unsafe.Pointer{nil}
	case "leaf_deref_stack":
		// leaf_deref with 250 more arguments, on the stack (unread), and the
		// 1 MiB bound: the leaf record lies far above the C call's SP.
		sym, bound = "leaf_deref", LeafStack1M
		ls := []Layout{ptrL}
		ptrs = []unsafe.Pointer{unsafe.Pointer(&null)}
		for k := 0; k < 250; k++ {
			ls = append(ls, i64)
			ptrs = append(ptrs, unsafe.Pointer(&pc))
		}
		p, _ = NewPlan(i32, ls, -1)
	default:
		fmt.Fprintln(os.Stderr, "unknown form", form)
		return 3
	}
	p, err := p.WithLeaf(bound)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	fn := childSym(l, sym)
	NameLeaf(fn, form)
	defer recoverAndSay()
	var r int32
	p.InvokeLeaf(fn, &ptrs[0], unsafe.Pointer(&r))
	fmt.Println("RETURNED", r)
	return 0
}

// cgoFaultChild makes an ordinary call of leaf_deref(NULL), with the leaf
// fault handler in place: Go's own handling, forwarded.
func cgoFaultChild(args []string) int {
	l := childLib(args)
	p, _ := NewPlan(i32, []Layout{ptrL}, -1)
	if _, err := p.WithLeaf(0); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 3
	}
	var null uintptr
	var r int32
	invokeOrdinary(p, childSym(l, "leaf_deref"), argv(unsafe.Pointer(&null)), unsafe.Pointer(&r))
	fmt.Println("RETURNED", r)
	return 0
}

// runChild runs the test binary in role with args and returns its exit
// code and output.
func runChild(t *testing.T, role string, args ...string) (int, string) {
	t.Helper()
	cmd := testexec.Command(t, role, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String()
	}
	t.Fatalf("%s: %v", role, err)
	return 0, ""
}

// TestLeafCallbackFatal: a callback reached during a leaf call ends the
// program with a fatal error naming the leaf call, not recoverable.
func TestLeafCallbackFatal(t *testing.T) {
	lib := openLeaf(t)
	code, out := runChild(t, "leafcallback", lib.path)
	t.Logf("the child's exit code %d, output:\n%s", code, out)
	want := "fatal error: callconv: C called back into Go (callback entry 7) during a leaf call of the C function at 0x"
	if code != 2 || !strings.Contains(out, want) || !strings.Contains(out, "(leaf_apply): a leaf function must never call back into Go") ||
		!strings.Contains(out, "InvokeLeaf") || strings.Contains(out, "RECOVERED") || strings.Contains(out, "RETURNED") {
		t.Errorf("exit code %d, output:\n%s\nwant exit code 2, %q and a traceback through InvokeLeaf", code, out, want)
	}
}

// TestLeafFaultFatal: a fault inside a leaf call, in every form that Go's
// own handler treated differently (at once, under C frames, with a Go PC
// at C's SP; each fault signal the architecture raises: leafFaultForms),
// ends the program with a fatal
// error naming the leaf call, never a recoverable panic.
func TestLeafFaultFatal(t *testing.T) {
	lib := openLeaf(t)
	for _, c := range leafFaultForms {
		code, out := runChild(t, "leaffault", lib.path, c.form)
		t.Logf("%s: the child's exit code %d, output:\n%s", c.form, code, out)
		want := "fatal error: callconv: " + c.sig
		if code != 2 || !strings.Contains(out, want) || !strings.Contains(out, "inside a leaf call of the C function at 0x") ||
			!strings.Contains(out, "("+c.form+")") || !strings.Contains(out, "InvokeLeaf") ||
			strings.Contains(out, "RECOVERED") || strings.Contains(out, "RETURNED") {
			t.Errorf("%s: exit code %d, output:\n%s\nwant exit code 2, %q and a traceback through InvokeLeaf", c.form, code, out, want)
		}
	}
}

// TestCgoFaultForwarded: a fault in an ordinary call still gets Go's own
// fatal signal error ("signal arrived during cgo execution").
func TestCgoFaultForwarded(t *testing.T) {
	lib := openLeaf(t)
	code, out := runChild(t, "cgofault", lib.path)
	if code != 2 || !strings.Contains(out, "SIGSEGV") || !strings.Contains(out, "signal arrived during cgo execution") || strings.Contains(out, "leaf call") {
		t.Errorf("exit code %d, output:\n%s\nwant Go's own fatal SIGSEGV error", code, out)
	}
}

// Benchmarks: the ordinary call (runtime.cgocall) against the leaf call,
// for an integer add and sin, a struct returned in memory and twenty
// arguments.
func BenchmarkLeaf(b *testing.B) {
	lib := openLeaf(b)
	for _, c := range leafCases() {
		switch c.name {
		case "leaf_add", "leaf_sin", "leaf_vec3_scale", "leaf_mix20":
		default:
			continue
		}
		fn := lib.sym(b, c.name)
		p, err := NewPlan(c.ret, c.args, c.fixed)
		if err != nil {
			b.Fatal(err)
		}
		q, err := p.WithLeaf(0)
		if err != nil {
			b.Fatal(err)
		}
		// Both ways run the same plan (q's moves or loader): what differs
		// is the call, runtime.cgocall or the leaf trampoline.
		b.Run(strings.TrimPrefix(c.name, "leaf_")+"/ordinary", func(b *testing.B) { benchCase(b, c.name, q, fn, invokeOrdinary) })
		b.Run(strings.TrimPrefix(c.name, "leaf_")+"/leaf", func(b *testing.B) { benchCase(b, c.name, q, fn, (*Plan).InvokeLeaf) })
	}
}

func benchCase(b *testing.B, name string, p *Plan, fn uintptr, invoke func(*Plan, uintptr, *unsafe.Pointer, unsafe.Pointer)) {
	b.ReportAllocs()
	switch name {
	case "leaf_add":
		x, y, r := int32(1), int32(2), int32(0)
		args := [2]unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&y)}
		for k := 0; k < b.N; k++ {
			invoke(p, fn, &args[0], unsafe.Pointer(&r))
		}
	case "leaf_sin":
		x, r := 0.5, 0.0
		args := [1]unsafe.Pointer{unsafe.Pointer(&x)}
		for k := 0; k < b.N; k++ {
			invoke(p, fn, &args[0], unsafe.Pointer(&r))
		}
	case "leaf_vec3_scale":
		x := 0.5
		var r vec3
		args := [4]unsafe.Pointer{unsafe.Pointer(&x), unsafe.Pointer(&x), unsafe.Pointer(&x), unsafe.Pointer(&x)}
		for k := 0; k < b.N; k++ {
			invoke(p, fn, &args[0], unsafe.Pointer(&r))
		}
	case "leaf_mix20":
		_, _, ptrs := mix20Args()
		var r float64
		for k := 0; k < b.N; k++ {
			invoke(p, fn, &ptrs[0], unsafe.Pointer(&r))
		}
	}
}
