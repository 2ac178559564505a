package callconv

import (
	"sync"
	"sync/atomic"
)

// Capturing the last-error value for ctypes' use_last_error: the
// trampoline reads it right after each C function returns (see
// [Plan.InvokeLastError]), and a capture started on an OS thread records
// the value of every call [Plan.Invoke] makes on that thread, so that a
// caller above Invoke (ffi's CallLastError) gets the value of its call
// however much Go code, and however many system calls of the runtime's
// own, lie between.

// tebAddr returns the address of the calling thread's Thread Environment
// Block (lasterror_windows_amd64.s): the thread's identity here.
func tebAddr() uintptr

var (
	// leArmed counts the captures in progress, on every thread: while it
	// is 0, Invoke records nothing.
	leArmed atomic.Int32
	leMu    sync.RWMutex
	// leCaps holds each capturing thread's innermost capture, by TEB.
	leCaps = map[uintptr]*LastErrorCapture{}
)

// LastErrorCapture is the last-error capture of one OS thread (see
// [CaptureLastError]).
type LastErrorCapture struct {
	teb   uintptr
	outer *LastErrorCapture // the thread's capture this one is nested in
	code  uint32
	calls int
}

// CaptureLastError starts capturing the last-error value that the
// functions [Plan.Invoke] calls on this OS thread leave, and clears the
// thread's last error, as ctypes' use_last_error starts a call with its
// private copy. The caller must hold the thread (runtime.LockOSThread)
// until [LastErrorCapture.Stop]. Captures nest (a callback run during a
// call may start and stop one of its own): the calls made while a nested
// capture runs are its own, not the outer capture's.
func CaptureLastError() *LastErrorCapture {
	c := &LastErrorCapture{teb: tebAddr()}
	leMu.Lock()
	c.outer = leCaps[c.teb]
	leCaps[c.teb] = c
	leMu.Unlock()
	leArmed.Add(1)
	setLastError(0)
	return c
}

// Stop ends the capture and returns the last-error value of the last call
// Invoke made on the thread since it started; ok is false when Invoke made
// none.
func (c *LastErrorCapture) Stop() (code uint32, ok bool) {
	leMu.Lock()
	if c.outer != nil {
		leCaps[c.teb] = c.outer
	} else {
		delete(leCaps, c.teb)
	}
	leMu.Unlock()
	leArmed.Add(-1)
	return c.code, c.calls > 0
}

// recordLastError records code, what a call Invoke made on this thread
// left, in the thread's capture if it has one. The capture is written only
// by its own thread, and read by it (Stop): the read lock keeps the map
// stable meanwhile.
func recordLastError(code uint32) {
	teb := tebAddr()
	leMu.RLock()
	if c := leCaps[teb]; c != nil {
		c.code = code
		c.calls++
	}
	leMu.RUnlock()
}

// setLastError sets the calling thread's last-error value
// (lasterror_windows_amd64.s), as SetLastError does.
func setLastError(code uint32)
