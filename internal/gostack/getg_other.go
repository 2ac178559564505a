//go:build !amd64 && !386 && !arm64 && !arm && !riscv64 && !ppc64 && !ppc64le && !loong64

package gostack

import "unsafe"

// Supported reports whether Contains knows the goroutine's stack on this
// architecture: not on this one, where Contains is always false.
const Supported = false

func getg() unsafe.Pointer { return nil }
