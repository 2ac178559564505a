package ffi

import (
	"runtime"
	"sync/atomic"
)

// libState is what a library shares with its functions and typed bindings:
// whether it is closed. Every Func and binding holds it, so a call in
// flight keeps it reachable; Library.Close marks it closed and leaves the
// unmapping (dlclose) to a cleanup that runs once nothing holds it any
// more: never while a call may still be running the library's code.
type libState struct {
	closed atomic.Bool
}

// close marks the library closed and arranges for handle to be released
// with dlclose once no Func, binding or call holds st.
func (st *libState) close(handle uintptr) {
	st.closed.Store(true)
	runtime.AddCleanup(st, func(h uintptr) { dlclose(h) }, handle)
}

// noLibrary is the state of a function known only by its address
// (ffi.At without a library): never closed, shared by all of them.
var noLibrary = new(libState)
