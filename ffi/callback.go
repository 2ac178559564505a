package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"unsafe"

	"github.com/purectypes/ctypes/internal/libffi"
	"github.com/purectypes/ctypes/types"
)

// fastHandler returns a reflect-free handler for the commonest Go
// callback signatures, or nil. Integer results are stored widened to a
// full word, as libffi reads them (ffi_arg).
func fastHandler(fn any) func(args, ret unsafe.Pointer) {
	arg := func(args unsafe.Pointer, i int) unsafe.Pointer {
		return *(*unsafe.Pointer)(unsafe.Add(args, uintptr(i)*unsafe.Sizeof(uintptr(0))))
	}
	switch f := fn.(type) {
	case func(unsafe.Pointer, unsafe.Pointer) int32: // qsort, bsearch comparators
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*unsafe.Pointer)(arg(args, 0)), *(*unsafe.Pointer)(arg(args, 1))))
		}
	case func(uintptr, uintptr) int32:
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*uintptr)(arg(args, 0)), *(*uintptr)(arg(args, 1))))
		}
	case func(float64) float64:
		return func(args, ret unsafe.Pointer) { *(*float64)(ret) = f(*(*float64)(arg(args, 0))) }
	case func(float64, float64) float64:
		return func(args, ret unsafe.Pointer) {
			*(*float64)(ret) = f(*(*float64)(arg(args, 0)), *(*float64)(arg(args, 1)))
		}
	case func(int32) int32:
		return func(args, ret unsafe.Pointer) { *(*int64)(ret) = int64(f(*(*int32)(arg(args, 0)))) }
	case func(int32, int32) int32:
		return func(args, ret unsafe.Pointer) {
			*(*int64)(ret) = int64(f(*(*int32)(arg(args, 0)), *(*int32)(arg(args, 1))))
		}
	case func(int64) int64:
		return func(args, ret unsafe.Pointer) { *(*int64)(ret) = f(*(*int64)(arg(args, 0))) }
	case func(unsafe.Pointer):
		return func(args, ret unsafe.Pointer) { f(*(*unsafe.Pointer)(arg(args, 0))) }
	}
	return nil
}

// NewCallback returns a C function pointer of the function pointer type
// sig (made with [types.FuncType]) that calls fn.
//
// fn receives the C arguments as Go values, converted as [Func.Call]
// converts results: int64, uint64, float64, bool, byte, rune, uintptr for
// void*, string (or nil for NULL) for char*, a *types.Value holding the
// address for typed pointers (use Elem), and a *types.Value copy for
// structs and unions passed by value. What fn returns is converted to
// sig's result type as [types.Value.Set] converts (for pointers: uintptr,
// unsafe.Pointer, a *types.Value or nil; for structs: a *types.Value of
// that type); for void results it is ignored.
func NewCallback(sig *types.Type, fn func(args []any) any) (*Callback, error) {
	if sig == nil || sig.Func() == nil {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: %v is not a function pointer type (use types.FuncType)", ErrSignature, sig)}
	}
	if fn == nil {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: nil function", ErrSignature)}
	}
	fs := sig.Func()
	if fs.Variadic {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: a callback cannot be variadic", ErrSignature)}
	}
	for i, t := range fs.Argtypes {
		if t == nil || t.Kind() == types.KindVoid || t.Kind() == types.KindArray {
			return nil, &CallError{Func: "NewCallback", Arg: i + 1, Err: fmt.Errorf("%w: argument type %v cannot be passed by value", ErrSignature, t)}
		}
		if err := errLongDoubleByValue("argument type", t); err != nil {
			return nil, &CallError{Func: "NewCallback", Arg: i + 1, Err: err}
		}
	}
	rt := restypeOf(fs.Restype)
	if err := errLongDoubleByValue("restype", rt); err != nil {
		return nil, &CallError{Func: "NewCallback", Err: err}
	}
	if rt.Kind() == types.KindArray {
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: a C function cannot return an array", ErrSignature)}
	}
	cb := &Callback{&callback{typ: sig, sig: fs, fn: fn}}
	cb.handle = register(cb.callback)
	code, err := cb.entry.make(cb.handle, rt, fs.Argtypes)
	if err != nil {
		cb.freed.Store(true)
		unregister(cb.handle)
		if errors.Is(err, libffi.ErrUnavailable) {
			return nil, &CallError{Func: "NewCallback", Err: err} // the machine, not the signature
		}
		return nil, &CallError{Func: "NewCallback", Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	cb.code = code
	return cb, nil
}

// NewCallbackFunc is [NewCallback] for a Go func whose parameter and
// result types give the C signature, as for [Fn1]: int8..int64,
// uint8..uint64, int and uint (long), float32, float64, bool, uintptr and
// unsafe.Pointer (void*), Go structs with the C layout, and *T parameters
// (the address C passes, T with the C layout; a *T result, a Go pointer
// handed to C, is refused). At most one result. The types are checked
// once, here. On linux/amd64 a func whose parameters are scalars or Go
// structs of scalars, of any number, and whose result is one of those
// (a struct that Go returns in registers) is called without reflect and
// without allocating; the others go through reflect on each call.
func NewCallbackFunc(fn any) (*Callback, error) {
	fv := reflect.ValueOf(fn)
	if fv.Kind() != reflect.Func || fv.IsNil() {
		return nil, &CallError{Func: "NewCallbackFunc", Err: fmt.Errorf("%w: want a func, got %T", ErrSignature, fn)}
	}
	ft := fv.Type()
	sig, err := callbackFuncSig(ft)
	if err != nil {
		return nil, &CallError{Func: "NewCallbackFunc", Arg: argIndex(err), Err: fmt.Errorf("%w: %w", ErrSignature, err)}
	}
	cb, err := NewCallback(sig, func([]any) any { panic("unreachable: NewCallbackFunc's callback runs its handler") })
	if err != nil {
		return nil, err
	}
	if cb.fast = fastHandler(fn); cb.fast == nil {
		if cb.fast = goABIHandler(fv); cb.fast == nil {
			cb.fast = reflectHandler(fv)
		}
	}
	return cb, nil
}

// reflectHandler calls the Go func fv with the C arguments as they are:
// argument i's C value is the Go value of fv's parameter i (the types were
// checked to have C's layout), viewed in place with reflect.NewAt, and the
// result goes straight to ret (integers widened to a word, as the engines
// read them). Only reflect's own call allocates.
func reflectHandler(fv reflect.Value) func(args, ret unsafe.Pointer) {
	ft := fv.Type()
	in := make([]reflect.Type, ft.NumIn())
	for i := range in {
		in[i] = ft.In(i)
	}
	return func(args, ret unsafe.Pointer) {
		vals := make([]reflect.Value, len(in))
		a := unsafe.Slice((*unsafe.Pointer)(args), len(in))
		for i, t := range in {
			vals[i] = reflect.NewAt(t, a[i]).Elem()
		}
		out := fv.Call(vals)
		if len(out) == 0 {
			return
		}
		switch r := out[0]; r.Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
			*(*int64)(ret) = r.Int()
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			*(*uint64)(ret) = r.Uint()
		case reflect.Bool:
			*(*uint64)(ret) = 0
			if r.Bool() {
				*(*uint64)(ret) = 1
			}
		case reflect.Float32:
			*(*float32)(ret) = float32(r.Float())
		case reflect.Float64:
			*(*float64)(ret) = r.Float()
		default: // unsafe.Pointer, Go structs of the C layout
			reflect.NewAt(r.Type(), ret).Elem().Set(r)
		}
	}
}

// Free releases the callback. C must not call the function pointer
// afterwards. A call that still arrives while the callback's entry is in
// quarantine (until [Quarantine] later frees) returns a zero result and
// writes a line naming the freed callback to standard error (and calls the
// handler [SetCallbackPanicHandler] installed, if one is); past the
// quarantine the entry may belong to a new callback, which such a call
// would run, as a dangling C function pointer would. Freeing twice is a
// no-op.
func (c *Callback) Free() error {
	if c == nil || c.callback == nil {
		return nil
	}
	c.free()
	return nil
}

func (cb *callback) free() {
	if cb.freed.Swap(true) {
		return
	}
	cb.entry.free()
	unregister(cb.handle)
}

// FreeWhenUnreachable makes the garbage collector free c once the program
// holds it no more, instead of an explicit [Callback.Free] (which stays
// allowed). It suits callbacks that C uses only while Go holds them, such
// as a comparator passed to one qsort. The hazard is C's: C may keep the
// function pointer where Go cannot see it (expat and sqlite keep their
// handlers); a call after the callback was collected meets a freed
// callback (see Free), so keep such callbacks and free them explicitly.
func (c *Callback) FreeWhenUnreachable() {
	if c == nil || c.callback == nil {
		return
	}
	runtime.AddCleanup(c, func(cb *callback) { cb.free() }, c.callback)
}
