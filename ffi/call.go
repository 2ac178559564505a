package ffi

import (
	"runtime"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// invoke converts the arguments and calls the function with the engine the
// signature was prepared for.
func (p *prepared) invoke(f *target, args []any, out *result) error {
	if p.scalar {
		return p.invokeScalar(f, args, out)
	}
	if p.noPtr {
		return p.invokeValues(f, args, out)
	}
	if p.fast != nil {
		return p.invokeFast(f, args, out)
	}
	return p.invokeLibffi(f, args, out)
}

// invokeScalar is invokeFast for the commonest signatures: numbers in
// registers, a number or void out. Nothing but the register frame is
// needed, which keeps this path short.
func (p *prepared) invokeScalar(f *target, args []any, out *result) error {
	bits, err := p.callScalar(f, args)
	out.bits = bits
	return err
}

// callScalar is invokeScalar returning the raw result, for CallAs. Plans
// with integer and pointer arguments and results only use the smaller
// IntFrame.
func (p *prepared) callScalar(f *target, args []any) (uint64, error) {
	if p.ints {
		var fr callconv.IntFrame
		if err := p.scalarArgs(f, args, fr.Regs[:]); err != nil {
			return 0, err
		}
		p.fast.CallInts(&fr, f.addr)
		return fr.RetInt(), nil
	}
	var fr callconv.Frame
	if err := p.scalarArgs(f, args, fr.Words()); err != nil {
		return 0, err
	}
	p.fast.CallSimple(&fr, f.addr)
	if p.retFloat {
		return fr.RetFloat(), nil
	}
	return fr.RetInt(), nil
}

// scalarArgs converts the arguments of a scalar plan into their register
// words, regs[slot].
func (p *prepared) scalarArgs(f *target, args []any, regs []uint64) error {
	pa := p.args
	args = args[:len(pa)] // the caller checked the count: no bounds checks below
	for i := range pa {
		a := &pa[i]
		bits, ok := quickBits(a, args[i])
		if !ok {
			var err error
			if bits, err = scalarBits(a, args[i]); err != nil {
				return f.argError(i, a, args[i], err)
			}
		}
		regs[a.slot] = bits
	}
	return nil
}

// invokeFast is the hot path: no allocation for scalar and struct
// arguments (strings passed as char* are copied into new NUL-terminated
// memory), no reflection, no locks.
//
// The frame and the stack-word buffer live on this goroutine's stack; the
// engine reads them before the C call and writes results through a pointer
// it corrects if a callback grew (moved) the stack meanwhile. Go memory
// whose address is passed to C is made to live on the heap by escapes, so a
// moving stack never invalidates an address C holds.
func (p *prepared) invokeFast(f *target, args []any, out *result) error {
	var fr callconv.Frame
	var stackBuf [inlineStack]uint64
	stack := stackBuf[:]
	if n := p.fast.StackWords(); n > inlineStack {
		stack = make([]uint64, n)
	}
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
			callconv.SetWord(&fr, stack, a.slot, uint64(addr))
		case convAgg:
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			p.fast.SetArgMem(&fr, stack, i, aggregateArgMem(v, x))
		default:
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			callconv.SetWord(&fr, stack, a.slot, bits)
		}
	}
	p.callFast(f, &fr, stack, out)
	for i := 0; i < nOut; i++ {
		outs[i].copyBack()
	}
	// Everything the arguments point to stays alive until C has returned.
	runtime.KeepAlive(args)
	runtime.KeepAlive(&keep)
	runtime.KeepAlive(keepMore)
	return nil
}

// invokeValues is invokeFast for signatures whose arguments (numbers and
// structs by value, no pointers) all travel in registers: nothing to keep
// alive or copy back, no stack words, so less to set up per call.
func (p *prepared) invokeValues(f *target, args []any, out *result) error {
	var fr callconv.Frame
	for i := range p.args {
		a := &p.args[i]
		x := args[i]
		if a.how != convAgg {
			bits, ok := quickBits(a, x)
			if !ok {
				var err error
				if bits, err = scalarBits(a, x); err != nil {
					return f.argError(i, a, x, err)
				}
			}
			fr.SetReg(a.slot, bits)
			continue
		}
		mem := quickAggregate(a, x)
		if mem == nil {
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			mem = aggregateArgMem(v, x)
		}
		if a.nreg == 0 {
			p.fast.SetArgMem(&fr, nil, i, mem)
			continue
		}
		fr.SetReg(a.regSlot[0], *(*uint64)(unsafe.Add(mem, a.regOff[0])))
		if a.nreg == 2 {
			fr.SetReg(a.regSlot[1], *(*uint64)(unsafe.Add(mem, a.regOff[1])))
		}
	}
	p.callFast(f, &fr, nil, out)
	runtime.KeepAlive(args) // *types.Value arguments: their C memory
	return nil
}

// callFast makes the call of invokeFast and invokeValues, with the
// arguments in place, and stores the result in out.
func (p *prepared) callFast(f *target, fr *callconv.Frame, stack []uint64, out *result) {
	if p.retRegs && out.dst != nil {
		// A struct result in registers, for a Go struct: straight there.
		p.fast.CallSimple(fr, f.addr)
		p.rw.store(fr, out.dst)
		return
	}
	var ret unsafe.Pointer
	k := p.restype.Kind()
	if k == types.KindStruct || k == types.KindUnion {
		if out.dst != nil {
			ret = out.dst // copied there after the call: any memory will do
		} else {
			out.val = types.New(p.restype) // the Value Call returns
			ret = out.val.UnsafePointer()
		}
	}
	if p.fast.Simple() {
		p.fast.CallSimple(fr, f.addr)
	} else {
		p.fast.Call(fr, f.addr, stack, ret)
	}
	if k.IsFloat() {
		out.bits = fr.RetFloat()
	} else {
		out.bits = fr.RetInt()
	}
}

// invokeLibffi calls through ffi_call. It allocates; it serves platforms
// without the fast engine and tests.
func (p *prepared) invokeLibffi(f *target, args []any, out *result) error {
	n := len(p.args)
	// Heap memory, never the goroutine stack (which the compiler would
	// choose for these small arrays): a callback during the call may move
	// the stack while libffi holds their addresses.
	words := make([]uint64, n+1)
	ptrs := make([]unsafe.Pointer, n+1)
	escapes(unsafe.Pointer(&words[0]))
	escapes(unsafe.Pointer(&ptrs[0]))
	keep := make([]unsafe.Pointer, 0, n)
	var outs [maxOut]outParam
	nOut := 0
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
				if nOut == maxOut {
					return f.argError(i, a, x, errTooManyOut)
				}
				outs[nOut] = outParam{dst: dst, tmp: tmp, size: size}
				nOut++
			}
			words[i] = uint64(addr)
			if k != nil {
				keep = append(keep, k)
			}
			ptrs[i] = unsafe.Pointer(&words[i])
		case convAgg:
			v, err := aggregateArg(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			if v != nil {
				ptrs[i] = v.UnsafePointer()
			} else {
				// A Go struct: copied, so that the caller's value (in an
				// interface box that may live on its stack) is only read
				// here, never handed to C while a callback could move
				// that stack.
				ptrs[i] = copyToHeap(aggregateArgMem(nil, x), a.t.Size())
			}
		default:
			bits, err := scalarBits(a, x)
			if err != nil {
				return f.argError(i, a, x, err)
			}
			words[i] = bits
			ptrs[i] = unsafe.Pointer(&words[i])
		}
	}
	var rp unsafe.Pointer
	// libffi writes the result here after the function returns: heap
	// memory, so that a callback that moved this goroutine's stack cannot
	// make it write to the stack's old place.
	rbits := new(uint64)
	escapes(unsafe.Pointer(rbits))
	switch p.restype.Kind() {
	case types.KindVoid:
	case types.KindStruct, types.KindUnion:
		out.val = types.New(p.restype)
		rp = out.val.UnsafePointer()
	default:
		rp = unsafe.Pointer(rbits)
	}
	ffiCall(p.lf.cif, f.addr, rp, ptrs[:n])
	for i := 0; i < nOut; i++ {
		outs[i].copyBack()
	}
	out.bits = *rbits
	runtime.KeepAlive(args)
	runtime.KeepAlive(keep)
	runtime.KeepAlive(words)
	return nil
}
