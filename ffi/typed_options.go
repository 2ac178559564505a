package ffi

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// Declarations for typed bindings: where a Go type cannot say which C
// type is meant (a union, a packed struct, a struct with bitfields, a
// particular C type for a value), a [BindOption] declares it, and the
// binding checks when it is made that the Go type can hold the declared
// C type's value. Variadic functions, and function pointers that C
// returns, are declared the same way.

// ArgType declares the C type of argument n (1 for the first, as errors
// number arguments) of a typed binding, where the Go type alone cannot say
// it: a union, a packed struct or a struct with bitfields passed by value
// (a Go type of the same size holds its bytes,
// such as [5]byte for a packed struct { char c; int i; }, or uint32 for a
// union { int i; float f; }), a pointer to one (*T, []T or *[N]T, T of the
// pointee's size and at least its alignment, or Go's largest), a C function pointer type (a Go func type of the same
// prototype, a *Callback, or uintptr), or a scalar C type (a Go number of
// the same size and of the same kind, integer or floating point). The
// binding checks the Go type against t when it is made; a mismatch is an
// [ErrSignature] error naming the argument and both types. A long double
// by value is refused, as everywhere (pass a pointer).
func ArgType(n int, t *types.Type) BindOption {
	return func(o *bindOptions) {
		if n < 1 {
			o.errs = append(o.errs, fmt.Errorf("ffi.ArgType(%d, %v): arguments are numbered from 1", n, t))
			return
		}
		if o.args == nil {
			o.args = map[int]*types.Type{}
		}
		o.args[n] = t
	}
}

// ResultType declares the C type of a typed binding's result, as
// [ArgType] declares an argument's: a union, packed or bitfield struct
// returned by value lands in a Go type of its size (an array such as
// [5]byte, or a Go struct or number), checked when the binding is made.
func ResultType(t *types.Type) BindOption {
	return func(o *bindOptions) { o.result = t }
}

// Variadic declares the bound C function variadic, with nfixed fixed
// parameters before its "...": int printf(const char *, ...) is
// Variadic(1). The arguments past the fixed ones are passed as C passes
// variadic arguments. Their Go types must be what C's default argument
// promotions make of them, since a typed call converts nothing: float64
// for a float or double, int32 (or uint32, int64, ...) for an integer at
// least as wide as int, a pointer, a Go struct; a float32 or an integer
// narrower than int is an [ErrSignature] error naming the argument.
func Variadic(nfixed int) BindOption {
	return func(o *bindOptions) {
		if nfixed < 0 {
			o.errs = append(o.errs, fmt.Errorf("ffi.Variadic(%d): a negative number of fixed arguments", nfixed))
			return
		}
		o.variadic, o.nfixed = true, nfixed
	}
}

// At binds the C function at addr instead of looking name up: a function
// pointer C returned (as uintptr) or stored in a struct, bound with the
// Go types of a typed binding, as ctypes' CFUNCTYPE(...)(address) does for
// the ctypes surface. The library may be nil (name is then used in error
// messages only); with a library, a call after its Close panics with
// ErrClosed as for its other bindings. A zero addr is an [ErrSymbol]
// error. Nothing can check that the function has the bound signature.
func At(addr uintptr) BindOption {
	return func(o *bindOptions) {
		if addr == 0 {
			o.errs = append(o.errs, fmt.Errorf("%w: ffi.At(0): a NULL function pointer", ErrSymbol))
			return
		}
		o.at = addr
	}
}

// checkArity checks the declarations against the binding's n arguments.
func (o *bindOptions) checkArity(n int) error {
	for i, t := range o.args {
		if i > n {
			return fmt.Errorf("ffi.ArgType(%d, %v) for a function of %d argument(s)", i, t, n)
		}
	}
	if o.variadic && o.nfixed > n {
		return fmt.Errorf("ffi.Variadic(%d) for a function of %d argument(s)", o.nfixed, n)
	}
	return nil
}

// declaredArg checks that an argument of Go type g (moving as k) can pass
// as the declared C type d.
func declaredArg(d *types.Type, g reflect.Type, k gkind) error {
	if err := declaredValid(d); err != nil {
		return err
	}
	if d.Kind() == types.KindArray {
		// An array parameter is a pointer to its first element, as in C.
		d = types.PointerTo(d.Elem())
	}
	if !d.Kind().IsPointer() {
		if err := errLongDoubleByValue("argument type", d); err != nil {
			return err
		}
	}
	return declaredMatch("argument", d, g, k)
}

// declaredResult checks that a result of Go type g (moving as k, a *T
// result already made gInt64) can hold the declared C type d.
func declaredResult(d *types.Type, g reflect.Type, k gkind) error {
	if err := declaredValid(d); err != nil {
		return err
	}
	if d.Kind() == types.KindArray {
		return fmt.Errorf("result declared %s: a C function cannot return an array", d)
	}
	if err := errLongDoubleByValue("restype", d); err != nil {
		return err
	}
	return declaredMatch("result", d, g, k)
}

func declaredValid(d *types.Type) error {
	if d == nil || d.Kind() == types.KindVoid || d.Kind() == types.KindInvalid {
		return fmt.Errorf("declared type %v has no value", d)
	}
	return nil
}

// declaredMatch is the rule of ArgType and ResultType: the Go type must
// hold the C type's value as it is, since a typed call converts nothing
// but strings and function pointers.
func declaredMatch(role string, d *types.Type, g reflect.Type, k gkind) error {
	mismatch := func(why string) error {
		return fmt.Errorf("%s declared %s (%d bytes, aligned to %d), Go type %s (%d bytes, aligned to %d): %s",
			role, d, d.Size(), d.Align(), g, g.Size(), g.Align(), why)
	}
	dk := d.Kind()
	switch {
	case dk == types.KindFunc:
		switch {
		case k == gGoFunc:
			sig, err := callbackFuncSig(g)
			if err != nil {
				return mismatch(err.Error())
			}
			if diff := types.PrototypeDiff(d, sig); diff != "" {
				return &ProtoError{Want: d, Got: sig, Diff: diff}
			}
			return nil
		case k == gFuncPtr, isAddress(g):
			return nil // a *Callback or an address: checked by nothing but C
		}
		return mismatch("a C function pointer is a Go func type, a *Callback or uintptr")
	case dk.IsPointer():
		switch k {
		case gString:
			if dk == types.KindCharP || dk == types.KindVoidP || (dk == types.KindPointer && d.Elem().Size() == 1) {
				return nil
			}
			return mismatch("a Go string passes as char*")
		case gSlice, gPtr:
			switch dk {
			case types.KindVoidP:
				return nil
			case types.KindCharP:
				if g.Elem().Size() != 1 {
					return mismatch("char* points to bytes")
				}
				return nil
			case types.KindWCharP:
				if g.Elem().Size() != types.WChar.Size() {
					return mismatch("wchar_t* points to wchar_t")
				}
				return nil
			}
			if err := pointeeMatch(d.Elem(), g.Elem()); err != nil {
				return mismatch(err.Error())
			}
			return nil
		case gInt64:
			if isAddress(g) {
				return nil
			}
			if g.Kind() == reflect.Pointer { // a *T result
				if dk != types.KindPointer {
					return nil
				}
				if err := pointeeMatch(d.Elem(), g.Elem()); err != nil {
					return mismatch(err.Error())
				}
				return nil
			}
		case gGoFunc, gFuncPtr:
			if dk == types.KindVoidP {
				return nil
			}
		case gValue:
			return nil // checked against the Value's type when passed (valueArg)
		}
		return mismatch("a C pointer is a Go pointer, slice, string, uintptr or unsafe.Pointer")
	case dk == types.KindStruct || dk == types.KindUnion:
		if k == gString || k == gSlice || k == gPtr || k == gGoFunc || k == gFuncPtr || k == gValue || isAddress(g) {
			return mismatch("an aggregate by value needs a Go type holding its bytes")
		}
		// By value the engine copies the bytes: the Go alignment does not
		// matter (a [5]byte for a packed struct, a [4]byte for a union).
		if d.Size() != g.Size() {
			return mismatch("the sizes differ")
		}
		return nil
	default: // a scalar
		if k == gStruct || k == gString || k == gSlice || k == gPtr || k == gGoFunc || k == gFuncPtr || k == gValue {
			return mismatch("a C scalar is a Go number")
		}
		if dk.IsFloat() != (k == gFloat32 || k == gFloat64) {
			return mismatch("one is a floating-point type, the other an integer")
		}
		if d.Size() != g.Size() {
			return mismatch("the sizes differ")
		}
		return nil
	}
}

// maxGoAlign is the largest alignment a Go type has: a C type aligned
// more (long double, _Alignas(16)) is held by a Go type aligned to it.
const maxGoAlign = unsafe.Alignof(complex128(0))

// pointeeMatch checks that Go memory of type g can be C memory of type d,
// where a pointer to d is declared: g has d's size and at least its
// alignment, or is an array (*[N]T, []T) of such elements.
func pointeeMatch(d *types.Type, g reflect.Type) error {
	if d.Kind() == types.KindVoid {
		return nil
	}
	for {
		if g.Size() == d.Size() && uintptr(g.Align()) >= min(d.Align(), maxGoAlign) {
			return nil
		}
		if g.Kind() != reflect.Array {
			return fmt.Errorf("the pointee, Go %s, is not a %s (%d bytes, aligned to %d) nor an array of them", g, d, d.Size(), d.Align())
		}
		g = g.Elem()
	}
}

// isAddress reports whether g is uintptr or unsafe.Pointer: a C address.
func isAddress(g reflect.Type) bool {
	return g.Kind() == reflect.Uintptr || g.Kind() == reflect.UnsafePointer
}

// variadicArg checks a variadic argument's C type c (of Go type g): a
// typed call passes the Go value as it is, so it must already be what C's
// default argument promotions make of it.
func variadicArg(c *types.Type, g reflect.Type) error {
	switch k := c.Kind(); {
	case k == types.KindFloat32:
		return fmt.Errorf("a variadic argument cannot be a float (Go %s): C promotes it to double, pass a float64", g)
	case k.IsScalar() && !k.IsPointer() && !k.IsFloat() && c.Size() < 4:
		return fmt.Errorf("a variadic argument cannot be narrower than int (Go %s): C promotes it to int, pass an int32", g)
	}
	return nil
}

// checkProto refuses cb, argument i of the binding name of lib, when it was made for
// another prototype than the C function pointer type ArgType declared for
// the argument: the binding has no error result, so it panics with the
// *CallError (wrapping a *ProtoError) Func.Call would return. A nil or
// freed callback passes NULL, as where nothing is declared.
func checkProto(lib, name string, i int, want *types.Type, cb *Callback) {
	if cb == nil || cb.callback == nil || cb.freed.Load() {
		return
	}
	if d := types.PrototypeDiff(want, cb.typ); d != "" {
		panic(&CallError{Library: lib, Func: name, Arg: i + 1, Expected: want, Given: "*ffi.Callback",
			Err: fmt.Errorf("%w: %w", ErrArgument, &ProtoError{Want: want, Got: cb.typ, Diff: d})})
	}
}

// valueArg is the C pointer a *types.Value argument i of the binding name
// of lib, declared (or mapped to) the C type d, passes: the address
// of its memory (Go memory the Value owns, whose Go pointers its pointer
// fields pinned, or C memory it views), kept alive by the call. Where
// ArgType declared POINTER(T), the Value must be a T or an array of T;
// the binding has no error result, so another Value, a nil one or one
// holding an error panics with the *CallError Func.Call would return.
func valueArg(lib, name string, i int, d *types.Type, v *types.Value) unsafe.Pointer {
	fail := func(err error) {
		panic(&CallError{Library: lib, Func: name, Arg: i + 1, Expected: d, Given: "*types.Value", Err: fmt.Errorf("%w: %w", ErrArgument, err)})
	}
	if v == nil {
		fail(fmt.Errorf("%w: a nil *types.Value", types.ErrConvert))
	}
	if err := v.Err(); err != nil {
		fail(err)
	}
	if d.Kind() == types.KindPointer {
		vt := v.Type()
		if vt != d.Elem() && (vt.Kind() != types.KindArray || vt.Elem() != d.Elem()) {
			fail(fmt.Errorf("%w: a Value of type %s where %s is declared", types.ErrConvert, vt, d))
		}
	}
	return v.UnsafePointer()
}

// parseOptions applies opts.
func parseOptions(opts []BindOption) bindOptions {
	var o bindOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	return o
}

// forCallback checks that o declares only what a callback of n
// parameters can take: ArgType and ResultType.
func (o *bindOptions) forCallback(n int) error {
	if len(o.errs) > 0 {
		return errors.Join(o.errs...)
	}
	if o.leaf || o.variadic || o.at != 0 {
		return errors.New("a callback takes ffi.ArgType and ffi.ResultType only (not Leaf, Variadic or At)")
	}
	return o.checkArity(n)
}

// nameOrEmpty is the library's name, or "" for none (a binding At an
// address may have no library).
func (l *Library) nameOrEmpty() string {
	if l == nil {
		return ""
	}
	return l.name
}
