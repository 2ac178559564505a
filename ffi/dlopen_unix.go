//go:build !windows

package ffi

import (
	"errors"

	"github.com/ebitengine/purego"
)

// dlopen modes. A library is loaded with [ModeNow]|[ModeLocal] unless told
// otherwise, as ctypes does by default on Linux.
const (
	ModeLazy   Mode = purego.RTLD_LAZY   // resolve symbols when first used
	ModeNow    Mode = purego.RTLD_NOW    // resolve all symbols at load time
	ModeGlobal Mode = purego.RTLD_GLOBAL // make symbols available to later loaded libraries
	ModeLocal  Mode = purego.RTLD_LOCAL  // keep symbols private to this handle
)

// dlopen, dlsym and dlclose are the system's, through purego.
func dlopen(name string, m Mode) (uintptr, error)   { return purego.Dlopen(name, int(m)) }
func dlsym(h uintptr, name string) (uintptr, error) { return purego.Dlsym(h, name) }
func dlclose(h uintptr) error                       { return purego.Dlclose(h) }

// dlerrorText is the text of a loader error: dlerror's message.
func dlerrorText(err error) string {
	var de purego.Dlerror
	if errors.As(err, &de) {
		return de.Error()
	}
	return err.Error()
}
