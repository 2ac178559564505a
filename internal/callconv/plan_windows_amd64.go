//go:build windows && amd64

package callconv

import "unsafe"

// Supported reports whether the fast engine exists on this platform: the
// ffi package makes its calls and callbacks with it.
const Supported = true

// Name names the engine.
const Name = "win64"

// Plan is a signature classified for Win64 (see classify_win64.go) and
// compiled into the steps the trampoline takes (call_windows_amd64.s). It
// is immutable and safe for concurrent use.
type Plan struct {
	sig   w64Sig
	ops   []w64Op
	bytes uintptr // system stack a call needs: slots, then copies and the result
	sret  uintptr // offset from the callee's SP of the result in memory
	leaf  leafSize
}

// w64Op is one slot's step: store the value of argument arg (size bytes)
// at dst(SP), or copy it to copy(SP) and store that address at dst(SP), or
// store the address of the result memory at dst(SP). Its layout is known
// to call_windows_amd64.s.
type w64Op struct {
	kind uintptr // w64Value, w64Ref, w64Sret
	arg  uintptr
	size uintptr
	dst  uintptr
	copy uintptr
}

// w64Frame is what Invoke passes to the trampoline. Its layout is known to
// call_windows_amd64.s. It lives on the calling goroutine's stack: the
// trampoline reads it before the C call and, after it, finds it again
// where the stack may have moved (if C called back into Go and the stack
// grew), then stores the result registers in it. ret is a pointer the Go
// stack copier adjusts, so a result in memory is copied to ret's new place.
type w64Frame struct {
	fn    uintptr
	args  unsafe.Pointer // *unsafe.Pointer: the argument values
	ops   unsafe.Pointer // *w64Op
	nops  uintptr
	bytes uintptr
	sret  uintptr // offset of the result memory from SP
	rsize uintptr // its size, 0 when the result comes in a register
	ret   unsafe.Pointer
	rax   uint64
	xmm0  uint64
	errno uint64 // the thread's last-error value right after the call
}

// w64MaxAlign is the alignment of the callee's frame: the trampoline
// aligns its SP to it, so copies and the result memory can be aligned as
// their types ask, up to it.
const w64MaxAlign = 64

// w64TrampolineABI0 is the address of the trampoline (call_windows_amd64.s).
var w64TrampolineABI0 uintptr

// NewPlan classifies the signature ret(args...). nfixed < 0 means the
// function is not variadic; otherwise args past the first nfixed are
// variadic, already promoted by the caller.
func NewPlan(ret Layout, args []Layout, nfixed int) (*Plan, error) {
	sig, err := classifyWin64(ret, args, nfixed)
	if err != nil {
		return nil, err
	}
	p := &Plan{sig: sig, ops: make([]w64Op, len(sig.slots))}
	// The callee's frame from its SP (aligned to w64MaxAlign): the four
	// register slots (the shadow space, written here and loaded into the
	// registers), the stack words, then each copy and the result memory,
	// aligned as their types ask (at least 16 bytes, at most w64MaxAlign).
	end := (uintptr(w64RegSlots+sig.stackWords())*8 + 15) &^ 15
	for k, sl := range sig.slots {
		op := &p.ops[k]
		op.kind, op.size, op.dst = uintptr(sl.kind), sl.size, uintptr(k)*8
		if sl.arg >= 0 {
			op.arg = uintptr(sl.arg)
		}
		if sl.kind != w64Value {
			a := min(max(sl.align, 16), w64MaxAlign)
			if a&(a-1) != 0 {
				a = 16 // C alignments are powers of two
			}
			end = (end + a - 1) &^ (a - 1)
			op.copy = end
			end += (sl.size + 15) &^ 15
		}
		if sl.kind == w64Sret {
			p.sret = op.copy
		}
	}
	p.bytes = (end + 15) &^ 15
	return p, nil
}

// NumArgs returns the number of arguments.
func (p *Plan) NumArgs() int { return len(p.sig.argSlot) }

// Invoke calls fn with the arguments whose C values args points to (an
// array of NumArgs pointers) and stores the result's C value at ret
// (retSize bytes; ignored for void). The argument values are read before
// the call, on this goroutine's stack or anywhere; copies of arguments
// passed by reference and a result in memory live on the system stack,
// which no callback moves. Invoke allocates nothing. The last-error value
// the function leaves goes to the thread's capture, if one was started
// ([CaptureLastError]).
func (p *Plan) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	code := p.InvokeLastError(fn, args, ret)
	if leArmed.Load() != 0 {
		recordLastError(code)
	}
}

// InvokeLastError is [Plan.Invoke] that also returns the thread's
// last-error value (GetLastError) as fn left it: the trampoline reads it
// from the thread's TEB right after fn returns, before the runtime, on its
// way back to Go, makes system calls of its own (which clear it).
func (p *Plan) InvokeLastError(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) uint32 {
	fr := w64Frame{fn: fn, args: unsafe.Pointer(args), nops: uintptr(len(p.ops)), bytes: p.bytes, ret: ret}
	if len(p.ops) > 0 {
		fr.ops = unsafe.Pointer(&p.ops[0])
	}
	if p.sig.ret == w64RetMemory && ret != nil {
		fr.sret, fr.rsize = p.sret, p.sig.retSize
	}
	runtime_cgocall(w64TrampolineABI0, unsafe.Pointer(&fr))
	if ret != nil {
		switch p.sig.ret {
		case w64RetInt:
			storeLow(ret, fr.rax, p.sig.retSize)
		case w64RetFloat:
			storeLow(ret, fr.xmm0, p.sig.retSize)
		}
	}
	return uint32(fr.errno)
}

// storeLow stores the low n bytes of w at p (n is 1, 2, 4 or 8).
func storeLow(p unsafe.Pointer, w uint64, n uintptr) {
	switch n {
	case 8:
		*(*uint64)(p) = w
	case 4:
		*(*uint32)(p) = uint32(w)
	case 2:
		*(*uint16)(p) = uint16(w)
	case 1:
		*(*uint8)(p) = uint8(w)
	}
}
