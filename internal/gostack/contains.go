//go:build amd64 || arm64

package gostack

import "unsafe"

// Supported reports whether Contains knows the goroutine's stack on this
// architecture.
const Supported = true

// Contains reports whether p lies in the calling goroutine's stack (in use
// or not). On an architecture without getg it is always false ([Supported]
// says so).
//
// It is one NOSPLIT assembly function (contains_GOARCH.s): nothing can
// move the stack between reading p and reading the bounds.
//
//go:noescape
func Contains(p unsafe.Pointer) bool
