package ffi

import (
	"fmt"
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// invoke converts the arguments and calls the function with the engine the
// signature was prepared for.
func (p *prepared) invoke(f *Func, args []any, out *result) error {
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
func (p *prepared) invokeScalar(f *Func, args []any, out *result) error {
	bits, err := p.callScalar(f, args)
	out.bits = bits
	return err
}

// callScalar is invokeScalar returning the raw result, for CallAs. Plans
// with integer and pointer arguments and results only use the smaller
// IntFrame.
func (p *prepared) callScalar(f *Func, args []any) (uint64, error) {
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
func (p *prepared) scalarArgs(f *Func, args []any, regs []uint64) error {
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

// inlineStack is how many outgoing stack words a call carries without
// allocating.
const inlineStack = 8

// invokeFast is the hot path: no allocation for scalar and struct
// arguments (strings passed as char* are copied into new NUL-terminated
// memory), no reflection, no locks.
//
// The frame and the stack-word buffer live on this goroutine's stack; the
// engine reads them before the C call and writes results through a pointer
// it corrects if a callback grew (moved) the stack meanwhile. Go memory
// whose address is passed to C is made to live on the heap by escapes, so a
// moving stack never invalidates an address C holds.
func (p *prepared) invokeFast(f *Func, args []any, out *result) error {
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
			if cb, ok := x.(*Callback); ok {
				addr, err := callbackArgAddr(a, cb)
				if err != nil {
					return f.argError(i, a, x, err)
				}
				callconv.SetWord(&fr, stack, a.slot, uint64(addr))
				continue
			}
			addr, k, err := a.pt.PointerBits(x)
			if err != nil {
				if dst, tmp, size, ok := newOutParam(a, x); ok {
					if nOut == maxOut {
						return f.argError(i, a, x, errTooManyOut)
					}
					outs[nOut] = outParam{dst: dst, tmp: tmp, size: size}
					nOut++
					addr, k, err = uintptr(tmp), tmp, nil
				} else {
					return f.argError(i, a, x, err)
				}
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
func (p *prepared) invokeValues(f *Func, args []any, out *result) error {
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

// quickAggregate returns the memory of a struct argument given as a Go
// struct of a type already checked to have the C layout (the commonest
// case once a call has been made), or nil.
func quickAggregate(a *argPlan, x any) unsafe.Pointer {
	e := (*[2]unsafe.Pointer)(unsafe.Pointer(&x))
	if tw := uintptr(e[0]); tw != 0 && tw == atomic.LoadUintptr(&a.goStruct) {
		return e[1]
	}
	return nil
}

// callFast makes the call of invokeFast and invokeValues, with the
// arguments in place, and stores the result in out.
func (p *prepared) callFast(f *Func, fr *callconv.Frame, stack []uint64, out *result) {
	if p.retRegs && out.dst != nil {
		// A struct result in registers, for a Go struct: straight there.
		p.fast.CallSimple(fr, f.addr)
		p.rw.store(fr, out.dst)
		return
	}
	var ret unsafe.Pointer
	k := p.restype.Kind()
	if k == types.KindStruct || k == types.KindUnion {
		if out.dst != nil && !p.fast.RetInMemory() {
			ret = out.dst // copied there after the call: any memory will do
		} else {
			out.val = types.New(p.restype) // heap memory: C may write it directly
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

// escapeSink makes escapes' argument escape to the heap in the eyes of the
// compiler, without storing it at run time.
var escapeSink struct {
	on bool
	p  unsafe.Pointer
}

// escapes forces p (Go memory whose address goes to C) onto the heap: the
// compiler's escape analysis sees it stored in a global. Only the memory the
// arguments point to escapes this way, not the interface boxes of the
// arguments themselves, so scalar arguments still cost no allocation.
//
//go:noinline
func escapes(p unsafe.Pointer) {
	if escapeSink.on {
		escapeSink.p = p
	}
}

// outParam is a Go pointer to a scalar (*int32, *float64, *uintptr, ...)
// passed for a pointer argument: C gets a heap copy of the scalar, written
// back when C returns. A pointer into the caller's frame never reaches C
// that way, so a goroutine stack that moves during a callback cannot leave
// C writing to a stale address.
type outParam struct {
	dst  unsafe.Pointer
	tmp  unsafe.Pointer
	size uintptr
}

// newOutParam returns, for a Go pointer to a scalar x, the pointer, a heap
// copy of the scalar and its size. The results are separate values, not an
// outParam, so that the compiler's escape analysis does not mix the copy
// (which escapes) with the caller's pointer (which must not).
func newOutParam(a *argPlan, x any) (dst, tmp unsafe.Pointer, size uintptr, ok bool) {
	if a.pt.Kind() != types.KindPointer {
		return nil, nil, 0, false
	}
	p, ok := types.ScalarPointer(a.pt.Elem(), x)
	if !ok || p == nil {
		return nil, nil, 0, false
	}
	size = a.pt.Elem().Size()
	tmp = unsafe.Pointer(&make([]uint64, 1)[0])
	copy(unsafe.Slice((*byte)(tmp), size), unsafe.Slice((*byte)(p), size))
	return p, tmp, size, true
}

const maxOut = 8

var errTooManyOut = fmt.Errorf("%w: more than 8 Go pointers passed as output parameters in one call; pass types.Value or slices", types.ErrConvert)

func (o *outParam) copyBack() {
	copy(unsafe.Slice((*byte)(o.dst), o.size), unsafe.Slice((*byte)(o.tmp), o.size))
}

// callbackArgAddr returns the function pointer of a callback passed for a
// function pointer (or void*) argument, after checking its signature.
func callbackArgAddr(a *argPlan, cb *Callback) (uintptr, error) {
	if cb == nil || cb.freed.Load() {
		return 0, fmt.Errorf("%w: a freed or nil *Callback", types.ErrConvert)
	}
	switch a.pt.Kind() {
	case types.KindVoidP:
	case types.KindFunc:
		if !sameSig(a.pt.Func(), cb.sig) {
			return 0, &types.ConvError{Type: a.t, GoType: "*ffi.Callback of " + cb.typ.Name(), Reason: "the signatures differ", Err: types.ErrConvert}
		}
	default:
		return 0, &types.ConvError{Type: a.t, GoType: "*ffi.Callback", Reason: "a function pointer cannot be used as " + a.t.Name(), Err: types.ErrConvert}
	}
	return cb.code, nil
}

// sameSig reports whether two function pointer signatures are the same C
// signature: the same types, or types of the same layout (a Go struct's
// C type and the struct declared with types.StructOf, c_int and c_int32).
func sameSig(a, b *types.FuncSig) bool {
	if a.Variadic != b.Variadic || len(a.Argtypes) != len(b.Argtypes) || !sameLayout(restypeOf(a.Restype), restypeOf(b.Restype)) {
		return false
	}
	for i := range a.Argtypes {
		if !sameLayout(a.Argtypes[i], b.Argtypes[i]) {
			return false
		}
	}
	return true
}

func sameLayout(a, b *types.Type) bool {
	if a == b {
		return true
	}
	ka, kb := a.Kind(), b.Kind()
	if ka.IsPointer() && kb.IsPointer() {
		return ka == types.KindVoidP || kb == types.KindVoidP || ka != types.KindPointer || kb != types.KindPointer || sameLayout(a.Elem(), b.Elem())
	}
	if ka != kb || a.Size() != b.Size() || a.Align() != b.Align() {
		return false
	}
	switch ka {
	case types.KindArray:
		return a.Len() == b.Len() && sameLayout(a.Elem(), b.Elem())
	case types.KindStruct, types.KindUnion:
		fa, fb := a.Fields(), b.Fields()
		if len(fa) != len(fb) {
			return false
		}
		for i := range fa {
			if fa[i].Offset != fb[i].Offset || fa[i].Bits != fb[i].Bits || fa[i].BitOffset != fb[i].BitOffset || !sameLayout(fa[i].Type, fb[i].Type) {
				return false
			}
		}
	}
	return true
}
