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
// architecture: the whole check on amd64 and arm64 (contains_*.s, about
// ten instructions, on every call that passes an unsafe.Pointer), getg
// and a Go comparison elsewhere (getg_*.s, contains_getg.go). The
// layout has been that since Go 1.5; the tests check it against the
// addresses of a local variable, of heap memory and of another
// goroutine's stack.
package gostack
