package ffi

import (
	"runtime"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// frameArgs is how many arguments a Func.Call or CallAs call converts in
// scratch on its own stack; longer calls use heap scratch.
const frameArgs = 32

// invoke converts the arguments into their C values and makes the call
// through the engine the signature was planned for (see engine.go), the
// one path of Func.Call and CallAs. A Go value already in C's
// representation (a float64 for a double, an int32 for an int, a Go struct
// of the C layout, a *types.Value) is handed to the engine where it is, in
// its interface box; the rest is converted into words of this frame. The
// engine reads both before the C call. Go memory whose address C gets is
// made to live on the heap by escapes, so a goroutine stack that moves
// during a callback never invalidates an address C holds.
func (p *prepared) invoke(f *target, args []any, out *result) error {
	n := len(p.args)
	if n > frameArgs {
		return p.invokeLong(f, args, out)
	}
	var ps [frameArgs + 1]unsafe.Pointer
	var words [frameArgs + 1]uint64
	// keep holds Go memory made for this call (string copies) until C
	// returns.
	var keep [4]unsafe.Pointer
	var keepMore []unsafe.Pointer
	nk := 0
	// Output parameters live in a local array, stored to directly: a store
	// through a pointer (or an append) would make the Go pointers escape in
	// the compiler's eyes, and with them every argument's interface box.
	var outs [maxOut]outParam
	nOut := 0
	args = args[:n] // the caller checked the count
	for i := range p.args {
		a := &p.args[i]
		x := args[i]
		if d := directArg(a, x); d != nil {
			ps[i] = noescape(d)
			continue
		}
		switch a.how {
		case convPtr:
			addr, k, dst, tmp, size, err := pointerArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			if dst != nil {
				if nOut == maxOut {
					return f.argError(i, a, x, errTooManyOut)
				}
				outs[nOut] = outParam{dst: dst, tmp: tmp, size: size}
				nOut++
			}
			if k != nil {
				escapes(k)
				if nk < len(keep) {
					keep[nk] = k
					nk++
				} else {
					keepMore = append(keepMore, k)
				}
			}
			words[i] = uint64(addr)
		case convAgg:
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			ps[i] = noescape(aggregateArgMem(v, x))
			continue
		default:
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			words[i] = bits
		}
		ps[i] = unsafe.Pointer(&words[i])
	}
	p.eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(p.resultMem(out)))
	for i := 0; i < nOut; i++ {
		outs[i].copyBack()
	}
	// Everything the arguments point to stays alive until C has returned.
	runtime.KeepAlive(args)
	runtime.KeepAlive(&keep)
	runtime.KeepAlive(keepMore)
	return nil
}

// directArg returns the address of x's C value where x already is one, in
// its interface box: a float64 for a double, an int32 (or int64, or int)
// for a C integer of that size, a Go struct already seen to have the C
// layout. It returns nil for everything else.
func directArg(a *argPlan, x any) unsafe.Pointer {
	e := (*[2]unsafe.Pointer)(unsafe.Pointer(&x))
	switch a.how {
	case convF64:
		if _, ok := x.(float64); ok {
			return e[1]
		}
	case convInt32:
		if _, ok := x.(int32); ok {
			return e[1]
		}
	case convInt64:
		switch x.(type) {
		case int64, int:
			return e[1]
		}
	case convAgg:
		return quickAggregate(a, x)
	}
	return nil
}

// resultMem returns where the engine stores the result: out.bits for a
// scalar (its low bytes: the engines are little-endian), a Go struct
// (out.dst) or a new Value's memory for a struct or union, nil for void.
func (p *prepared) resultMem(out *result) unsafe.Pointer {
	switch p.restype.Kind() {
	case types.KindVoid:
		return nil
	case types.KindStruct, types.KindUnion:
		if out.dst != nil {
			return out.dst
		}
		out.val = types.New(p.restype) // the Value Call returns
		return out.val.UnsafePointer()
	}
	return unsafe.Pointer(&out.bits)
}

// invokeLong is invoke for calls of more than frameArgs arguments, with
// heap scratch.
func (p *prepared) invokeLong(f *target, args []any, out *result) error {
	n := len(p.args)
	ps := make([]unsafe.Pointer, n)
	words := make([]uint64, n)
	var keep []unsafe.Pointer
	var outs []outParam
	for i := range p.args {
		a := &p.args[i]
		x := args[i]
		switch a.how {
		case convPtr:
			addr, k, dst, tmp, size, err := pointerArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			if dst != nil {
				outs = append(outs, outParam{dst: noescape(dst), tmp: tmp, size: size})
			}
			keep = append(keep, k)
			words[i] = uint64(addr)
		case convAgg:
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			ps[i] = noescape(aggregateArgMem(v, x))
			continue
		default:
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			words[i] = bits
		}
		ps[i] = unsafe.Pointer(&words[i])
	}
	p.eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(p.resultMem(out)))
	for i := range outs {
		outs[i].copyBack()
	}
	runtime.KeepAlive(args)
	runtime.KeepAlive(keep)
	runtime.KeepAlive(words)
	return nil
}
