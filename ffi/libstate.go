package ffi

import (
	"runtime"
	"sync"
	"sync/atomic"
	"weak"
)

// libState is what a library shares with its functions and typed bindings:
// whether it is closed. Every Func and binding holds it, so a call in
// flight keeps it reachable; Library.Close marks it closed and leaves the
// unmapping (dlclose) to a cleanup that runs once nothing holds it any
// more: never while a call may still be running the library's code.
type libState struct {
	closed atomic.Bool

	// modes are the mode words of the library's typed leaf bindings
	// (typed.go): Close sets them to modeClosed, so that their calls need
	// not load closed (measured: a leaf int add 0.23x cgo's time with the
	// load, 0.21x without). Weak: a binding gone is dropped as the list
	// grows. (Other bindings load closed: a weak pointer costs about 200
	// ns a binding, a fifth of purego's, and gains them nothing measured.)
	mu    sync.Mutex
	modes []weak.Pointer[atomic.Uint32]
}

// close marks the library closed, sets the bindings' modes to
// modeClosed, and arranges for handle to be released with dlclose once no
// Func, binding or call holds st.
func (st *libState) close(handle uintptr) {
	st.closed.Store(true)
	st.mu.Lock()
	for _, w := range st.modes {
		if m := w.Value(); m != nil {
			m.Store(uint32(modeClosed))
		}
	}
	st.modes = nil
	st.mu.Unlock()
	runtime.AddCleanup(st, func(h uintptr) { dlclose(h) }, handle)
}

// tell adds the mode word m to what Close sets, or sets it at once if
// the library is already closed (a Close in between the two is seen by
// one of them: both hold st.mu).
func (st *libState) tell(m *atomic.Uint32) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed.Load() {
		m.Store(uint32(modeClosed))
		return
	}
	if len(st.modes) == cap(st.modes) && len(st.modes) >= 8 {
		// Drop the bindings gone, before the list grows.
		live := st.modes[:0]
		for _, w := range st.modes {
			if w.Value() != nil {
				live = append(live, w)
			}
		}
		clear(st.modes[len(live):])
		st.modes = live
	}
	st.modes = append(st.modes, weak.Make(m))
}

// noLibrary is the state of a function known only by its address
// (ffi.At without a library): never closed, shared by all of them.
var noLibrary = new(libState)
