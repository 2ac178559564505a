package callconv

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"unsafe"
)

// TestCaptureLastError: a capture gets the last-error value of the last
// function Invoke called on its thread, for a slow call too (the runtime
// makes system calls of its own on the way back, which clear the TEB's
// value); nothing when Invoke made no call; and a nested capture takes
// the calls made while it runs, the outer one keeps its own. w64_seterr sets code*3+1 and returns it: C says what it set.
func TestCaptureLastError(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p, err := NewPlan(w64i32, []Layout{w64i32, w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	slow := w64sym(t, "w64_seterr_slow")
	call := func(code, ms uint32) uint32 {
		var set uint32
		args := [2]unsafe.Pointer{unsafe.Pointer(&code), unsafe.Pointer(&ms)}
		p.Invoke(slow, &args[0], unsafe.Pointer(&set))
		return set
	}
	if _, ok := CaptureLastError().Stop(); ok {
		t.Error("a capture without a call reports one")
	}
	for _, ms := range []uint32{0, 30} {
		c := CaptureLastError()
		call(1, ms)
		set := call(7, ms)
		if code, ok := c.Stop(); !ok || code != set {
			t.Errorf("w64_seterr_slow(7, %d) set %d; the capture has %d (%v)", ms, set, code, ok)
		}
	}
	outer := CaptureLastError()
	set := call(5, 0)
	inner := CaptureLastError()
	innerSet := call(6, 0)
	if code, ok := inner.Stop(); !ok || code != innerSet {
		t.Errorf("nested capture: %d (%v), want %d", code, ok, innerSet)
	}
	if code, ok := outer.Stop(); !ok || code != set {
		t.Errorf("outer capture after the nested one: %d (%v), want %d (its own call's; the nested capture took the later one)", code, ok, set)
	}
}

// TestCaptureLastErrorThreads: captures on several threads at once each
// get their own thread's value, with slow calls overlapping.
func TestCaptureLastErrorThreads(t *testing.T) {
	p, err := NewPlan(w64i32, []Layout{w64i32, w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	slow := w64sym(t, "w64_seterr_slow")
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			runtime.LockOSThread()
			defer runtime.UnlockOSThread()
			for i := range 4 {
				code, ms := uint32(100*g+i), uint32(10+5*g)
				var set uint32
				args := [2]unsafe.Pointer{unsafe.Pointer(&code), unsafe.Pointer(&ms)}
				c := CaptureLastError()
				p.Invoke(slow, &args[0], unsafe.Pointer(&set))
				if got, ok := c.Stop(); !ok || got != set {
					errs <- fmt.Sprintf("goroutine %d: C set %d, the capture has %d (%v)", g, set, got, ok)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestInvokeNoAllocCapturing: Invoke allocates nothing while a capture is
// in progress.
func TestInvokeNoAllocCapturing(t *testing.T) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	p, err := NewPlan(w64i32, []Layout{w64i32}, -1)
	if err != nil {
		t.Fatal(err)
	}
	fn := w64sym(t, "w64_seterr")
	code, set := uint32(3), uint32(0)
	arg := unsafe.Pointer(&code)
	c := CaptureLastError()
	n := testing.AllocsPerRun(100, func() { p.Invoke(fn, &arg, unsafe.Pointer(&set)) })
	got, ok := c.Stop()
	if n != 0 || !ok || got != set || set != 10 {
		t.Errorf("%v allocations per call; captured %d (%v), C set %d", n, got, ok, set)
	}
}
