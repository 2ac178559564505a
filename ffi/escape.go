package ffi

import "unsafe"

// escapeSink makes escapes' argument escape to the heap in the eyes of the
// compiler, without storing it at run time.
var escapeSink struct {
	on bool
	p  unsafe.Pointer
}

// escapes forces p (Go memory whose address goes to C) onto the heap: the
// compiler's escape analysis sees it stored in a global. Only the memory the
// arguments point to escapes this way, not the interface boxes of the
// arguments themselves, so scalar arguments still cost no allocation.
//
//go:noinline
func escapes(p unsafe.Pointer) {
	if escapeSink.on {
		escapeSink.p = p
	}
}
