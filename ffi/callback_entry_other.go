//go:build !(linux && amd64)

package ffi

import (
	"sync"

	"github.com/ebitengine/purego"
)

var (
	entryOnce sync.Once
	entryCode uintptr
)

// closureEntry returns the C function every closure calls: here dispatch
// made callable from C by purego (one of its fixed callback slots, once).
func closureEntry() uintptr {
	entryOnce.Do(func() { entryCode = purego.NewCallback(dispatch) })
	return entryCode
}
