package ffi

import (
	"reflect"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
)

// goABIHandler calls the Go func fv without reflect where the engine can
// (callconv.CallGo: Go's own register ABI, linux/amd64): every parameter a
// scalar (in a register of its own, or past the registers on the stack,
// as that ABI assigns them), at most one scalar result. Each C
// argument is loaded into the register the func takes it in, and the
// result goes to ret as the engines read it (integers widened to a word).
// It returns nil for every other func, which reflectHandler calls.
func goABIHandler(fv reflect.Value) func(args, ret unsafe.Pointer) {
	if !callconv.GoABI {
		return nil
	}
	ft := fv.Type()
	type step struct {
		k     reflect.Kind
		float bool
		reg   int     // the register, or -1: on the stack
		at    uintptr // the offset in GoRegs.Stack of one on the stack
		size  uintptr
	}
	steps := make([]step, ft.NumIn())
	nint, nfloat := 0, 0
	var stack uintptr // bytes of stack-assigned arguments
	for i := range steps {
		t := ft.In(i)
		k := t.Kind()
		if !goABIScalar(k) {
			return nil
		}
		s := step{k: k, float: k == reflect.Float32 || k == reflect.Float64, size: t.Size()}
		switch {
		case s.float && nfloat < callconv.GoFloatRegs:
			s.reg, nfloat = nfloat, nfloat+1
		case !s.float && nint < callconv.GoIntRegs:
			s.reg, nint = nint, nint+1
		default:
			// Past the registers: on the stack, at its alignment, as
			// Go's ABI assigns it.
			s.reg = -1
			s.at, stack = callconv.GoStackArg(stack, s.size)
			if stack > 8*callconv.GoStackWords {
				return nil
			}
		}
		steps[i] = s
	}
	nstack := uint64((stack + 7) / 8)
	var rk reflect.Kind // Invalid: no result
	if ft.NumOut() > 1 {
		return nil
	}
	if ft.NumOut() == 1 {
		if rk = ft.Out(0).Kind(); !goABIScalar(rk) || rk == reflect.Pointer {
			return nil
		}
	}
	f := fv.Interface()
	code := (*[2]unsafe.Pointer)(unsafe.Pointer(&f))[1] // an interface's data word: the func value itself
	return func(args, ret unsafe.Pointer) {
		var r callconv.GoRegs
		r.NStack = nstack
		a := unsafe.Slice((*unsafe.Pointer)(args), len(steps))
		for i, s := range steps {
			p := a[i]
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
		callconv.CallGo(code, &r)
		w := r.Int[0]
		switch rk {
		case reflect.Invalid:
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
