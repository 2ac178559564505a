package ffi

import (
	"runtime"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// Func.Call and CallAs calls convert their arguments in scratch on their
// own stack: arrays for up to smallArgs arguments, or frameArgs, sized
// so that the commonest calls zero little; longer calls use heap scratch.
const (
	smallArgs = 8
	frameArgs = 32
)

// invoke converts the arguments into their C values and makes the call
// through the engine the signature was planned for (see engine.go), the
// one path of Func.Call and CallAs (see convert).
func (p *prepared) invoke(f *target, args []any, out *result) error {
	switch n := len(p.args); {
	case n <= smallArgs:
		var ps [smallArgs + 1]unsafe.Pointer
		var words [smallArgs + 1]uint64
		return p.convert(f, args, out, ps[:], words[:])
	case n <= frameArgs:
		var ps [frameArgs + 1]unsafe.Pointer
		var words [frameArgs + 1]uint64
		return p.convert(f, args, out, ps[:], words[:])
	default:
		return p.convert(f, args, out, make([]unsafe.Pointer, n+1), make([]uint64, n+1))
	}
}

// convert converts the arguments into their C values, their addresses in
// ps, and calls. A Go value already in C's representation (a float64 for a
// double, an int32 for an int, a Go struct of the C layout, a *types.Value)
// is handed to the engine where it is, in its interface box; the rest is
// converted into words. The engine reads both before the C call. Every
// pointer stored in ps is hidden from escape analysis (the caller's stack
// arrays must stay there); Go memory whose address C gets is made to live
// on the heap by escapes instead, so a goroutine stack that moves during a
// callback never invalidates an address C holds.
func (p *prepared) convert(f *target, args []any, out *result, ps []unsafe.Pointer, words []uint64) error {
	// keep holds Go memory made for this call (string copies) until C
	// returns.
	var keep [2]unsafe.Pointer
	var keepMore []unsafe.Pointer
	nk := 0
	// Output parameters (Go pointers to scalars, copied to heap cells and
	// back): two in a local array, more in a slice.
	var outs [2]outParam
	var outMore []outParam
	nOut := 0
	args = args[:len(p.args)] // the caller checked the count
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
				o := outParam{dst: noescape(dst), tmp: tmp, size: size}
				switch {
				case nOut < len(outs):
					outs[nOut] = o
				case nOut < maxOut:
					outMore = append(outMore, o)
				default:
					return f.argError(i, a, x, errTooManyOut)
				}
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
			if v, ok := x.(int); ok && a.how == convInt32 && int(int32(v)) == v {
				words[i] = uint64(v) // the commonest conversion: a Go int for a C int
				break
			}
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			words[i] = bits
		}
		ps[i] = noescape(unsafe.Pointer(&words[i]))
	}
	// The result's memory first: making a Value may grow (move) this
	// stack, and noescape's uintptr would keep &ps[0] across it unadjusted.
	ret := noescape(p.resultMem(out))
	p.eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), ret)
	for i := 0; i < nOut && i < len(outs); i++ {
		outs[i].copyBack()
	}
	for i := range outMore {
		outMore[i].copyBack()
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
