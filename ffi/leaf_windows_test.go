package ffi

import (
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testexec"
	"github.com/purectypes/ctypes/types"
)

// The Win64 engine's leaf trampoline (internal/callconv,
// leaf_windows_amd64.s): C runs on the goroutine stack with the TEB's
// stack bounds moved to the leaf frame, and a vectored exception handler
// of the engine's own makes a fault fatal. TestLeafTyped and TestLeafFunc
// check every shape of plan against ordinary calls; TestLeafCallbackFatal
// the callback; these check the rest.

// TestLeafWin64Plan: the leaf plan is the engine's leaf trampoline, and the
// thread's stack bounds (GetCurrentThreadStackLimits, read from the TEB)
// are the same after leaf calls as before.
func TestLeafWin64Plan(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := bindTyped(lib, "leaf_add", []BindOption{Leaf(0)}, typeFor[int32](), typeFor[int32](), typeFor[int32]())
	if err != nil {
		t.Fatal(err)
	}
	if !isLeaf(b.eng) {
		t.Fatalf("Leaf(0) binding's engine is %T, want the leaf trampoline", b.eng)
	}
	plan, err := callconv.NewPlan(layoutOf(types.Int), []callconv.Layout{layoutOf(types.Int), layoutOf(types.Int)}, -1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.WithLeaf(2 << 20); !errors.Is(err, callconv.ErrLeafStack) {
		t.Errorf("WithLeaf(2 MiB): %v, want ErrLeafStack", err)
	}
	// The last error a leaf call leaves is captured as an ordinary call's.
	k32, err := CDLL("kernel32.dll")
	if err != nil {
		t.Fatal(err)
	}
	setLE, _ := k32.Func("SetLastError")
	setLE.Restype, setLE.Argtypes, setLE.Leaf = nil, []*types.Type{types.UInt}, true
	for _, code := range []uint32{0, 5, 1234} {
		if _, le, err := setLE.CallLastError(code); err != nil || uint32(le) != code {
			t.Errorf("leaf SetLastError(%d): CallLastError %d, %v", code, le, err)
		}
	}
	if p := setLE.cur.Load(); p == nil || !isLeaf(p.eng) {
		t.Errorf("SetLastError with Leaf set: not a leaf plan")
	}

	add, _ := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(16<<10))
	limits := syscall.NewLazyDLL("kernel32.dll").NewProc("GetCurrentThreadStackLimits")
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	var lo0, hi0, lo1, hi1 uintptr
	limits.Call(uintptr(unsafe.Pointer(&lo0)), uintptr(unsafe.Pointer(&hi0)))
	for i := int32(0); i < 1000; i++ {
		if got := add(i, 1); got != i+1 {
			t.Fatalf("leaf_add(%d, 1) = %d", i, got)
		}
	}
	limits.Call(uintptr(unsafe.Pointer(&lo1)), uintptr(unsafe.Pointer(&hi1)))
	if lo0 != lo1 || hi0 != hi1 || lo0 == 0 {
		t.Errorf("thread stack limits before leaf calls %#x-%#x, after %#x-%#x", lo0, hi0, lo1, hi1)
	}
}

// TestLeafWin64Stress: GOGC=1, goroutines making leaf calls of every kind
// (integers, a struct returned in memory, 20 arguments), each result
// compared with the ordinary call's, while the collector runs all the time
// and stacks are shrunk and grown.
func TestLeafWin64Stress(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(1))
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	add, _ := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(0))
	scale, _ := Fn4[leafVec3, float64, float64, float64, float64](lib, "leaf_vec3_scale", Leaf(0))
	scale0, _ := Fn4[leafVec3, float64, float64, float64, float64](lib, "leaf_vec3_scale")
	type L = int64
	type D = float64
	m20, _ := Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_mix20", Leaf(0))
	m20o, _ := Fn20[D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D, L, D](lib, "leaf_mix20")
	n := 2000
	if longRun() {
		n = 100000
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < n; i++ {
				a, x := int32(i), float64(i)*0.25
				if got := add(a, int32(g)); got != a+int32(g) {
					errs <- fmt.Errorf("leaf_add(%d, %d) = %d", a, g, got)
					return
				}
				if got, want := scale(x, 1, -x, float64(g)), scale0(x, 1, -x, float64(g)); got != want {
					errs <- fmt.Errorf("leaf_vec3_scale: leaf %v, ordinary %v", got, want)
					return
				}
				l := L(i)
				if got, want := m20(l, x, l+1, x, l+2, x, l+3, x, l+4, x, l+5, x, l+6, x, l+7, x, l+8, x, l+9, x),
					m20o(l, x, l+1, x, l+2, x, l+3, x, l+4, x, l+5, x, l+6, x, l+7, x, l+8, x, l+9, x); got != want {
					errs <- fmt.Errorf("leaf_mix20: leaf %v, ordinary %v", got, want)
					return
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

// TestLeafWin64DeepStack: leaf calls under deep Go stacks, the stack
// copied (grown) between them: the leaf frame is made in the prologue.
func TestLeafWin64DeepStack(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	add, _ := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(256<<10))
	var deep func(n int32) int32
	deep = func(n int32) int32 {
		if n == 0 {
			return add(1, 2)
		}
		var pad [8]int64
		pad[n%8] = int64(n)
		return deep(n-1) + add(n, -n) + int32(pad[n%8]-int64(n))
	}
	for _, depth := range []int32{0, 10, 1000, 20000} {
		done := make(chan int32)
		go func() { done <- deep(depth) }()
		if got := <-done; got != 3 {
			t.Fatalf("depth %d: %d, want 3", depth, got)
		}
	}
}

// TestLeafWin64Profiling: leaf calls with the CPU profiler on, which on
// Windows suspends threads and reads their context (an SP in a goroutine
// stack, a PC in C): every result checked, the profile written.
func TestLeafWin64Profiling(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "leaf"))
	if err != nil {
		t.Fatal(err)
	}
	add, _ := Fn2[int32, int32, int32](lib, "leaf_add", Leaf(0))
	var buf strings.Builder
	if err := pprof.StartCPUProfile(&buf); err != nil {
		t.Skipf("skipping: the CPU profiler is in use: %v", err)
	}
	calls := 0
	for start := time.Now(); time.Since(start) < 300*time.Millisecond; {
		for i := int32(0); i < 1000; i++ {
			if got := add(i, 2); got != i+2 {
				pprof.StopCPUProfile()
				t.Fatalf("leaf_add(%d, 2) = %d", i, got)
			}
		}
		calls += 1000
	}
	pprof.StopCPUProfile()
	if buf.Len() == 0 {
		t.Errorf("empty CPU profile after %d leaf calls", calls)
	}
	t.Logf("%d leaf calls under the profiler, profile %d bytes", calls, buf.Len())
}

// TestLeafWin64FaultFatal: a fault inside a leaf call (an access violation
// at once or under C frames, an integer division by zero) ends the child
// with a fatal error that names the function and the exception, never a
// recovered panic, a silent exit or a hang.
func TestLeafWin64FaultFatal(t *testing.T) {
	path := cbuild.Test(t, "leaf")
	for _, c := range []struct{ how, fn, what string }{
		{"deref", "leaf_deref", "access violation"},
		{"deep", "leaf_deref_deep", "access violation"},
		{"div", "leaf_div", "integer division by zero"},
	} {
		cmd := testexec.Command(t, "leaffault", path, c.how)
		cmd.Stderr = nil
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Errorf("%s: the child survived a fault in a leaf call:\n%s", c.how, out)
			continue
		}
		for _, want := range []string{"fatal error: callconv: " + c.what, "inside a leaf call of the C function", c.fn, "leafFaultChild"} {
			if !strings.Contains(string(out), want) {
				t.Errorf("%s: the child's output lacks %q:\n%s", c.how, want, out)
			}
		}
		if strings.Contains(string(out), "RECOVERED") || strings.Contains(string(out), "returned") {
			t.Errorf("%s: the fault was recovered or returned:\n%s", c.how, out)
		}
	}
}

// BenchmarkLeafWin64: a typed binding of an int add, leaf and ordinary.
func BenchmarkLeafWin64(b *testing.B) {
	lib, err := CDLL(cbuild.Test(b, "leaf"))
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		opts []BindOption
	}{{"leaf", []BindOption{Leaf(0)}}, {"ordinary", nil}} {
		add, err := Fn2[int32, int32, int32](lib, "leaf_add", c.opts...)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(c.name, func(b *testing.B) {
			s := int32(0)
			for i := 0; i < b.N; i++ {
				s = add(s, 1)
			}
			if s != int32(b.N) {
				b.Fatalf("sum %d, want %d", s, b.N)
			}
		})
	}
}
