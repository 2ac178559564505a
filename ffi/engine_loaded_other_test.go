//go:build !linux && !windows

package ffi

import "errors"

// libffiLoaded is not implemented here (these platforms are built, not
// run).
func libffiLoaded() (bool, error) {
	return false, errors.New("no check of the loaded libraries on this platform")
}
