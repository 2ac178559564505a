package ffi

import (
	"fmt"
	"reflect"
	"slices"
	"unsafe"

	"github.com/purectypes/ctypes/types"
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
	// direct: the Go result's bytes are the C result's, with no widening
	// and no Go pointer (a store of which into C memory would meet the
	// write barrier): the generated handler stores it with one assignment.
	direct bool
	// widen: an integer of 1, 2 or 4 bytes or a bool, which the generated
	// handler widens into the result's word itself (widenBits), with its
	// sign (widenSigned) or not (widenUnsigned); 0 otherwise.
	widen uint8
}

// resultStore.widen's values.
const (
	widenSigned uint8 = iota + 1
	widenUnsigned
)

// widenBits is the integer of size bytes (1, 2 or 4) at p, widened to 64
// bits with its sign or not: a small result as store widens it.
func widenBits(p unsafe.Pointer, size uintptr, signed bool) uint64 {
	switch {
	case size == 1 && signed:
		return uint64(int64(*(*int8)(p)))
	case size == 1:
		return uint64(*(*uint8)(p))
	case size == 2 && signed:
		return uint64(int64(*(*int16)(p)))
	case size == 2:
		return uint64(*(*uint16)(p))
	case signed:
		return uint64(int64(*(*int32)(p)))
	}
	return uint64(*(*uint32)(p))
}

func newResultStore(t reflect.Type, opts []BindOption) resultStore {
	if t == nil {
		return resultStore{}
	}
	_, k, _ := goCType(t)
	if o := parseOptions(opts); o.result != nil && !o.result.Kind().IsScalar() {
		k = gStruct // a declared aggregate: its bytes, whatever Go type holds them
	}
	rs := resultStore{k: k, size: t.Size()}
	switch k {
	case gInt64, gFloat64, gFloat32, gStruct:
		rs.direct = !holdsPointers(t)
	case gInt8, gInt16, gInt32:
		rs.widen = widenSigned
	case gUint8, gBool, gUint16, gUint32:
		rs.widen = widenUnsigned
	}
	return rs
}

// holdsPointers reports whether a value of t holds a Go pointer.
func holdsPointers(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Map, reflect.Chan, reflect.Func,
		reflect.Interface, reflect.Slice, reflect.String:
		return true
	case reflect.Array:
		return t.Len() > 0 && holdsPointers(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if holdsPointers(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// store stores the Go result at src into ret.
func (s resultStore) store(src, ret unsafe.Pointer) {
	switch {
	case s.k == 0:
	case s.widen != 0:
		*(*uint64)(ret) = widenBits(src, s.size, s.widen == widenSigned)
	case s.k == gInt64 || s.k == gFloat64:
		*(*uint64)(ret) = *(*uint64)(src)
	case s.k == gFloat32:
		*(*uint32)(ret) = *(*uint32)(src)
	default:
		copyBytes(ret, src, s.size)
	}
}

// copyBytes copies n bytes from src to dst in words, then the tail: the
// small structs callbacks return, without a call of memmove.
func copyBytes(dst, src unsafe.Pointer, n uintptr) {
	if n > 32 {
		copy(unsafe.Slice((*byte)(dst), n), unsafe.Slice((*byte)(src), n))
		return
	}
	for ; n >= 8; n -= 8 {
		*(*uint64)(dst) = *(*uint64)(src)
		dst, src = unsafe.Add(dst, 8), unsafe.Add(src, 8)
	}
	if n >= 4 {
		*(*uint32)(dst) = *(*uint32)(src)
		dst, src, n = unsafe.Add(dst, 4), unsafe.Add(src, 4), n-4
	}
	for ; n > 0; n-- {
		*(*byte)(dst) = *(*byte)(src)
		dst, src = unsafe.Add(dst, 1), unsafe.Add(src, 1)
	}
}

// newTypedCallback makes the callback of a generated typed constructor
// (name) for the Go func f: its C prototype from f's type and the
// declarations of opts, checked here as NewCallbackFunc checks it, and h, which calls f with the decoded
// arguments, as its handler.
func newTypedCallback(name string, f any, opts []BindOption, h func(args, ret unsafe.Pointer)) (*Callback, error) {
	fv := reflect.ValueOf(f)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: want a func, got %T", ErrSignature, f)}
	}
	o := parseOptions(opts)
	if err := o.forCallback(fv.Type().NumIn()); err != nil {
		return nil, &CallError{Func: name, Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	sig, err := callbackFuncSigOf(fv.Type(), &o)
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

// callbackFuncSigOf is callbackFuncSig with the C types o declares
// (ArgType, ResultType) in place of those the Go types map to, each
// checked to be held by its Go type as for a binding.
func callbackFuncSigOf(ft reflect.Type, o *bindOptions) (*types.Type, error) {
	sig, err := callbackFuncSig(ft)
	if err != nil || (len(o.args) == 0 && o.result == nil) {
		return sig, err
	}
	fs := sig.Func()
	argtypes := slices.Clone(fs.Argtypes)
	for n, d := range o.args {
		_, k, _ := goCType(ft.In(n - 1))
		if err := declaredArg(d, ft.In(n-1), k); err != nil {
			return nil, &argSigError{arg: n, err: err}
		}
		argtypes[n-1] = d
	}
	rt := fs.Restype
	if d := o.result; d != nil {
		if ft.NumOut() == 0 {
			return nil, fmt.Errorf("result declared %s, but the callback has no result (a Proc form)", d)
		}
		_, k, _ := goCType(ft.Out(0))
		if err := declaredResult(d, ft.Out(0), k); err != nil {
			return nil, fmt.Errorf("result: %w", err)
		}
		rt = d
	}
	return types.FuncType(rt, argtypes...), nil
}
