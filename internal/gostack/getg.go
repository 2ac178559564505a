//go:build amd64 || 386 || arm64 || arm || riscv64 || ppc64 || ppc64le || loong64

package gostack

import "unsafe"

// Supported reports whether Contains knows the goroutine's stack on this
// architecture.
const Supported = true

// getg returns the calling thread's g (getg_GOARCH.s).
//
//go:noescape
func getg() unsafe.Pointer
