package ffi

import (
	"reflect"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
)

// goABIHandler calls the Go func fv without reflect where the engine can
// (callconv.CallGo: Go's own register ABI, linux/amd64): parameters of
// scalars and of Go structs of scalars, each in its registers or, past
// them, on the stack, as that ABI assigns them (goABIAssign); at most one
// result, a scalar or a struct of scalars in registers. Each C argument
// (or each field of one) is loaded into the register the func takes it
// in, and the result goes to ret as the engines read it (a scalar widened
// to a word, a struct in its C layout, which is its Go layout). It returns
// nil for every other func, which reflectHandler calls.
func goABIHandler(fv reflect.Value) func(args, ret unsafe.Pointer) {
	if !callconv.GoABI {
		return nil
	}
	ft := fv.Type()
	var steps []goABIStep
	var regs goABIRegs
	var stack uintptr // bytes of stack-assigned arguments
	nin := ft.NumIn()
	for i := 0; i < nin; i++ {
		t := ft.In(i)
		mark, saved := len(steps), regs
		if regs.assign(t, i, 0, &steps) {
			continue
		}
		// Past the registers: the whole value on the stack, at its
		// alignment, as Go's ABI assigns it.
		steps, regs = steps[:mark], saved
		if !goABIFlat(t) {
			return nil
		}
		al := uintptr(t.Align())
		at := (stack + al - 1) &^ (al - 1)
		stack = at + t.Size()
		if stack > 8*callconv.GoStackWords {
			return nil
		}
		steps = append(steps, goABIStep{k: t.Kind(), arg: i, reg: -1, at: at, size: t.Size()})
	}
	nstack := uint64((stack + 7) / 8)
	var rk reflect.Kind // Invalid: no result
	var rsteps []goABIStep
	if ft.NumOut() > 1 {
		return nil
	}
	if ft.NumOut() == 1 {
		rt := ft.Out(0)
		switch rk = rt.Kind(); {
		case rk == reflect.Struct:
			var rregs goABIRegs
			if !rregs.assign(rt, 0, 0, &rsteps) {
				return nil // a struct result on the stack: reflect
			}
		case !goABIScalar(rk) || rk == reflect.Pointer:
			return nil
		}
	}
	f := fv.Interface()
	code := (*[2]unsafe.Pointer)(unsafe.Pointer(&f))[1] // an interface's data word: the func value itself
	return func(args, ret unsafe.Pointer) {
		var r callconv.GoRegs
		r.NStack = nstack
		a := unsafe.Slice((*unsafe.Pointer)(args), nin)
		for _, s := range steps {
			p := unsafe.Add(a[s.arg], s.off)
			if s.reg < 0 && !goABIScalar(s.k) { // a struct or array on the stack: its bytes
				copy(unsafe.Slice((*byte)(unsafe.Add(unsafe.Pointer(&r.Stack), s.at)), s.size), unsafe.Slice((*byte)(p), s.size))
				continue
			}
			var w uint64
			switch s.k {
			case reflect.Int8:
				w = uint64(int64(*(*int8)(p)))
			case reflect.Uint8, reflect.Bool:
				w = uint64(*(*uint8)(p))
			case reflect.Int16:
				w = uint64(int64(*(*int16)(p)))
			case reflect.Uint16:
				w = uint64(*(*uint16)(p))
			case reflect.Int32:
				w = uint64(int64(*(*int32)(p)))
			case reflect.Uint32, reflect.Float32:
				w = uint64(*(*uint32)(p))
			default: // a word: 64-bit integers, uintptr, pointers, float64
				w = *(*uint64)(p)
			}
			switch {
			case s.reg < 0:
				storeStack(unsafe.Add(unsafe.Pointer(&r.Stack), s.at), w, s.size)
			case s.float:
				r.Float[s.reg] = w
			default:
				r.Int[s.reg] = w
			}
		}
		if rk == reflect.Struct {
			r.AllResults = 1
		}
		callconv.CallGo(code, &r)
		w := r.Int[0]
		switch rk {
		case reflect.Invalid:
		case reflect.Struct:
			for _, s := range rsteps {
				v := r.Int[s.reg]
				if s.float {
					v = r.Float[s.reg]
				}
				storeStack(unsafe.Add(ret, s.off), v, s.size)
			}
		case reflect.Int8:
			*(*int64)(ret) = int64(int8(w))
		case reflect.Uint8:
			*(*uint64)(ret) = uint64(uint8(w))
		case reflect.Bool:
			*(*uint64)(ret) = uint64(uint8(w) & 1)
		case reflect.Int16:
			*(*int64)(ret) = int64(int16(w))
		case reflect.Uint16:
			*(*uint64)(ret) = uint64(uint16(w))
		case reflect.Int32:
			*(*int64)(ret) = int64(int32(w))
		case reflect.Uint32:
			*(*uint64)(ret) = uint64(uint32(w))
		case reflect.Float32:
			*(*uint32)(ret) = uint32(r.Float[0])
		case reflect.Float64:
			*(*uint64)(ret) = r.Float[0]
		default:
			*(*uint64)(ret) = w
		}
	}
}

// goABIStep is one register (or the stack slot) of an argument or result
// of Go's internal ABI: the scalar of kind k at off in argument arg's
// value, in register reg (an integer or, float, a float register), or, reg
// -1, argument arg whole at at in GoRegs.Stack (size bytes).
type goABIStep struct {
	k     reflect.Kind
	float bool
	arg   int
	off   uintptr
	reg   int
	at    uintptr
	size  uintptr
}

// goABIRegs counts the registers assigned so far.
type goABIRegs struct{ nint, nfloat int }

// assign register-assigns a value of type t, at off in argument arg, as
// Go's internal ABI does: a scalar to the next register of its class, a
// struct field by field, an array of one element as that element. It
// reports false when the registers run out or t is of a kind this path
// does not pass (the caller then puts the value on the stack, or gives
// up).
func (g *goABIRegs) assign(t reflect.Type, arg int, off uintptr, steps *[]goABIStep) bool {
	k := t.Kind()
	switch {
	case goABIScalar(k):
		s := goABIStep{k: k, float: k == reflect.Float32 || k == reflect.Float64, arg: arg, off: off, size: t.Size()}
		switch {
		case s.float && g.nfloat < callconv.GoFloatRegs:
			s.reg, g.nfloat = g.nfloat, g.nfloat+1
		case !s.float && g.nint < callconv.GoIntRegs:
			s.reg, g.nint = g.nint, g.nint+1
		default:
			return false
		}
		*steps = append(*steps, s)
		return true
	case k == reflect.Struct:
		if !goABIFlat(t) {
			return false
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !g.assign(f.Type, arg, off+f.Offset, steps) {
				return false
			}
		}
		return true
	case k == reflect.Array && t.Len() == 1:
		return g.assign(t.Elem(), arg, off, steps)
	}
	return false
}

// goABIFlat reports whether t is a scalar, or a struct of named, sized
// scalar fields, nested structs of such and one-element arrays of such:
// what this path passes (a blank or zero-size field, whose treatment by
// the ABI is subtler, sends the func to reflect).
func goABIFlat(t reflect.Type) bool {
	switch k := t.Kind(); {
	case goABIScalar(k):
		return true
	case k == reflect.Array:
		return t.Len() == 1 && goABIFlat(t.Elem())
	case k == reflect.Struct:
		if t.Size() == 0 {
			return false
		}
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if f.Name == "_" || f.Type.Size() == 0 || !goABIFlat(f.Type) {
				return false
			}
		}
		return true
	}
	return false
}

// goABIScalar reports whether a Go value of kind k travels in one
// register of Go's internal ABI.
func goABIScalar(k reflect.Kind) bool {
	switch k {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Bool, reflect.UnsafePointer, reflect.Pointer:
		return true
	}
	return false
}

// storeStack stores the low size bytes (1, 2, 4 or 8) of w at p: a
// stack-assigned argument, which takes only its own bytes.
func storeStack(p unsafe.Pointer, w uint64, size uintptr) {
	switch size {
	case 1:
		*(*uint8)(p) = uint8(w)
	case 2:
		*(*uint16)(p) = uint16(w)
	case 4:
		*(*uint32)(p) = uint32(w)
	default:
		*(*uint64)(p) = w
	}
}
