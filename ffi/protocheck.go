package ffi

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// ProtoError reports a callback made for one prototype passed where a
// function pointer of another prototype is expected, as ctypes refuses a
// CFUNCTYPE instance of another class. It wraps [types.ErrConvert].
type ProtoError struct {
	Want *types.Type // the function pointer type declared
	Got  *types.Type // the callback's type ([Callback.Type])
	Diff string      // what differs, from [types.PrototypeDiff]
}

// Error names both prototypes and what differs.
func (e *ProtoError) Error() string {
	return fmt.Sprintf("a callback of prototype %s where %s is expected: %s", e.Got.Name(), e.Want.Name(), e.Diff)
}

// Unwrap returns types.ErrConvert.
func (e *ProtoError) Unwrap() error { return types.ErrConvert }

// checkCallbackProto checks that cb may be passed where a value of type
// want is expected: want is a function pointer type whose prototype is
// cb's ([types.PrototypeDiff]), or void* (any function pointer). A nil or
// freed callback, or a want of another kind, is an error too.
// The argument conversion (callbackArgAddr in args.go) calls it for
// arguments declared with a function pointer type.
func checkCallbackProto(want *types.Type, cb *Callback) error {
	if cb == nil || cb.callback == nil || cb.freed.Load() {
		return fmt.Errorf("%w: a freed or nil *Callback", types.ErrConvert)
	}
	switch {
	case want == nil:
		return fmt.Errorf("%w: no declared type for a *Callback", types.ErrConvert)
	case want.Kind() == types.KindVoidP:
		return nil
	case want.Kind() != types.KindFunc:
		return &types.ConvError{Type: want, GoType: "*ffi.Callback", Reason: "a function pointer cannot be used as " + want.Name(), Err: types.ErrConvert}
	}
	if d := types.PrototypeDiff(want, cb.typ); d != "" {
		return &ProtoError{Want: want, Got: cb.typ, Diff: d}
	}
	return nil
}
