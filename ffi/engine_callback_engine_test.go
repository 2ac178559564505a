//go:build (linux && amd64) || (arm64 && (linux || darwin)) || (windows && amd64)

package ffi

import (
	"testing"

	"github.com/purectypes/ctypes/internal/callconv"
)

// callbackEngine names the engine whose entry c's C function pointer is:
// here an entry of callconv's own, the one of c's handle, with a plan.
func callbackEngine(t *testing.T, c *Callback) string {
	t.Helper()
	code, err := callconv.EntryAddr(int(c.handle))
	if err != nil {
		t.Fatalf("callconv.EntryAddr(%d): %v", c.handle, err)
	}
	if c.FuncAddr() != code || c.entry.plan == nil {
		t.Errorf("callback %v: C pointer %#x, plan %v; callconv's entry %d is %#x", c, c.FuncAddr(), c.entry.plan, c.handle, code)
		return "not " + callconv.Name
	}
	return callconv.Name
}
