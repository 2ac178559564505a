//go:build (linux && amd64) || (arm64 && (linux || darwin)) || (windows && amd64)

package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
)

func init() { callconv.SetCallbackHandler(callbackEntry) }

// callbackEntry runs on a goroutine for every call of a callback's entry:
// it finds the callback by the entry's index (its handle), decodes the
// arguments with its plan, runs it and encodes the result.
func callbackEntry(cf *callconv.CallbackFrame) {
	cb := lookup(cf.Index)
	if cb == nil {
		return // never made: a zero result
	}
	plan := cb.entry.plan
	if argv, rp, ok := plan.Decode(cf); ok {
		if cb.fast != nil && !cb.freed.Load() {
			// Typed callbacks and NewCallbackFunc: callFast inline, as
			// every call of the path shows.
			done := false
			defer func() {
				if !done {
					cb.recoverFast(recover(), rp)
				}
			}()
			cb.fast(argv, rp)
			done = true
		} else {
			run(cb, unsafe.Slice((*unsafe.Pointer)(argv), len(cb.sig.Argtypes)+1), rp)
		}
		plan.Encode(cf)
		return
	}
	n := len(cb.sig.Argtypes)
	argv, bufs := make([]unsafe.Pointer, n+1), make([][2]uint64, n)
	for i := 0; i < n; i++ {
		argv[i] = plan.ArgAddr(cf, i, &bufs[i])
	}
	var rbuf [2]uint64
	rp := plan.ResultAddr(cf, &rbuf)
	run(cb, argv, rp)
	plan.SetResult(cf, &rbuf)
}
