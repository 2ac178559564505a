package ffi

import (
	"errors"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/types"
)

// TestFreedCallbackQuarantine: a stale C pointer to a freed callback must
// not run the callback made after it (its entry is in quarantine): C gets
// a zero result and the panic handler hears of it.
func TestFreedCallbackQuarantine(t *testing.T) {
	sig := types.FuncType(types.Int, types.Int)
	old, err := NewCallback(sig, func(a []any) any { return a[0].(int64) + 1 })
	if err != nil {
		t.Fatal(err)
	}
	stale := old.FuncAddr()
	call, err := NewFunc(stale, "stale", types.Int, types.Int)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := CallAs[int32](call, 41); err != nil || r != 42 {
		t.Fatalf("live callback: %v, %v; want 42", r, err)
	}
	var mu sync.Mutex
	var heard []any
	SetCallbackPanicHandler(func(cb *Callback, v any, _ []byte) {
		mu.Lock()
		heard = append(heard, v)
		mu.Unlock()
	})
	defer SetCallbackPanicHandler(nil)
	old.Free()
	// The next callbacks made must not take the freed entry.
	for i := 0; i < 10; i++ {
		cb, err := NewCallback(sig, func(a []any) any { return 1000 })
		if err != nil {
			t.Fatal(err)
		}
		defer cb.Free()
		if cb.FuncAddr() == stale {
			t.Fatalf("callback %d made after a Free reuses the freed entry at once", i)
		}
	}
	r, err := CallAs[int32](call, 41)
	if err != nil {
		t.Fatal(err)
	}
	if r != 0 {
		t.Fatalf("a call through a freed callback's pointer returned %d, want 0", r)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(heard) != 1 {
		t.Fatalf("panic handler called %d times, want 1", len(heard))
	}
	if err, ok := heard[0].(error); !ok || !errors.Is(err, ErrFreedCallback) {
		t.Fatalf("panic handler got %v, want ErrFreedCallback", heard[0])
	}
}

// TestCallbackQuarantineReuse: freed entries are reused once Quarantine
// later frees have passed, so memory stays bounded.
func TestCallbackQuarantineReuse(t *testing.T) {
	sig := types.FuncType(types.Int, types.Int)
	seen := map[uintptr]bool{}
	reused := false
	for i := 0; i < 3*Quarantine && !reused; i++ {
		cb, err := NewCallback(sig, func(a []any) any { return 0 })
		if err != nil {
			t.Fatal(err)
		}
		if seen[cb.FuncAddr()] {
			reused = true
		}
		seen[cb.FuncAddr()] = true
		cb.Free()
	}
	if !reused {
		t.Fatalf("no entry reused after %d create/free cycles", 3*Quarantine)
	}
}

// rss returns the process's resident set size in bytes (Linux).
func rss(t *testing.T) int64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		t.Skipf("skipping: no /proc/self/statm: %v", err)
	}
	f := strings.Fields(string(b))
	pages, _ := strconv.ParseInt(f[1], 10, 64)
	return pages * int64(os.Getpagesize())
}

// longRun reports whether CTYPES_LONG=1 asks for the long checks.
func longRun() bool { return os.Getenv("CTYPES_LONG") == "1" }

// TestCallbackFreeMemory: create and free callbacks many times; RSS and
// the Go heap stay flat (within 16 MB) after a warm-up.
func TestCallbackFreeMemory(t *testing.T) {
	n := 100_000
	if longRun() {
		n = 1_000_000
	}
	sig := types.FuncType(types.Int, types.Int)
	cycle := func() {
		cb, err := NewCallback(sig, func(a []any) any { return a[0] })
		if err != nil {
			t.Fatal(err)
		}
		cb.Free()
	}
	for i := 0; i < 100_000; i++ {
		cycle()
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rss0, heap0 := rss(t), ms.HeapAlloc
	for i := 0; i < n; i++ {
		cycle()
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	rss1, heap1 := rss(t), ms.HeapAlloc
	t.Logf("%d create/free cycles: RSS %+d KB, heap %+d KB", n, (rss1-rss0)/1024, (int64(heap1)-int64(heap0))/1024)
	const limit = 16 << 20
	if rss1-rss0 > limit || int64(heap1)-int64(heap0) > limit {
		t.Fatalf("memory grew over %d cycles: RSS %d -> %d, heap %d -> %d", n, rss0, rss1, heap0, heap1)
	}
}

// TestCallbackFreeWhenUnreachable: a callback given to the garbage
// collector is freed once the program holds it no more, and not before.
func TestCallbackFreeWhenUnreachable(t *testing.T) {
	sig := types.FuncType(types.Int, types.Int)
	newCore := func() *callback {
		cb, err := NewCallback(sig, func(a []any) any { return a[0] })
		if err != nil {
			t.Fatal(err)
		}
		cb.FreeWhenUnreachable()
		return cb.callback // the state only: the *Callback is dropped here
	}
	kept, err := NewCallback(sig, func(a []any) any { return a[0] })
	if err != nil {
		t.Fatal(err)
	}
	kept.FreeWhenUnreachable()
	core := newCore()
	for i := 0; i < 50 && !core.freed.Load(); i++ {
		runtime.GC()
	}
	if !core.freed.Load() {
		t.Fatal("an unreachable callback was not freed after 50 collections")
	}
	if kept.freed.Load() {
		t.Fatal("a callback still held was freed")
	}
	runtime.KeepAlive(kept)
}
