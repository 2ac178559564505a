package ffi

import (
	"fmt"
	"math"
	"reflect"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// convHow says how one argument is converted into the call frame.
type convHow uint8

const (
	convInt   convHow = iota // integers, bool, char, wchar: ScalarBits
	convF64                  // double
	convF32                  // float
	convPtr                  // char*, void*, typed and function pointers, arrays (decayed)
	convAgg                  // struct or union by value
	convInt32                // a signed 32-bit integer (C int): convInt with a short path
	convInt64                // a signed 64-bit integer (long, long long): the same
)

// argPlan is the prepared conversion of one argument.
type argPlan struct {
	t    *types.Type // the declared type (arrays stay arrays here, for messages)
	pt   *types.Type // the type used for conversion (arrays decay to pointers)
	how  convHow
	slot int // fast engine: register/stack slot of a scalar
	// nreg > 0 (fast engine): an aggregate travelling in nreg registers,
	// word k read from offset regOff[k] into slot regSlot[k].
	nreg    int
	regSlot [2]int
	regOff  [2]uintptr
	// goStruct is the type word of the last Go struct type found to have
	// t's layout (struct arguments given as Go values), read and written
	// atomically.
	goStruct uintptr
}

// prepared is everything a call needs that depends only on the signature.
// It is immutable once built and shared by concurrent calls.
type prepared struct {
	restype  *types.Type
	args     []argPlan
	declared []*types.Type // the Argtypes it was built for (cache check)
	variadic bool

	fast *callconv.Plan // the amd64 engine, when available
	lf   *libffiCall    // the libffi engine otherwise
	// scalar: the fast engine, every argument a number in a register and a
	// number or void out (see invokeScalar).
	scalar bool
	// retFloat: the result comes back in xmm0 (float, double).
	retFloat bool
	// ints: scalar, and integers and pointers only (callconv.Plan.Ints).
	ints bool
	// retRegs: a struct result in whole registers, stored by rw.
	retRegs bool
	rw      retWords
	// noPtr: the fast engine, no pointer argument and no stack words (see
	// invokeValues).
	noPtr bool
	// goRet caches the type word of a Go struct type checked to have the
	// restype's layout (CallAs with a Go struct result).
	goRet uintptr
}

// result is what came back from C before conversion to Go.
type result struct {
	bits uint64       // scalar results
	val  *types.Value // struct, union and array results
	// dst, when set by CallAs for a Go struct result, receives a struct
	// result directly (the fast engine, register-returned structs).
	dst unsafe.Pointer
}

// forceLibffi makes every call use libffi; tests set it to check that both
// engines agree.
var forceLibffi = false

func (f *Func) build(rt *types.Type, argtypes []*types.Type, nfixed int) (*prepared, error) {
	p := &prepared{restype: rt, args: make([]argPlan, len(argtypes))}
	if rt.Kind() == types.KindArray {
		return nil, f.errorf(0, rt, "", fmt.Errorf("%w: a C function cannot return an array (%s); return a pointer", ErrSignature, rt))
	}
	if rt.Kind() == types.KindInvalid {
		return nil, f.errorf(0, rt, "", fmt.Errorf("%w: invalid restype", ErrSignature))
	}
	for i, t := range argtypes {
		if t == nil || t.Kind() == types.KindVoid || t.Kind() == types.KindInvalid {
			return nil, f.errorf(i+1, t, "", fmt.Errorf("%w: argument type %v has no value", ErrSignature, t))
		}
		a := argPlan{t: t, pt: t}
		switch k := t.Kind(); {
		case k == types.KindFloat64:
			a.how = convF64
		case k == types.KindFloat32:
			a.how = convF32
		case k == types.KindArray:
			a.how, a.pt = convPtr, types.PointerTo(t.Elem())
		case k.IsPointer():
			a.how = convPtr
		case k == types.KindStruct || k == types.KindUnion:
			a.how = convAgg
		case k == types.KindInt32 && !t.IsBigEndian():
			a.how = convInt32
		case k == types.KindInt64 && !t.IsBigEndian():
			a.how = convInt64
		default:
			a.how = convInt
		}
		if nfixed >= 0 && i >= nfixed {
			// Variadic arguments: C's default argument promotions.
			if a.how == convF32 {
				return nil, f.errorf(i+1, t, "", fmt.Errorf("%w: a variadic argument cannot be a float (C promotes it to double)", ErrSignature))
			}
			if (a.how == convInt || a.how == convInt32) && t.Size() < 4 {
				return nil, f.errorf(i+1, t, "", fmt.Errorf("%w: a variadic argument cannot be narrower than int (C promotes it)", ErrSignature))
			}
		}
		p.args[i] = a
	}
	if callconv.Supported && !forceLibffi {
		ret := layoutOf(rt)
		lays := make([]callconv.Layout, len(p.args))
		for i, a := range p.args {
			lays[i] = layoutOf(a.pt)
		}
		plan, err := callconv.NewPlan(ret, lays, nfixed)
		if err != nil {
			return nil, f.errorf(0, nil, "", fmt.Errorf("%w: %w", ErrSignature, err))
		}
		p.fast = plan
		p.retFloat = rt.Kind().IsFloat()
		p.scalar = plan.Simple() && !rt.Kind().IsPointer()
		p.noPtr = plan.StackWords() == 0
		for i := range p.args {
			if p.args[i].how == convPtr {
				p.noPtr = false
			}
			if p.args[i].how != convAgg {
				p.args[i].slot = plan.ArgSlot(i)
			} else if n, slots, offs, ok := plan.RegWords(i); ok {
				p.args[i].nreg, p.args[i].regSlot, p.args[i].regOff = n, slots, offs
			}
			if p.args[i].how == convPtr || p.args[i].how == convAgg {
				p.scalar = false
			}
		}
		p.ints = p.scalar && plan.Ints()
		if n, regs, offs, ok := plan.RetWords(); ok {
			p.retRegs, p.rw = true, retWords{n: n, reg: regs, off: offs}
		}
		return p, nil
	}
	lf, err := newLibffiCall(rt, p.args, nfixed)
	if err != nil {
		return nil, f.errorf(0, nil, "", fmt.Errorf("%w: %w", ErrSignature, err))
	}
	p.lf = lf
	return p, nil
}

// layoutOf describes t for the calling-convention engine.
func layoutOf(t *types.Type) callconv.Layout {
	k := t.Kind()
	if k == types.KindVoid {
		return callconv.Layout{Void: true}
	}
	l := callconv.Layout{Size: t.Size(), Align: t.Align(), Float: k.IsFloat()}
	if k.IsAggregate() {
		l.Aggregate = true
		l.Leaves = appendLeaves(nil, t, 0)
	}
	return l
}

func appendLeaves(leaves []callconv.Leaf, t *types.Type, off uintptr) []callconv.Leaf {
	switch t.Kind() {
	case types.KindStruct, types.KindUnion:
		for _, f := range t.Fields() {
			leaves = appendLeaves(leaves, f.Type, off+f.Offset)
		}
	case types.KindArray:
		for i := 0; i < t.Len(); i++ {
			leaves = appendLeaves(leaves, t.Elem(), off+uintptr(i)*t.Elem().Size())
		}
	default:
		leaves = append(leaves, callconv.Leaf{Offset: off, Size: t.Size(), Float: t.Kind().IsFloat()})
	}
	return leaves
}

// defaultType is the C type a Go value converts to when no Argtypes entry
// covers it (see Func.Call).
func defaultType(x any, variadic bool) (*types.Type, error) {
	switch v := x.(type) {
	case nil, unsafe.Pointer, uintptr, []byte, types.Ref:
		return types.VoidP, nil
	case int, int8, int16, int32, bool:
		return types.Int, nil
	case uint, uint8, uint16, uint32:
		return types.UInt, nil
	case int64:
		return types.LongLong, nil
	case uint64:
		return types.ULongLong, nil
	case float64:
		return types.Double, nil
	case float32:
		if variadic {
			return types.Double, nil
		}
		return types.Float, nil
	case string:
		return types.CharP, nil
	case []float64, []float32, []int64, []uint64, []int32, []uint32, []int16, []uint16, []int8, []uintptr:
		return types.VoidP, nil
	case *types.Value:
		if err := v.Err(); err != nil {
			return nil, err
		}
		t := v.Type()
		if t.Kind() == types.KindArray {
			return types.PointerTo(t.Elem()), nil
		}
		if variadic {
			switch {
			case t.Kind() == types.KindFloat32:
				return types.Double, nil
			case t.Kind().IsScalar() && !t.Kind().IsPointer() && t.Size() < 4:
				if t.Kind().IsSigned() || t.Kind() == types.KindChar {
					return types.Int, nil
				}
				return types.UInt, nil
			}
		}
		return t, nil
	}
	return nil, fmt.Errorf("%w: cannot convert Go type %s without Argtypes", ErrArgument, goType(x))
}

func goType(x any) string {
	if v, ok := x.(*types.Value); ok && v != nil && v.Type() != nil {
		return "*types.Value of " + v.Type().Name()
	}
	if x == nil {
		return "nil"
	}
	return reflect.TypeOf(x).String() // reads only the type word: x does not escape
}

// argError wraps a conversion error of argument i (0-based).
func (f *Func) argError(i int, a *argPlan, x any, err error) error {
	return f.errorf(i+1, a.t, goType(x), argErr{err})
}

// quickBits converts the two commonest pairs, a float64 for a double and
// a Go int for a C int, small enough to be inlined into the call loops;
// ok is false for everything else, which scalarBits converts.
func quickBits(a *argPlan, x any) (bits uint64, ok bool) {
	if a.how == convF64 {
		f, ok := x.(float64)
		return math.Float64bits(f), ok
	}
	i, ok := x.(int)
	return uint64(i), ok && a.how == convInt32 && int(int32(i)) == i
}

// scalarBits converts argument x for a non-pointer, non-aggregate slot.
// The commonest pairs (a Go int or int32 for a C int, a float64 for a
// double) take a short path; everything else goes through
// types.Type.ScalarBits, which has the same rules.
func scalarBits(a *argPlan, x any) (uint64, error) {
	switch a.how {
	case convF64:
		if f, ok := x.(float64); ok {
			return math.Float64bits(f), nil
		}
	case convInt32:
		switch i := x.(type) {
		case int:
			if i >= math.MinInt32 && i <= math.MaxInt32 {
				return uint64(i), nil
			}
		case int32:
			return uint64(int64(i)), nil
		}
	case convInt64:
		switch i := x.(type) {
		case int:
			return uint64(i), nil
		case int64:
			return uint64(i), nil
		}
	}
	return a.pt.ScalarBits(x)
}

// aggregateArg returns the memory of a struct or union argument passed by
// value.
func aggregateArg(a *argPlan, x any) (*types.Value, error) {
	v, ok := x.(*types.Value)
	if !ok || v == nil {
		if x != nil && goStructFits(&a.goStruct, x, a.t) {
			return nil, nil // a Go struct of the C layout: see aggregateArgMem
		}
		return nil, &types.ConvError{Type: a.t, GoType: goType(x), Reason: "a *types.Value of " + a.t.Name() + " or a Go struct of its layout is required (struct passed by value)", Err: types.ErrConvert}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if v.Type() != a.t {
		return nil, &types.ConvError{Type: a.t, GoType: goType(x), Reason: "wrong struct type", Err: types.ErrConvert}
	}
	return v, nil
}

// aggregateArgMem returns the memory of a struct argument: a Value's, or
// the Go struct's own (the interface's data word) when aggregateArg
// accepted a Go struct.
func aggregateArgMem(v *types.Value, x any) unsafe.Pointer {
	if v != nil {
		return v.UnsafePointer()
	}
	return (*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1]
}

// goStructFits reports whether the Go value x is a struct with the layout
// of the C type c (checked once per Go type, remembered in *cache).
func goStructFits(cache *uintptr, x any, c *types.Type) bool {
	tw := uintptr((*[2]unsafe.Pointer)(unsafe.Pointer(&x))[0])
	if atomic.LoadUintptr(cache) == tw {
		return true
	}
	if !goLayoutMatches(reflect.TypeOf(x), c) {
		return false
	}
	atomic.StoreUintptr(cache, tw)
	return true
}

// goLayoutMatches reports whether the Go type g is a struct with the
// layout of the C type c, its value held in an interface through a
// pointer (not a pointer-shaped struct, which an interface holds directly:
// such a value passes as a *types.Value or through a typed binding).
func goLayoutMatches(g reflect.Type, c *types.Type) bool {
	if g.Kind() != reflect.Struct || directIface(g) {
		return false
	}
	gc, err := goStructType(g)
	return err == nil && sameLayout(gc, c)
}

// directIface reports whether an interface holds a value of type t in its
// data word itself rather than through a pointer: pointer-shaped types,
// and structs of one field and arrays of one element of such a type.
func directIface(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.UnsafePointer, reflect.Chan, reflect.Map, reflect.Func:
		return true
	case reflect.Struct:
		return t.NumField() == 1 && directIface(t.Field(0).Type)
	case reflect.Array:
		return t.Len() == 1 && directIface(t.Elem())
	}
	return false
}

// goResult converts a raw result to the Go value Call returns.
func (p *prepared) goResult(out *result) any {
	rt := p.restype
	switch k := rt.Kind(); {
	case k == types.KindVoid:
		return nil
	case k == types.KindStruct || k == types.KindUnion:
		return out.val
	case k == types.KindPointer || k == types.KindFunc:
		v, _ := types.Cast(uintptr(out.bits), rt)
		return v
	}
	return rt.GoValue(out.bits)
}

// storeResult stores a raw result into *dst for CallAs.
func (p *prepared) storeResult(out *result, dst any) error {
	rt := p.restype
	k := rt.Kind()
	if d, ok := dst.(**types.Value); ok {
		switch {
		case k == types.KindVoid:
			*d = nil
		case k == types.KindStruct || k == types.KindUnion:
			*d = out.val
		default:
			v, err := types.Cast(uintptr(out.bits), types.PointerTo(rt))
			if err != nil {
				return err
			}
			if k.IsPointer() {
				v, err = types.Cast(uintptr(out.bits), rt)
			} else {
				v = types.New(rt)
				err = v.Set(rt.GoValue(out.bits))
			}
			if err != nil {
				return err
			}
			*d = v
		}
		return nil
	}
	if k == types.KindVoid || k == types.KindStruct || k == types.KindUnion {
		return fmt.Errorf("%w: restype %s needs *types.Value", ErrResult, rt)
	}
	bits := out.bits
	switch d := dst.(type) {
	case *float64:
		if k == types.KindFloat64 {
			*d = math.Float64frombits(bits)
			return nil
		}
		if k == types.KindFloat32 {
			*d = float64(math.Float32frombits(uint32(bits)))
			return nil
		}
	case *float32:
		if k == types.KindFloat32 {
			*d = math.Float32frombits(uint32(bits))
			return nil
		}
	case *uintptr:
		if k.IsPointer() {
			*d = uintptr(bits)
			return nil
		}
	case *unsafe.Pointer:
		if k.IsPointer() {
			*d = *(*unsafe.Pointer)(unsafe.Pointer(&bits))
			return nil
		}
	case *string:
		if k == types.KindCharP || k == types.KindWCharP {
			if s, ok := rt.GoValue(bits).(string); ok {
				*d = s
			}
			return nil
		}
	case *bool:
		if k == types.KindBool {
			*d = bits&0xff != 0
			return nil
		}
	}
	if k.IsInteger() || k == types.KindBool || k == types.KindChar || k == types.KindWChar {
		return storeInt(rt, bits, dst)
	}
	return fmt.Errorf("%w: cannot store a %s result in %s", ErrResult, rt, goType(dst))
}

func storeInt(rt *types.Type, bits uint64, dst any) error {
	// The value as C holds it: the low Size() bytes, sign-extended for
	// signed kinds (wchar_t included).
	var mag uint64
	neg := false
	shift := 64 - 8*rt.Size()
	if rt.Kind() == types.KindBool {
		bits &= 0xff
		if bits != 0 {
			bits = 1
		}
		shift = 0
	}
	if rt.Kind().IsSigned() {
		v := int64(bits<<shift) >> shift
		if v < 0 {
			mag, neg = uint64(-v), true
		} else {
			mag = uint64(v)
		}
	} else {
		mag = bits << shift >> shift
	}
	fit := func(min int64, max uint64) bool {
		if neg {
			return min < 0 && mag <= uint64(-min)
		}
		return mag <= max
	}
	s := int64(mag)
	if neg {
		s = -s
	}
	ok := true
	switch d := dst.(type) {
	case *int:
		if ok = fit(math.MinInt, math.MaxInt); ok {
			*d = int(s)
		}
	case *int64:
		if ok = fit(math.MinInt64, math.MaxInt64); ok {
			*d = s
		}
	case *int32:
		if ok = fit(math.MinInt32, math.MaxInt32); ok {
			*d = int32(s)
		}
	case *int16:
		if ok = fit(math.MinInt16, math.MaxInt16); ok {
			*d = int16(s)
		}
	case *int8:
		if ok = fit(math.MinInt8, math.MaxInt8); ok {
			*d = int8(s)
		}
	case *uint:
		if ok = fit(0, math.MaxUint); ok {
			*d = uint(mag)
		}
	case *uint64:
		if ok = fit(0, math.MaxUint64); ok {
			*d = mag
		}
	case *uint32:
		if ok = fit(0, math.MaxUint32); ok {
			*d = uint32(mag)
		}
	case *uint16:
		if ok = fit(0, math.MaxUint16); ok {
			*d = uint16(mag)
		}
	case *uint8:
		if ok = fit(0, math.MaxUint8); ok {
			*d = uint8(mag)
		}
	case *uintptr:
		if ok = fit(0, math.MaxUint64); ok {
			*d = uintptr(mag)
		}
	case *bool:
		*d = mag != 0
	default:
		return fmt.Errorf("%w: cannot store a %s result in %s", ErrResult, rt, goType(dst))
	}
	if !ok {
		return fmt.Errorf("%w: result %v of %s does not fit in %s", types.ErrRange, rt.GoValue(bits), rt, goType(dst))
	}
	return nil
}
