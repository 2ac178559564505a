package ffi

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// libState is what a library shares with its functions and typed bindings:
// whether it is closed. Every Func and binding holds it, so a call in
// flight keeps it reachable; Library.Close marks it closed and leaves the
// unmapping (dlclose) to a cleanup that runs once nothing holds it any
// more: never while a call may still be running the library's code.
type libState struct {
	closed atomic.Bool

	// hooks are told of Close: each a typed binding's (typed.go), which
	// then stops calling straight into the engine, so that its calls need
	// not load closed (measured: 4 instructions, and 5-8% of a leaf call
	// of an int add). A hook reports whether its binding is still alive;
	// onClose drops the dead ones as the list grows.
	mu    sync.Mutex
	hooks []func(closing bool) (alive bool)
}

// close marks the library closed, tells the hooks, and arranges for
// handle to be released with dlclose once no Func, binding or call holds
// st.
func (st *libState) close(handle uintptr) {
	st.closed.Store(true)
	st.mu.Lock()
	hooks := st.hooks
	st.hooks = nil
	st.mu.Unlock()
	for _, h := range hooks {
		h(true)
	}
	runtime.AddCleanup(st, func(h uintptr) { dlclose(h) }, handle)
}

// onClose adds h to what Close tells, or calls h(true) at once if the
// library is already closed (a Close in between the two is seen by one
// of them: both hold st.mu).
func (st *libState) onClose(h func(closing bool) (alive bool)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed.Load() {
		h(true)
		return
	}
	if len(st.hooks) == cap(st.hooks) && len(st.hooks) >= 8 {
		// Drop the hooks of bindings gone, before the list grows.
		live := st.hooks[:0]
		for _, k := range st.hooks {
			if k(false) {
				live = append(live, k)
			}
		}
		clear(st.hooks[len(live):])
		st.hooks = live
	}
	st.hooks = append(st.hooks, h)
}

// noLibrary is the state of a function known only by its address
// (ffi.At without a library): never closed, shared by all of them.
var noLibrary = new(libState)
