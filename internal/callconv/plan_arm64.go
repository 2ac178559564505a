//go:build arm64 && (linux || darwin)

package callconv

import (
	"runtime"
	"unsafe"
)

// Supported reports whether the fast engine exists on this platform: the
// ffi package makes its calls and callbacks with it.
const Supported = true

// Name names the engine: the Arm 64-bit procedure call standard, in
// Apple's variant on darwin.
const Name = "aapcs64"

// appleABI selects Apple's arm64 variant of the convention.
const appleABI = runtime.GOOS == "darwin" || runtime.GOOS == "ios"

// callFrame is the block the trampoline (call_arm64.s) reads arguments
// from and writes results to; Invoke declares it as a local variable. Its
// layout is known to call_arm64.s (through go_asm.h).
type callFrame struct {
	fn      uintptr
	regs    [2 * a64NumRegs]uint64 // x0-x7, then d0-d7 (a float in the low 32 bits)
	x8      uint64                 // the indirect result's address (set by the trampoline)
	stack   uintptr                // the outgoing stack bytes, read before the call
	nstack  uintptr                // their size, a multiple of 16
	reserve uintptr                // system stack bytes: stack area, copies, indirect result (multiple of 16)
	align   uintptr                // the reserved area's alignment (a power of 2, at least 16)
	args    uintptr                // the *unsafe.Pointer array Invoke got, for the copies
	copies  uintptr                // *a64Copy: the copies of aggregates passed by reference
	ncopies uintptr
	sret    uintptr // bytes of an indirect result, copied to ret after the call
	sretOff uintptr // where it is on the system stack, from its stack pointer
	ret     uintptr
	sp      uintptr   // an address below every Go frame that can hold ret
	res     [6]uint64 // after the call: x0, x1, d0-d3
}

// a64Copy is one aggregate passed by reference: the trampoline copies size
// bytes from the argument (the pointer at byte arg of the argument array)
// to the system stack at off from its stack pointer, memory no callback
// moves, and stores the copy's address in register slot dst (< 8: x<dst>)
// or, when dst has dstStack set, at stack offset dst&^dstStack. Its layout
// is known to call_arm64.s.
type a64Copy struct {
	arg, size, off, dst uintptr
}

const dstStack = 1 << 63

// stepOp is what a step does with the bytes it reads.
type stepOp uint8

const (
	opReg  stepOp = iota // a word (integer extended) into register slot dst
	opSlot               // a word (integer extended) into the 8-byte stack slot at dst
	opMem                // the bytes as they are, to the stack at dst
)

// step moves bytes [from, from+size) of argument arg to its place.
type step struct {
	arg, from, size, dst uintptr
	op                   stepOp
	signed               bool
}

// retStep moves result register res[slot] (x0, x1, d0-d3) to bytes
// [from, from+size) of the result.
type retStep struct {
	from, size uintptr
	slot       int
}

// Plan is a classified signature: the steps that place each argument and
// fetch the result. It is immutable and safe for concurrent use.
type Plan struct {
	sig        *a64Sig
	steps      []step
	copies     []a64Copy
	retSteps   []retStep
	stackBytes uintptr // the outgoing stack area, rounded to 16
	reserve    uintptr
	sretOff    uintptr
	align      uintptr  // of the reserved area: the largest copyAlign of the copies and the result
	leaf       leafSize // the leaf trampoline InvokeLeaf calls (leaf_arm64.go); set by WithLeaf
}

// inlineStack and bigStack are how many bytes of stack arguments Invoke
// and invokeBig keep in their frames; a plan with more (over 500
// arguments) takes a buffer from the heap for each call.
const (
	inlineStack = 256
	bigStack    = 4096
)

// NewPlan classifies the signature ret(args...). nfixed < 0 means the
// function is not variadic; otherwise args past the first nfixed are
// variadic, already promoted by the caller.
func NewPlan(ret Layout, args []Layout, nfixed int) (*Plan, error) {
	s, err := classifyAAPCS64(ret, args, nfixed, appleABI)
	if err != nil {
		return nil, err
	}
	p := &Plan{sig: s, stackBytes: a64AlignUp(s.stackBytes, 16)}
	off := p.stackBytes
	p.align = 16
	for i, a := range s.args {
		if a.byRef {
			al := copyAlign(a.align)
			p.align = max(p.align, al)
			off = a64AlignUp(off, al)
			pc := a.pieces[0]
			c := a64Copy{arg: uintptr(i) * unsafe.Sizeof(uintptr(0)), size: a.size, off: off, dst: uintptr(pc.reg)}
			if pc.loc == a64Stack {
				c.dst = dstStack | pc.off
			}
			p.copies = append(p.copies, c)
			off += a.size
			continue
		}
		for _, pc := range a.pieces {
			st := step{arg: uintptr(i), from: pc.from, size: pc.size, signed: pc.signed}
			switch {
			case pc.loc == a64X:
				st.op, st.dst = opReg, uintptr(pc.reg)
			case pc.loc == a64V:
				st.op, st.dst = opReg, uintptr(a64NumRegs+pc.reg)
			case pc.width == 8 && pc.size <= 8:
				st.op, st.dst = opSlot, pc.off
			default:
				st.op, st.dst = opMem, pc.off
			}
			p.steps = append(p.steps, st)
		}
	}
	if s.ret == a64RetIndirect {
		al := copyAlign(ret.Align)
		p.align = max(p.align, al)
		p.sretOff = a64AlignUp(off, al)
		p.reserve = a64AlignUp(p.sretOff+s.retSize, 16)
	} else {
		p.sretOff = a64AlignUp(off, 16)
		p.reserve = p.sretOff
	}
	for _, pc := range s.retPieces {
		slot := pc.reg
		if pc.loc == a64V {
			slot += 2
		}
		p.retSteps = append(p.retSteps, retStep{from: pc.from, size: pc.size, slot: slot})
	}
	return p, nil
}

// copyAlign is the alignment of a copy the trampoline makes on the system
// stack (of an aggregate passed by reference, or of an indirect result):
// the type's, at least 16 and at most a page.
func copyAlign(a uintptr) uintptr { return min(max(a, 16), 4096) }

// NumArgs returns the number of arguments.
func (p *Plan) NumArgs() int { return len(p.sig.args) }

// Invoke calls fn with the arguments whose C values args points to (an
// array of NumArgs pointers) and stores the result's C value at ret
// (ignored for void, and when nil). The values are read before the C
// call; ret, on the goroutine stack or not, is written after it, also
// when a callback moved the stack meanwhile. Invoke retains nothing and
// allocates nothing (but for signatures of more than 4 KB of stack
// arguments).
func (p *Plan) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.stackBytes > inlineStack {
		p.invokeBig(fn, args, ret)
		return
	}
	var words [inlineStack / 8]uint64
	p.invoke(fn, args, ret, unsafe.Pointer(&words[0]))
}

// invokeBig is Invoke for plans of more than inlineStack bytes of stack
// arguments (a function of its own: its frame is large).
//
//go:noinline
func (p *Plan) invokeBig(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.stackBytes > bigStack {
		words := make([]uint64, p.stackBytes/8)
		p.invoke(fn, args, ret, unsafe.Pointer(&words[0]))
		return
	}
	var words [bigStack / 8]uint64
	p.invoke(fn, args, ret, unsafe.Pointer(&words[0]))
}

// invoke places the arguments in a frame and stack (p.stackBytes bytes),
// makes the call and stores the result.
//
// It is not inlined: its frame must lie below every frame that can hold
// ret (see callFrame.sp).
//
//go:noinline
func (p *Plan) invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer, stack unsafe.Pointer) {
	var fr callFrame
	av := unsafe.Slice(args, len(p.sig.args))
	for k := range p.steps {
		st := &p.steps[k]
		src := unsafe.Add(av[st.arg], st.from)
		switch st.op {
		case opReg:
			fr.regs[st.dst] = loadWord(src, st.size, st.signed)
		case opSlot:
			*(*uint64)(unsafe.Add(stack, st.dst)) = loadWord(src, st.size, st.signed)
		default:
			copy(unsafe.Slice((*byte)(unsafe.Add(stack, st.dst)), st.size), unsafe.Slice((*byte)(src), st.size))
		}
	}
	fr.fn = fn
	fr.stack = uintptr(stack)
	fr.nstack = p.stackBytes
	fr.reserve = p.reserve
	fr.align = p.align
	fr.args = uintptr(unsafe.Pointer(args))
	if len(p.copies) > 0 {
		fr.copies = uintptr(unsafe.Pointer(&p.copies[0]))
		fr.ncopies = uintptr(len(p.copies))
	}
	if p.sig.ret == a64RetIndirect {
		fr.sret = p.sig.retSize
		fr.sretOff = p.sretOff
		fr.ret = uintptr(ret)
		fr.sp = uintptr(unsafe.Pointer(&fr))
	}
	runtime_cgocall(trampolineA64ABI0, unsafe.Pointer(&fr))
	if ret != nil {
		for k := range p.retSteps {
			rs := &p.retSteps[k]
			storeWord(unsafe.Add(ret, rs.from), rs.size, fr.res[rs.slot])
		}
	}
	// The trampoline read these through uintptrs: keep them (and what the
	// argument array points to) until it has.
	runtime.KeepAlive(args)
	runtime.KeepAlive(p)
}

// loadWord reads size (<= 8) bytes at src into the low bytes of a word,
// sign-extending (signed) or zero-extending the integers of 1, 2 and 4
// bytes.
func loadWord(src unsafe.Pointer, size uintptr, signed bool) uint64 {
	switch size {
	case 8:
		return *(*uint64)(src)
	case 4:
		if signed {
			return uint64(int64(*(*int32)(src)))
		}
		return uint64(*(*uint32)(src))
	case 2:
		if signed {
			return uint64(int64(*(*int16)(src)))
		}
		return uint64(*(*uint16)(src))
	case 1:
		if signed {
			return uint64(int64(*(*int8)(src)))
		}
		return uint64(*(*uint8)(src))
	}
	var w uint64
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&w)), size), unsafe.Slice((*byte)(src), size))
	return w
}

// storeWord writes the low size (<= 8) bytes of w at dst.
func storeWord(dst unsafe.Pointer, size uintptr, w uint64) {
	switch size {
	case 8:
		*(*uint64)(dst) = w
	case 4:
		*(*uint32)(dst) = uint32(w)
	default:
		copy(unsafe.Slice((*byte)(dst), size), unsafe.Slice((*byte)(unsafe.Pointer(&w)), size))
	}
}

// The frame layout call_arm64.s assumes, checked by the compiler: an
// index other than 0 into a one-element array does not compile.
var _ = [1]struct{}{}[unsafe.Sizeof(a64Copy{})-32]
var _ = [1]struct{}{}[unsafe.Offsetof(callFrame{}.res)-232]

// addrPtr turns the address of C memory into a pointer.
func addrPtr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }
