//go:build !(linux && amd64) && !(arm64 && (linux || darwin)) && !(windows && amd64)

package ffi

import (
	"errors"

	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/types"
)

// Without an engine of our own, a callback's C entry is a libffi closure
// whose user data is the callback's handle; every closure calls the
// function at closureEntry (callback_dispatch_other.go).

// closureEntry returns the C function every closure calls.
var closureEntry func() uintptr

// entry is the libffi part of a callback: its call interface and closure.
type entry struct {
	cif     *libffiCall
	closure uintptr // C memory, 0 once freed
}

// make prepares the closure for handle h and returns its C function
// pointer.
func (e *entry) make(h uintptr, rt *types.Type, args []*types.Type) (uintptr, error) {
	cif, err := newLibffiCall(rt, args, -1)
	if err != nil {
		return 0, err
	}
	closure, code, err := libffi.ClosureAlloc()
	if err != nil {
		cif.release()
		return 0, err
	}
	// The user data is the handle, a small integer, never a Go pointer: C keeps it.
	if st := libffi.PrepClosureLoc(closure, cif.cif, closureEntry(), h, code); st != libffi.OK {
		libffi.ClosureFree(closure)
		cif.release()
		return 0, errors.New("ffi_prep_closure_loc: " + st.String())
	}
	e.cif, e.closure = cif, closure
	return code, nil
}

// free is called by Callback.Free: the closure stays, so that libffi does
// not give its code address to another callback while the freed one is
// in quarantine (a stale C pointer meets the freed callback).
func (e *entry) free() {}

// reclaim releases the closure and what its call interface pinned, when
// the callback's handle leaves quarantine.
func (e *entry) reclaim() {
	if e.closure != 0 {
		libffi.ClosureFree(e.closure)
		e.closure = 0
		e.cif.release()
	}
}

// engineOwnCallbacks: callbacks are libffi closures here.
const engineOwnCallbacks = false

// release unpins what libffi was given for c at once (a freed callback's
// call interface), rather than when c is collected.
func (c *libffiCall) release() { c.pin.Unpin() }
