//go:build !(linux && amd64) && !(arm64 && (linux || darwin)) && !(windows && amd64)

package ffi

import (
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
)

var (
	dispatchOnce sync.Once
	dispatchCode uintptr
)

func init() {
	closureEntry = func() uintptr {
		dispatchOnce.Do(func() { dispatchCode = purego.NewCallback(libffiDispatch) })
		return dispatchCode
	}
}

// libffiDispatch is the one Go function every libffi closure calls, as
// fun(cif, ret, args, user_data): made callable from C by purego (one of
// its fixed callback slots, once). It takes uintptrs only, so that no C
// value is ever taken for a Go pointer.
func libffiDispatch(cifp, ret, args, userData uintptr) uintptr {
	cb := lookup(userData)
	if cb == nil {
		return 0
	}
	argv := unsafe.Slice((*unsafe.Pointer)(addrPtr(args)), len(cb.sig.Argtypes)+1)
	run(cb, argv, addrPtr(ret))
	return 0
}
