//go:build !(linux && amd64) && !(arm64 && (linux || darwin)) && !(windows && amd64)

package ffi

import "testing"

// callbackEngine names the engine whose entry c's C function pointer is:
// here a libffi closure.
func callbackEngine(t *testing.T, c *Callback) string {
	t.Helper()
	if c.entry.closure == 0 || c.entry.cif == nil || c.FuncAddr() == 0 {
		t.Errorf("callback %v: closure %#x, cif %v, C pointer %#x", c, c.entry.closure, c.entry.cif, c.FuncAddr())
		return "not libffi"
	}
	return "libffi"
}
