package cdecl

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// errLongDoubleByValue refuses, when a function is bound, a signature that
// passes or returns a long double by value (or a struct or union holding
// one) where long double is not double: no call engine of package ffi
// passes one yet (it would refuse the call at its first use). Pointers to
// long double are fine. name is the function's.
func errLongDoubleByValue(name string, sig *types.FuncSig) error {
	if holdsLongDouble(sig.Restype) {
		return &UnsupportedError{Name: name + " result", CType: sig.Restype.Name(),
			Reason: "a long double returned by value, which no call engine of package ffi passes yet"}
	}
	for i, t := range sig.Argtypes {
		if holdsLongDouble(t) {
			return &UnsupportedError{Name: fmt.Sprintf("%s parameter #%d", name, i+1), CType: t.Name(),
				Reason: "a long double passed by value, which no call engine of package ffi passes yet (declare a pointer)"}
		}
	}
	return nil
}

// holdsLongDouble reports whether t is a long double (not a double) or an
// aggregate with one inside.
func holdsLongDouble(t *types.Type) bool {
	if t == nil {
		return false
	}
	switch t.Kind() {
	case types.KindLongDouble:
		return true
	case types.KindArray:
		return holdsLongDouble(t.Elem())
	case types.KindStruct, types.KindUnion:
		for _, f := range t.Fields() {
			if holdsLongDouble(f.Type) {
				return true
			}
		}
	}
	return false
}
