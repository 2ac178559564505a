package ffi

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// errLongDoubleByValue reports t, an argument or result type passed by
// value, when it is or holds a long double ([types.KindLongDouble]): no
// call engine of this package passes one yet (System V returns it in the
// x87 register st(0), and passes it, alone or in a struct, in memory; the
// libffi engine is not told its libffi type). Pointers to long double, and
// long double fields of structs passed by pointer, are not concerned.
// role says what t is: "restype" or "argument type".
func errLongDoubleByValue(role string, t *types.Type) error {
	if t == nil || !holdsLongDouble(t) {
		return nil
	}
	what := "is"
	if t.Kind() != types.KindLongDouble {
		what = "holds"
	}
	return fmt.Errorf("%w: %s %s %s a long double (%s), which cannot be passed by value yet: pass a pointer (types.PointerTo(types.LongDouble))",
		ErrSignature, role, t, what, types.LongDoubleFormat)
}

// holdsLongDouble reports whether t is a long double or an aggregate with
// one inside.
func holdsLongDouble(t *types.Type) bool {
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
