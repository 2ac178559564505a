//go:build windows && amd64

package callconv

import (
	"bytes"
	"fmt"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"unsafe"
)

// Callbacks of the Win64 engine against C: win64abi.c calls them with
// arguments it makes and digests, and checks what they return.

var (
	w64cbMu sync.Mutex
	w64cbs  = map[uintptr]w64cb{}
	w64next = 1
)

// w64cb is a test callback: its plan and a Go function of the argument
// addresses (libffi's avalue layout) and the result address.
type w64cb struct {
	plan *Plan
	fn   func(args []unsafe.Pointer, ret unsafe.Pointer)
}

// w64dispatch is the handler: the callback by index, its arguments
// decoded in the frame (or with ArgAddr beyond MaxFrameArgs).
func w64dispatch(cf *CallbackFrame) {
	w64cbMu.Lock()
	cb, ok := w64cbs[cf.Index]
	w64cbMu.Unlock()
	if !ok {
		return
	}
	n := cb.plan.NumArgs()
	if argv, ret, ok := cb.plan.Decode(cf); ok {
		cb.fn(unsafe.Slice((*unsafe.Pointer)(argv), n), ret)
		cb.plan.Encode(cf)
		return
	}
	args := make([]unsafe.Pointer, n)
	for i := range args {
		args[i] = cb.plan.ArgAddr(cf, i, nil)
	}
	var rbuf [2]uint64
	ret := cb.plan.ResultAddr(cf, &rbuf)
	cb.fn(args, ret)
	cb.plan.SetResult(cf, &rbuf)
}

// w64newCallback returns a C function pointer that runs fn for ret(args...).
func w64newCallback(t *testing.T, ret Layout, args []Layout, fn func([]unsafe.Pointer, unsafe.Pointer)) uintptr {
	t.Helper()
	p, err := NewPlan(ret, args, -1)
	if err != nil {
		t.Fatal(err)
	}
	w64cbMu.Lock()
	if callbackHandler == nil {
		SetCallbackHandler(w64dispatch)
	}
	idx := w64next
	w64next++
	w64cbs[uintptr(idx)] = w64cb{p, fn}
	w64cbMu.Unlock()
	return w64entry(t, idx)
}

// w64entry is EntryAddr, failing the test on an error.
func w64entry(t *testing.T, idx int) uintptr {
	t.Helper()
	code, err := EntryAddr(idx)
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// digestArgs returns a callback body that digests its arguments (sizes
// bytes each) and returns the digest as a uint64.
func digestArgs(sizes []uintptr) func([]unsafe.Pointer, unsafe.Pointer) {
	return func(args []unsafe.Pointer, ret unsafe.Pointer) {
		*(*uint64)(ret) = digest(args, sizes)
	}
}

// TestWin64CallbackAggregates: C calls a callback with each aggregate in
// slots 1, 3 and 5 (registers, by reference, the stack) beside an int, a
// double and a float; the callback digests what it got, C what it sent.
func TestWin64CallbackAggregates(t *testing.T) {
	for k, ag := range w64Aggregates {
		lays := []Layout{w64i32, ag.l, w64f64, ag.l, w64f32, ag.l}
		cb := w64newCallback(t, w64i64, lays, digestArgs([]uintptr{4, ag.l.Size, 8, ag.l.Size, 4, ag.l.Size}))
		seed, cdig := uint64(1000+k), uint64(0)
		pc := unsafe.Pointer(&cdig)
		var got uint64
		w64call(t, w64sym(t, "w64_cbarg_"+ag.name), w64i64, []Layout{w64i64, w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&seed), unsafe.Pointer(&pc)}, unsafe.Pointer(&got))
		if got != cdig {
			t.Errorf("callback(int, %s, double, %s, float, %s): digested %#x, C sent %#x", ag.name, ag.name, ag.name, got, cdig)
		}
	}
}

// TestWin64CallbackResults: a callback returns each aggregate (in rax, or
// in the memory C passes in slot 0) after five arguments; C digests what
// came back, the test what the callback wrote.
func TestWin64CallbackResults(t *testing.T) {
	for k, ag := range w64Aggregates {
		var wrote uint64
		size := ag.l.Size
		cb := w64newCallback(t, ag.l, []Layout{w64i64, w64f64, w64f32, w64i32, w64f64}, func(args []unsafe.Pointer, ret unsafe.Pointer) {
			h := digest(args, []uintptr{8, 8, 4, 4, 8})
			b := unsafe.Slice((*byte)(ret), size)
			for j := range b {
				b[j] = byte(h >> (8 * (j % 8)))
				if j%8 == 7 {
					h = h*31 + 17
				}
			}
			wrote = fnv(fnv0, ret, size)
		})
		seed := uint64(77 + k)
		var got uint64
		w64call(t, w64sym(t, "w64_cbret_"+ag.name), w64i64, []Layout{w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&seed)}, unsafe.Pointer(&got))
		if got != wrote {
			t.Errorf("callback returning %s: C received digest %#x, the callback wrote %#x", ag.name, got, wrote)
		}
	}
}

// TestWin64CallbackScalars: floats and integers by position through a
// callback, double and float results in xmm0, compared with C's own
// w64_mix and w64_mixf of the same arguments.
func TestWin64CallbackScalars(t *testing.T) {
	mix := w64newCallback(t, w64f64, []Layout{w64f32, w64i32, w64f64, w64i8, w64f32, w64i64, w64f64, w64i16},
		func(args []unsafe.Pointer, ret unsafe.Pointer) {
			*(*float64)(ret) = float64(digest(args, []uintptr{4, 4, 8, 1, 4, 8, 8, 2}) >> 11)
		})
	mixf := w64newCallback(t, w64f32, []Layout{w64f64, w64f32, w64i32, w64f32, w64f32},
		func(args []unsafe.Pointer, ret unsafe.Pointer) {
			*(*float32)(ret) = float32(digest(args, []uintptr{8, 4, 4, 4, 4}) >> 40)
		})
	for seed := uint64(1); seed < 200; seed += 37 {
		var got, cexp float64
		pe := unsafe.Pointer(&cexp)
		w64call(t, w64sym(t, "w64_cbmix"), w64f64, []Layout{w64i64, w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&mix), unsafe.Pointer(&seed), unsafe.Pointer(&pe)}, unsafe.Pointer(&got))
		if got != cexp {
			t.Errorf("mix callback, seed %d: %v, C computed %v", seed, got, cexp)
		}
		var gotf, cexpf float32
		pf := unsafe.Pointer(&cexpf)
		w64call(t, w64sym(t, "w64_cbmixf"), w64f32, []Layout{w64i64, w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&mixf), unsafe.Pointer(&seed), unsafe.Pointer(&pf)}, unsafe.Pointer(&gotf))
		if gotf != cexpf {
			t.Errorf("mixf callback, seed %d: %v, C computed %v", seed, gotf, cexpf)
		}
	}
}

// TestWin64CallbackMany: twenty arguments (more than MaxFrameArgs: the
// handler decodes them with ArgAddr).
func TestWin64CallbackMany(t *testing.T) {
	_, lays, sizes := many20()
	cb := w64newCallback(t, w64i64, lays, digestArgs(sizes))
	for seed := uint64(3); seed < 1000; seed += 333 {
		var got, cdig uint64
		pc := unsafe.Pointer(&cdig)
		w64call(t, w64sym(t, "w64_cbmany20"), w64i64, []Layout{w64i64, w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&seed), unsafe.Pointer(&pc)}, unsafe.Pointer(&got))
		if got != cdig {
			t.Errorf("20-argument callback, seed %d: digested %#x, C sent %#x", seed, got, cdig)
		}
	}
}

// TestWin64CallbackThread: callbacks from a thread C started, which Go has
// never seen.
func TestWin64CallbackThread(t *testing.T) {
	sd2 := w64agg(16, 8, true)
	cb := w64newCallback(t, w64i64, []Layout{w64i32, sd2, w64f64, sd2, w64f32, sd2}, digestArgs([]uintptr{4, 16, 8, 16, 4, 16}))
	mix := w64newCallback(t, w64f64, []Layout{w64f32, w64i32, w64f64, w64i8, w64f32, w64i64, w64f64, w64i16},
		func(args []unsafe.Pointer, ret unsafe.Pointer) {
			*(*float64)(ret) = float64(digest(args, []uintptr{4, 4, 8, 1, 4, 8, 8, 2}) >> 11)
		})
	for seed := uint64(5); seed < 50; seed += 11 {
		var ok int32
		w64call(t, w64sym(t, "w64_onthread"), w64i32, []Layout{w64i64, w64i64, w64i64}, -1,
			[]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&mix), unsafe.Pointer(&seed)}, unsafe.Pointer(&ok))
		if ok != 1 {
			t.Errorf("callbacks on a C thread, seed %d: w64_onthread says %d, want 1", seed, ok)
		}
	}
}

// grow uses about n KiB of goroutine stack.
//
//go:noinline
func grow(n int) int {
	var buf [1024]byte
	buf[n%1024] = byte(n)
	if n == 0 {
		return int(buf[0])
	}
	return grow(n-1) + int(buf[n%1024])
}

// TestWin64CallbackStackMoves: a callback that grows the goroutine stack
// (so that it is copied elsewhere) while the C call that called it has its
// frame, arguments and result on that stack: a result in memory and a
// result in rax still land in the moved result variables. Each round runs
// on a new goroutine, whose stack starts small.
func TestWin64CallbackStackMoves(t *testing.T) {
	g256 := uint64(grow(256))
	cb := w64newCallback(t, w64i64, []Layout{w64i64}, func(args []unsafe.Pointer, ret unsafe.Pointer) {
		*(*uint64)(ret) = *(*uint64)(args[0])*3 + uint64(grow(256)) // 256 KiB: the stack moves
	})
	icb := w64newCallback(t, w64i32, []Layout{w64i32, w64i32}, func(args []unsafe.Pointer, ret unsafe.Pointer) {
		grow(256)
		*(*int32)(ret) = *(*int32)(args[0])*1000 + *(*int32)(args[1])
	})
	plan := func(ret Layout, args ...Layout) *Plan {
		p, err := NewPlan(ret, args, -1)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	psret, pfill, pint := plan(w64agg(24, 1, false), w64i64, w64i64), plan(w64v, w64i64, w64i64, w64i64), plan(w64i32, w64i64, w64i32, w64i32)
	fsret, ffill, fint := w64sym(t, "w64_cbsret"), w64sym(t, "w64_fillh"), w64sym(t, "w64_cbint")
	moved := 0
	for seed := uint64(1); seed <= 3; seed++ {
		done := make(chan struct{})
		go func() {
			defer close(done)
			var want [24]byte
			out, n, h := unsafe.Pointer(&want), uintptr(24), seed*3+g256
			fill := [3]unsafe.Pointer{unsafe.Pointer(&out), unsafe.Pointer(&n), unsafe.Pointer(&h)}
			pfill.Invoke(ffill, &fill[0], nil)

			var got [24]byte
			before := uintptr(unsafe.Pointer(&got))
			args := [2]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&seed)}
			psret.Invoke(fsret, &args[0], unsafe.Pointer(&got))
			if uintptr(unsafe.Pointer(&got)) != before {
				moved++
			}
			if !bytes.Equal(got[:], want[:]) {
				t.Errorf("result in memory across a stack move, seed %d: % x, want % x", seed, got, want)
			}
		}()
		<-done
		done = make(chan struct{})
		go func() {
			defer close(done)
			a, b := int32(seed), int32(-5)
			var r int32
			before := uintptr(unsafe.Pointer(&r))
			args := [3]unsafe.Pointer{unsafe.Pointer(&icb), unsafe.Pointer(&a), unsafe.Pointer(&b)}
			pint.Invoke(fint, &args[0], unsafe.Pointer(&r))
			if uintptr(unsafe.Pointer(&r)) != before {
				moved++
			}
			if r != a*1000+b {
				t.Errorf("int result across a stack move: %d, want %d", r, a*1000+b)
			}
		}()
		<-done
	}
	if moved != 6 {
		t.Errorf("the result variables moved in %d of 6 calls: the stack did not move as the test means it to", moved)
	}
}

// TestWin64CallbackEntries: entries past syscall.NewCallback's limit of
// 2000 work, and their pages are read+execute, never writable.
func TestWin64CallbackEntries(t *testing.T) {
	w64newCallback(t, w64i32, []Layout{w64i32, w64i32}, func(args []unsafe.Pointer, ret unsafe.Pointer) {
		*(*int32)(ret) = *(*int32)(args[0]) - *(*int32)(args[1])
	})
	idx := 5000 // the same callback at an index far past the first page
	w64cbMu.Lock()
	w64cbs[uintptr(idx)] = w64cbs[uintptr(w64next-1)]
	w64cbMu.Unlock()
	far := w64entry(t, idx)
	a, b := int32(50), int32(8)
	var r int32
	w64call(t, w64sym(t, "w64_cbint"), w64i32, []Layout{w64i64, w64i32, w64i32}, -1,
		[]unsafe.Pointer{unsafe.Pointer(&far), unsafe.Pointer(&a), unsafe.Pointer(&b)}, unsafe.Pointer(&r))
	if r != a-b {
		t.Errorf("entry %d: %d, want %d", idx, r, a-b)
	}
	query := syscall.NewLazyDLL("kernel32.dll").NewProc("VirtualQuery")
	for _, addr := range []uintptr{w64entry(t, 0), far} {
		var mbi struct {
			base, allocBase  uintptr
			allocProtect     uint32
			partition        uint16
			regionSize       uintptr
			state, prot, typ uint32
		}
		if n, _, err := query.Call(addr, uintptr(unsafe.Pointer(&mbi)), unsafe.Sizeof(mbi)); n == 0 {
			t.Fatalf("VirtualQuery(%#x): %v", addr, err)
		}
		if mbi.prot != pageExecuteRead {
			t.Errorf("callback entry %#x is mapped with protection %#x, want PAGE_EXECUTE_READ (%#x)", addr, mbi.prot, pageExecuteRead)
		}
	}
	if _, err := EntryAddr(-1); err == nil {
		t.Error("EntryAddr(-1): no error")
	}
}

// TestWin64Concurrent: calls and callbacks from many goroutines at once,
// and from C threads, while the collector runs.
func TestWin64Concurrent(t *testing.T) {
	b33 := w64agg(33, 1, false)
	cb := w64newCallback(t, w64i64, []Layout{w64i32, b33, w64f64, b33, w64f32, b33}, digestArgs([]uintptr{4, 33, 8, 33, 4, 33}))
	sd2 := w64agg(16, 8, true)
	tcb := w64newCallback(t, w64i64, []Layout{w64i32, sd2, w64f64, sd2, w64f32, sd2}, digestArgs([]uintptr{4, 16, 8, 16, 4, 16}))
	mix := w64newCallback(t, w64f64, []Layout{w64f32, w64i32, w64f64, w64i8, w64f32, w64i64, w64f64, w64i16},
		func(args []unsafe.Pointer, ret unsafe.Pointer) {
			*(*float64)(ret) = float64(digest(args, []uintptr{4, 4, 8, 1, 4, 8, 8, 2}) >> 11)
		})
	parg, err := NewPlan(w64i64, []Layout{w64i64, w64i64, w64i64}, -1)
	if err != nil {
		t.Fatal(err)
	}
	pthr, err := NewPlan(w64i32, []Layout{w64i64, w64i64, w64i64}, -1)
	if err != nil {
		t.Fatal(err)
	}
	farg, fthr := w64sym(t, "w64_cbarg_B33"), w64sym(t, "w64_onthread")
	stop := make(chan struct{})
	var gcDone sync.WaitGroup
	gcDone.Add(1)
	go func() { // garbage and collections meanwhile
		defer gcDone.Done()
		var sink [][]byte
		for {
			select {
			case <-stop:
				return
			default:
			}
			sink = append(sink, make([]byte, 4096))
			if len(sink) > 256 {
				sink = nil
				runtime.GC()
			}
		}
	}()
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; k < 100; k++ {
				seed := uint64(g*1000 + k)
				if k%10 == 0 {
					var ok int32
					a := [3]unsafe.Pointer{unsafe.Pointer(&tcb), unsafe.Pointer(&mix), unsafe.Pointer(&seed)}
					pthr.Invoke(fthr, &a[0], unsafe.Pointer(&ok))
					if ok != 1 {
						errs <- fmt.Sprintf("C thread, seed %d: w64_onthread says %d", seed, ok)
						return
					}
					continue
				}
				var got, cdig uint64
				pc := unsafe.Pointer(&cdig)
				a := [3]unsafe.Pointer{unsafe.Pointer(&cb), unsafe.Pointer(&seed), unsafe.Pointer(&pc)}
				parg.Invoke(farg, &a[0], unsafe.Pointer(&got))
				if got != cdig {
					errs <- fmt.Sprintf("seed %d: digested %#x, C sent %#x", seed, got, cdig)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(stop)
	gcDone.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
