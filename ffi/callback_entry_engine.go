//go:build (linux && amd64) || (arm64 && (linux || darwin)) || (windows && amd64)

package ffi

import (
	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// On linux/amd64 a callback's C entry is the engine's own (see
// internal/callconv/callback_amd64.go): a thunk carrying the callback's
// handle, its arguments decoded with the callback's Plan (see
// callback_dispatch_amd64.go). No libffi is involved.

// entry is the engine's part of a callback: the classified signature.
type entry struct {
	plan *callconv.Plan
}

// make classifies the callback's signature and returns the C function
// pointer of the entry for handle h.
func (e *entry) make(h uintptr, rt *types.Type, args []*types.Type) (uintptr, error) {
	lays := make([]callconv.Layout, len(args))
	for i, a := range args {
		lays[i] = layoutOf(a)
	}
	plan, err := callconv.NewPlan(layoutOf(rt), lays, -1)
	if err != nil {
		return 0, err
	}
	code, err := callconv.EntryAddr(int(h))
	if err != nil {
		return 0, err
	}
	e.plan = plan
	return code, nil
}

// free releases nothing: entries are recycled with their handles.
func (e *entry) free() {}

// reclaim releases nothing either: the entry's thunk serves the handle's
// next callback.
func (e *entry) reclaim() {}

// engineOwnCallbacks: callbacks have entries of the engine's own here.
const engineOwnCallbacks = true
