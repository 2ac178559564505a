package ffi

import (
	"fmt"
	"reflect"
	"unsafe"
)

// Typed callbacks: [CallbackFn0]..[CallbackFn20] and
// [CallbackProc0]..[CallbackProc20] (callback_gen.go) make a C function
// pointer of a Go func whose parameter and result types give the C
// prototype, as for [NewCallbackFunc], but without reflect on each call:
// the engine decodes the C arguments with the callback's plan into
// addresses of their C values, which are the Go values of those types, and
// the generated handler calls the func with them directly.

// resultStore stores a typed callback's Go result as the engine reads a
// result: integers narrower than a word widened to a whole word (libffi's
// ffi_arg, and the register the engine returns), the rest as their bytes.
type resultStore struct {
	k    gkind
	size uintptr
}

func newResultStore(t reflect.Type) resultStore {
	if t == nil {
		return resultStore{}
	}
	_, k, _ := goCType(t)
	return resultStore{k: k, size: t.Size()}
}

// store stores the Go result at src into ret.
func (s resultStore) store(src, ret unsafe.Pointer) {
	switch s.k {
	case 0:
	case gInt8:
		*(*int64)(ret) = int64(*(*int8)(src))
	case gUint8, gBool:
		*(*uint64)(ret) = uint64(*(*uint8)(src))
	case gInt16:
		*(*int64)(ret) = int64(*(*int16)(src))
	case gUint16:
		*(*uint64)(ret) = uint64(*(*uint16)(src))
	case gInt32:
		*(*int64)(ret) = int64(*(*int32)(src))
	case gUint32:
		*(*uint64)(ret) = uint64(*(*uint32)(src))
	case gInt64, gFloat64:
		*(*uint64)(ret) = *(*uint64)(src)
	default:
		copy(unsafe.Slice((*byte)(ret), s.size), unsafe.Slice((*byte)(src), s.size))
	}
}

// newTypedCallback makes the callback of a generated typed constructor
// (name) for the Go func f: its C prototype from f's type, checked here
// as NewCallbackFunc checks it, and h, which calls f with the decoded
// arguments, as its handler.
func newTypedCallback(name string, f any, h func(args, ret unsafe.Pointer)) (*Callback, error) {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: want a func, got %T", ErrSignature, f)}
	}
	sig, err := callbackFuncSig(fv.Type())
	if err != nil {
		return nil, &CallError{Func: name, Arg: argIndex(err), Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	cb, err := NewCallback(sig, func([]any) any { panic("unreachable: a typed callback runs its handler") })
	if err != nil {
		return nil, err
	}
	cb.fast = h
	return cb, nil
}
