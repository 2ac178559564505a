//go:build !linux

package ffitest

import (
	"errors"

	"github.com/purectypes/ctypes/ffi"
)

// loadedPath is not known here: the caller falls back to the name given
// to dlopen.
func loadedPath(*ffi.Library) (string, error) {
	return "", errors.ErrUnsupported
}
