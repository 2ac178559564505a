// Package gostack tells whether an address lies in the calling
// goroutine's stack.
//
// A goroutine stack moves when it grows: the runtime copies it to a larger
// one, adjusting the Go pointers it knows of and no other. An address C
// holds is not one of them, so C must never receive the address of
// goroutine-stack memory for longer than the stack certainly stays put:
// a callback into Go during the call may grow the stack, and a leaf
// call's prologue may (a qsort of a Go array on the stack, with a Go
// comparator that needs more stack, then sorts the old copy). cgo makes
// every pointer passed to C escape to the heap; the ffi package lets its
// arguments stay on the caller's stack (no allocation per call), so it
// checks the one kind of argument passed to C as is, unsafe.Pointer,
// with [Contains], and refuses an address on the stack.
//
// The stack's bounds are the runtime's g.stack, its first two words,
// read from the g of the calling thread (its TLS slot on amd64 and 386,
// its register elsewhere) by a few instructions of assembly per
// architecture (getg_*.s). The layout has been that since Go 1.5; the
// tests check it against the addresses of a local variable and of heap
// memory.
package gostack

import "unsafe"

// stack is the head of the runtime's g: the goroutine's stack, [lo, hi).
type stack struct {
	lo, hi uintptr
}

// Contains reports whether p lies in the calling goroutine's stack (in use
// or not). On an architecture without getg it is always false ([Supported]
// says so).
//
// The bounds are read before p is made a number: the call of getg (through
// its ABI wrapper, whose prologue may grow the stack: seen on arm64) may
// move the stack, which adjusts p, a pointer, and not a number made of it
// before.
func Contains(p unsafe.Pointer) bool {
	g := getg()
	if g == nil {
		return false
	}
	s := (*stack)(g)
	return s.lo <= uintptr(p) && uintptr(p) < s.hi
}
