package ffi

import (
	"errors"
	"fmt"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/libffi"
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
	t   *types.Type // the declared type (arrays stay arrays here, for messages)
	pt  *types.Type // the type used for conversion (arrays decay to pointers)
	how convHow
	// goStruct is the type word of the last Go struct type found to have
	// t's layout (struct arguments given as Go values), read and written
	// atomically; noType until then.
	goStruct uintptr
	// direct, direct2: the type words of the Go types whose interface box
	// holds exactly the C value (an int32 for int32_t, a float64 for a
	// double, an int or int64 for a 64-bit long); noType when none.
	direct, direct2 uintptr
	// out is the type word of the Go pointer type whose pointee has the
	// layout of a typed pointer argument's pointee (*int32 for int*,
	// *float64 for double*: an output parameter), of outSize bytes;
	// noType when none.
	out     uintptr
	outSize uintptr
	// outGo, for a pointer to a struct or union of at most maxOut cells
	// (outStruct), is the type word of the last Go *S found to have the
	// pointee's layout (arrayFor), which then passes as an output
	// parameter of outSize bytes, as out does; read and written
	// atomically, noType until then.
	outGo uintptr
	// box, box2: the type words of the Go values that pass on the boxed
	// path (boxed.go) in their interface: direct and direct2 for a
	// scalar; for a pointer, out (non-nil) where there is one, else
	// unsafe.Pointer and nil; noType when none.
	box, box2 uintptr
	// arrays: the *arrayKind of the last Go slice or array pointer type
	// accepted for a typed pointer argument (see arrayFor), read and
	// written atomically; nil until then.
	arrays unsafe.Pointer
}

// isOut reports whether tw, an argument's type word, is that of an output
// parameter of a (out, or the Go struct pointer type learnt, outGo).
func (a *argPlan) isOut(tw uintptr) bool {
	return tw == a.out || tw == atomic.LoadUintptr(&a.outGo)
}

// target is the C function a plan calls, and its names for errors.
type target struct {
	fnID
	addr uintptr
}

// prepared is everything a call needs that depends only on the signature.
// It is shared by concurrent calls and immutable once built but for its
// caches (atomic words) and its output-parameter cells (owned by one call
// at a time, see outCells).
type prepared struct {
	restype  *types.Type
	args     []argPlan
	declared []*types.Type // the Argtypes it was built for (cache check)
	given    *types.Type   // the Restype it was built for, nil included (cache check)
	variadic bool
	// leaf, leafStack: the Func's Leaf declaration the plan was made for
	// (a leaf plan's engine is a leafInvoker).
	leaf      bool
	leafStack uintptr

	eng invoker // the engine's plan of the signature (engine.go)
	// resKind is restype.Kind(), resSize restype.Size().
	resKind types.Kind
	resSize uintptr
	// hasPtr: some argument is a pointer (see directOut).
	hasPtr bool
	// outEng, when set, is the engine plan that takes output parameters
	// in place: args[i] points to the Go pointer itself (see outsInPlace).
	// outIdx are the arguments that can be output parameters (their out
	// is set); outAny says that any of them may pass in place, the others
	// converted (a leaf plan), rather than all of them or none.
	outEng invoker
	outIdx []int
	outAny bool
	// ptrIdx are the pointer arguments (convPtr), whose unsafe.Pointers
	// offStack checks; vpIdx those of them whose box is unsafe.Pointer's
	// (not an output parameter's Go pointer type), the only ones ready
	// lets through as unsafe.Pointers (readyOffStack).
	ptrIdx, vpIdx []int
	// boxOuts are the output parameters the boxed form copies (outsGiven):
	// those of a scalar pointee (none for a leaf plan's direct form, which
	// passes them in place, a nil one as NULL). A struct pointer's Go *S (outGo) is
	// copied by boxedS or outEng, or passes in place in a leaf call
	// (boxedOther), so that an unsafe.Pointer for it (C memory, maybe an
	// array) stays on the boxed form, in place, as ever.
	boxOuts []int
	// boxedS, when set, is the boxed form that also copies the struct
	// pointers' Go *S (every output parameter, outIdx): a call whose
	// struct pointers are all their learnt *S, and whose other arguments
	// are boxed, takes it (allBoxedS).
	boxedS *callconv.Plan
	// boxed, when set, is the engine plan that reads the arguments from
	// the caller's interfaces themselves (boxed.go); a concrete plan, so
	// that the call is direct.
	boxed *callconv.Plan
	// boxedMode is how CallAs calls: modeLeaf (boxedLeaf's trampoline),
	// modeRet32, modeRAX or modeXMM0 (boxed's direct call; R holds the C
	// result exactly: retDirect), modePlan (boxed's Invoke), or
	// modeInvoke (callBoxed: no arguments, or a leaf plan without a
	// direct trampoline).
	boxedMode uint8
	// boxedLeaf, for a leaf plan, is its boxed form's direct leaf
	// trampoline header (callconv.LeafStore64K).
	boxedLeaf unsafe.Pointer
	boxes     []boxWant  // each argument's box (allBoxed); non-nil exactly when there is a boxed form
	boxBuf    [8]boxWant // boxes' array for up to 8 arguments
	// readyN is the number of arguments of a CallAs call that ready
	// checks (len(p.boxes)), or -1 where there is no boxed form or the
	// plan takes more arguments than it declares (variadic).
	readyN int
	// cellBusy and cells: output parameters' cells for one call at a time
	// (see outCells), where outEng is not used; cellBusy is 1 while a call
	// uses them.
	cellBusy atomic.Uint32
	cells    *[maxOut]uint64 // allocated for plans with output parameters (setOuts)
	// retDirect caches the type word of the last *R that CallAs found to
	// hold exactly the restype's C value (the engine stores the result
	// into R itself); see resultDirect.
	retDirect uintptr
	// goRet caches the type word of a Go struct type checked to have the
	// restype's layout (CallAs with a Go struct result).
	goRet uintptr
	// retOK caches the type word of the last *R that CallAs found able to
	// hold the restype (see checkResult).
	retOK uintptr
}

// boxWant is what an argument of the boxed path must be: of type word tw
// (read and written atomically: see boxedOther), where the Func declares
// t (CallAs's check, ready).
type boxWant struct {
	tw uintptr // first: its address is the element's
	t  *types.Type
}

// result is what came back from C before conversion to Go.
type result struct {
	bits uint64       // scalar results
	val  *types.Value // struct, union and array results
	// dst, when set by CallAs for a Go struct result or an R of the
	// result's C layout, receives the result directly.
	dst unsafe.Pointer
}

func (f *fnID) build(rt *types.Type, argtypes []*types.Type, nfixed int) (*prepared, error) {
	p := &prepared{restype: rt, resKind: rt.Kind(), resSize: rt.Size(), args: make([]argPlan, len(argtypes)), readyN: -1}
	if rt.Kind() == types.KindArray {
		return nil, f.errorf(0, rt, "", fmt.Errorf("%w: a C function cannot return an array (%s); return a pointer", ErrSignature, rt))
	}
	if rt.Kind() == types.KindInvalid {
		return nil, f.errorf(0, rt, "", fmt.Errorf("%w: invalid restype", ErrSignature))
	}
	if err := errLongDoubleByValue("restype", rt); err != nil {
		return nil, f.errorf(0, rt, "", err)
	}
	for i, t := range argtypes {
		if t == nil || t.Kind() == types.KindVoid || t.Kind() == types.KindInvalid {
			return nil, f.errorf(i+1, t, "", fmt.Errorf("%w: argument type %v has no value", ErrSignature, t))
		}
		if err := errLongDoubleByValue("argument type", t); err != nil {
			return nil, f.errorf(i+1, t, "", err)
		}
		a := argPlan{t: t, pt: t, direct: noType, direct2: noType, out: noType, outGo: noType, goStruct: noType}
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
		a.direct, a.direct2 = directWords(a.pt)
		p.hasPtr = p.hasPtr || a.how == convPtr
		if a.pt.Kind() == types.KindPointer {
			if w := outWord(a.pt.Elem()); w != noType {
				a.out, a.outSize = w, a.pt.Elem().Size()
			} else if outStruct(a.pt.Elem()) {
				a.outSize = a.pt.Elem().Size() // its Go type learnt (outGo)
			}
		}
		a.box, a.box2 = a.direct, a.direct2
		switch {
		case a.how == convPtr && a.out != noType:
			a.box, a.box2 = a.out, noType
		case a.how == convPtr:
			a.box, a.box2 = twUnsafePointer, 0
		}
		p.args[i] = a
	}
	eng, err := newEngine(rt, argtypes, nfixed)
	if errors.Is(err, libffi.ErrUnavailable) {
		return nil, f.errorf(0, nil, "", err) // the machine, not the signature
	}
	if err != nil {
		return nil, f.errorf(0, nil, "", fmt.Errorf("%w: %w", ErrSignature, err))
	}
	p.eng = eng
	return p, nil
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

func restypeOf(t *types.Type) *types.Type {
	if t == nil {
		return types.Void
	}
	return t
}
