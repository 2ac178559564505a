//go:build !windows

package libffi

// rewritesAvalue: see avalue_windows.go; elsewhere libffi leaves avalue as
// it was.
const rewritesAvalue = false
