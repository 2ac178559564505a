//go:build 386 || arm || riscv64 || ppc64 || ppc64le || loong64

package gostack

import "unsafe"

// Supported reports whether Contains knows the goroutine's stack on this
// architecture.
const Supported = true

// Contains reports whether p lies in the calling goroutine's stack (in use
// or not). On an architecture without getg it is always false ([Supported]
// says so).
//
// The bounds are read before p is made a number: if anything moved the
// stack in between (a prologue growing it), p, a pointer, is adjusted,
// and a number made of it before would not be.
func Contains(p unsafe.Pointer) bool {
	s := (*stack)(getg())
	return s.lo <= uintptr(p) && uintptr(p) < s.hi
}

// stack is the head of the runtime's g: the goroutine's stack, [lo, hi).
type stack struct {
	lo, hi uintptr
}

// getg returns the calling thread's g (getg_GOARCH.s).
func getg() unsafe.Pointer
