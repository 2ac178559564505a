//go:build linux && amd64

package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// On linux/amd64 a callback's C entry is the engine's own (see
// internal/callconv/callback_amd64.go): a thunk carrying the callback's
// handle, decoded with the callback's Plan. No libffi is involved.

func init() { callconv.SetCallbackHandler(callbackEntry) }

// entry is the engine's part of a callback: the classified signature.
type entry struct {
	plan *callconv.Plan
}

func (e *entry) make(cb *Callback, rt *types.Type, args []argPlan) error {
	lays := make([]callconv.Layout, len(args))
	for i, a := range args {
		lays[i] = layoutOf(a.pt)
	}
	plan, err := callconv.NewPlan(layoutOf(rt), lays, -1)
	if err != nil {
		return err
	}
	code, err := callconv.EntryAddr(int(cb.handle))
	if err != nil {
		return err
	}
	e.plan, cb.code = plan, code
	return nil
}

func (e *entry) free() {}

// callbackEntry runs on a goroutine for every call of a callback's entry.
func callbackEntry(cf *callconv.CallbackFrame) {
	cb := lookup(cf.Index)
	if cb == nil {
		return // never made: a zero result
	}
	plan := cb.entry.plan
	n := len(cb.sig.Argtypes)
	if argv, rp, ok := plan.Decode(cf); ok {
		run(cb, unsafe.Slice((*unsafe.Pointer)(argv), n+1), rp)
		plan.Encode(cf)
		return
	}
	argv, bufs := make([]unsafe.Pointer, n+1), make([][2]uint64, n)
	for i := 0; i < n; i++ {
		argv[i] = plan.ArgAddr(cf, i, &bufs[i])
	}
	var rbuf [2]uint64
	rp := plan.ResultAddr(cf, &rbuf)
	run(cb, argv, rp)
	plan.SetResult(cf, &rbuf)
}
