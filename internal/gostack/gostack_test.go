package gostack

import (
	"runtime"
	"testing"
	"unsafe"
)

var sink *[64]byte

//go:noinline
func deep(n int, p unsafe.Pointer) bool {
	var pad [256]byte
	if n == 0 {
		// The caller's local, many frames up, and this frame's.
		return Contains(p) && Contains(unsafe.Pointer(&pad[0]))
	}
	return deep(n-1, p) && pad[n%256] == 0
}

// TestContains checks Contains against what must be true of a local
// variable (on the stack, also after the stack grew and moved), heap
// memory and a package variable.
func TestContains(t *testing.T) {
	if !Supported {
		t.Skip("no getg on " + runtime.GOARCH)
	}
	var local [64]byte // does not escape: Contains's pointer is not kept
	if !Contains(unsafe.Pointer(&local[0])) || !Contains(unsafe.Pointer(&local[63])) {
		t.Errorf("a local variable at %#x is not in the goroutine stack", uintptr(unsafe.Pointer(&local[0])))
	}
	before := uintptr(unsafe.Pointer(&local[0]))
	if !deep(200, unsafe.Pointer(&local[0])) { // 200 frames of 256 bytes and more: the stack grows
		t.Errorf("a local variable is not in the goroutine stack once it grew")
	}
	if after := uintptr(unsafe.Pointer(&local[0])); after == before {
		t.Logf("the stack did not move (%#x)", after)
	}
	sink = new([64]byte)
	if Contains(unsafe.Pointer(sink)) {
		t.Errorf("heap memory at %p is in the goroutine stack", sink)
	}
	if Contains(unsafe.Pointer(&sink)) {
		t.Errorf("a package variable at %p is in the goroutine stack", &sink)
	}
	if Contains(nil) {
		t.Error("nil is in the goroutine stack")
	}
	// Another goroutine's stack is not this one's.
	ch := make(chan uintptr)
	go func() {
		var other [8]byte
		ch <- uintptr(unsafe.Pointer(&other[0]))
		<-ch
	}()
	p := <-ch
	if Contains(unsafe.Add(nil, p)) {
		t.Errorf("another goroutine's local at %#x is in this goroutine's stack", p)
	}
	ch <- 0
}
