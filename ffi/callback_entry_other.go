//go:build !(linux && amd64)

package ffi

import (
	"errors"
	"sync"
	"unsafe"

	"github.com/ebitengine/purego"
	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/types"
)

// Without an engine of our own, a callback's C entry is a libffi closure
// whose user data is the callback's handle; every closure calls
// libffiDispatch, made callable from C by purego (one of its fixed
// callback slots, once).

var (
	entryOnce sync.Once
	entryCode uintptr
)

// entry is the libffi part of a callback: its call interface and closure.
type entry struct {
	cif     *libffiCall
	closure uintptr // C memory, 0 once freed
}

func (e *entry) make(cb *Callback, rt *types.Type, args []argPlan) error {
	cif, err := newLibffiCall(rt, args, -1)
	if err != nil {
		return err
	}
	closure, code, err := libffi.ClosureAlloc()
	if err != nil {
		cif.release()
		return err
	}
	entryOnce.Do(func() { entryCode = purego.NewCallback(libffiDispatch) })
	// userData is the handle, a small integer, never a Go pointer: C keeps it.
	if st := libffi.PrepClosureLoc(closure, cif.cif, entryCode, cb.handle, code); st != libffi.OK {
		libffi.ClosureFree(closure)
		cif.release()
		return errors.New("ffi_prep_closure_loc: " + st.String())
	}
	e.cif, e.closure, cb.code = cif, closure, code
	return nil
}

func (e *entry) free() {
	if e.closure != 0 {
		libffi.ClosureFree(e.closure)
		e.closure = 0
		e.cif.release()
	}
}

// libffiDispatch is the one Go function every libffi closure calls:
// fun(cif, ret, args, user_data). It takes uintptrs only, so that no C
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
