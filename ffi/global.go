package ffi

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// InDll returns the global variable name of lib as a Value of type t that
// views the library's own memory, like ctypes' t.in_dll(lib, name): reads
// and writes go straight to the C global. The Value is valid until the
// library is closed.
func InDll(lib *Library, t *types.Type, name string) (*types.Value, error) {
	if t == nil || t.Kind() == types.KindVoid {
		return nil, fmt.Errorf("ffi: %s: global %q: %w: no type given", lib.name, name, ErrSignature)
	}
	addr, err := lib.Sym(name)
	if err != nil {
		return nil, err
	}
	return types.FromAddress(t, addr), nil
}
