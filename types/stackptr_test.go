package types

import (
	"errors"
	"strings"
	"testing"
	"unsafe"

	"github.com/purectypes/ctypes/internal/gostack"
)

var heapSink *int64

// stackBits is PointerBits of the address of a local, which does not
// escape; onStack reports that it is on the goroutine stack.
//
//go:noinline
func stackBits(t *Type) (onStack bool, err error) {
	var v int64
	onStack = gostack.Contains(unsafe.Pointer(&v))
	_, _, err = t.PointerBits(unsafe.Pointer(&v))
	return onStack, err
}

// TestPointerBitsRefusesStack: an unsafe.Pointer into the calling
// goroutine's stack is refused for every pointer type (ErrConvert, a
// ConvError saying why); heap memory and NULL pass as they are.
func TestPointerBitsRefusesStack(t *testing.T) {
	if !gostack.Supported {
		t.Skip("gostack does not know the goroutine stack here")
	}
	for _, pt := range []*Type{VoidP, PointerTo(Int64), CharP} {
		onStack, err := stackBits(pt)
		if !onStack {
			t.Fatal("the test's local escaped to the heap")
		}
		var ce *ConvError
		if !errors.Is(err, ErrConvert) || !errors.As(err, &ce) || !strings.Contains(err.Error(), "goroutine's stack") {
			t.Errorf("%s: a stack address: %v, want a ConvError of ErrConvert about the stack", pt.Name(), err)
		}
		h := new(int64)
		heapSink = h // on the heap
		addr, _, err := pt.PointerBits(unsafe.Pointer(h))
		if err != nil || addr != uintptr(unsafe.Pointer(h)) {
			t.Errorf("%s: heap memory: %#x, %v", pt.Name(), addr, err)
		}
		if addr, _, err := pt.PointerBits(unsafe.Pointer(nil)); err != nil || addr != 0 {
			t.Errorf("%s: NULL: %#x, %v", pt.Name(), addr, err)
		}
	}
}
