//go:build !amd64 && !arm64 && !386 && !arm && !riscv64 && !ppc64 && !ppc64le && !loong64

package gostack

import "unsafe"

// Supported reports whether Contains knows the goroutine's stack on this
// architecture: not on this one, where Contains is always false.
const Supported = false

// Contains reports whether p lies in the calling goroutine's stack: never
// known here.
func Contains(p unsafe.Pointer) bool { return false }
