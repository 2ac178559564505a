//go:build linux && amd64

package callconv

import (
	"errors"
	"fmt"
	"unsafe"
)

// Supported reports whether the fast engine exists on this platform.
const Supported = true

// Name names the engine: the System V AMD64 calling convention.
const Name = "sysv-amd64"

// Register and stack slots: a slot indexes a virtual array of words whose
// first six are the integer argument registers (rdi, rsi, rdx, rcx, r8,
// r9), the next eight the SSE registers (xmm0-xmm7), and the rest the
// outgoing stack words, the first at the callee's 8(SP).
const (
	numInt   = 6
	numSSE   = 8
	numRegs  = numInt + numSSE
	firstSSE = numInt
)

// Frame is the block the trampoline reads arguments from and writes
// results to. Callers declare it as a local variable. Its layout is known
// to call_amd64.s.
//
// After the call the trampoline stores the result registers over the
// argument registers: rax in regs[0], rdx in regs[1], xmm0 in regs[6] and
// xmm1 in regs[7].
type Frame struct {
	fn     uintptr
	regs   [numRegs]uint64 // ints then SSE registers
	nsse   uint64          // %al for variadic callees: SSE registers used
	nstack uint64          // outgoing stack words
	stack  uintptr         // their address
	// sret: bytes of a MEMORY-class result, which the callee writes on the
	// system stack and the trampoline copies to ret after the call.
	sret uint64
	ret  uintptr
	sp   uintptr // an address in the Go caller's frame, below ret if ret is on its stack
}

// IntFrame is a smaller Frame for the commonest calls, those a Plan says
// are Ints: integer and pointer arguments only, all in registers, and an
// integer, pointer or void result. Its layout is known to call_amd64.s.
// After the call regs[0] holds rax.
//
// Callers store the arguments in Regs directly (rdi, rsi, rdx, rcx, r8,
// r9, by slot): the compiler does not inline a setter into generic
// closures, and this is the path where every instruction shows.
type IntFrame struct {
	fn   uintptr
	Regs [numInt]uint64
}

// RetInt returns rax after the call.
func (fr *IntFrame) RetInt() uint64 { return fr.Regs[0] }

// retReg maps a result register (0 rax, 1 rdx, 2 xmm0, 3 xmm1) to where
// the trampoline leaves it in Frame.regs.
var retReg = [4]int{0, 1, firstSSE, firstSSE + 1}

// part is one eightbyte of an aggregate in a register: bytes [off,
// off+size) of the value travel in slot (arguments) or in ret word reg
// (results: 0 rax, 1 rdx, 2 xmm0, 3 xmm1).
type part struct {
	off, size uintptr
	slot      int
}

type argLoc struct {
	size      uintptr
	inMem     bool // copied onto the stack: words from slot first
	slot      int  // scalars; first stack slot of in-memory aggregates
	parts     [2]part
	nparts    int
	aggregate bool
}

// retKind says where a result comes back.
type retKind uint8

const (
	retVoid   retKind = iota
	retInt            // rax
	retSSE            // xmm0
	retParts          // a small aggregate in rax/rdx/xmm0/xmm1
	retMemory         // through the hidden pointer in rdi
)

// Plan is a classified signature: where each argument goes and where the
// result comes from. It is immutable and safe for concurrent use.
type Plan struct {
	// simple: no stack words, and a void or scalar result: the call needs
	// nothing but the frame's registers (the inlined fast path of Call).
	simple     bool
	args       []argLoc
	stackWords int
	nsse       int
	tramp      uintptr // the trampoline CallSimple uses
	ret        retKind
	retParts   [2]part
	nretParts  int
	retWords   bool // retParts: every part a whole eightbyte
	retSize    uintptr
	nint       int            // integer registers used
	exec       uintptr        // the trampoline Invoke uses
	retOp      uint8          // how Invoke stores the result
	moves      []move         // the argument words, in order (see Invoke)
	movesAt    unsafe.Pointer // &moves[0], nil if none
	loader     uintptr        // the moves as code, or 0 (loader_amd64.go)
	hdr        execHdr        // what the trampolines read of the plan (invoke_amd64.go)
	leaf       leafPlan       // how InvokeLeaf calls (leaf_amd64.go); set by WithLeaf
	cb         cbDecode       // how Decode and Encode work (callback_amd64.go)
}

// class of an eightbyte, as the System V ABI names them.
type class uint8

const (
	classNone class = iota
	classSSE
	classInteger
	classMemory
)

// classify returns the classes of the eightbytes of an aggregate, or
// classMemory for one passed in memory: larger than 16 bytes, or with a
// field that is not naturally aligned (packed structs).
func classify(l Layout) (classes [2]class, n int, memory bool) {
	if l.Size > 16 || l.Size == 0 {
		return classes, 0, true
	}
	n = int((l.Size + 7) / 8)
	for _, leaf := range l.Leaves {
		if leaf.Size == 0 {
			continue
		}
		if leaf.Offset%leaf.Size != 0 {
			return classes, 0, true
		}
		e := leaf.Offset / 8
		if e >= 2 {
			return classes, 0, true
		}
		c := classInteger
		if leaf.Float {
			c = classSSE
		}
		if c > classes[e] {
			classes[e] = c // INTEGER wins over SSE, SSE over NO_CLASS
		}
	}
	return classes, n, false
}

// NewPlan classifies the signature ret(args...). nfixed < 0 means the
// function is not variadic; otherwise args past the first nfixed are
// variadic, already promoted by the caller (on x86-64 the only difference
// is %al, which is always set).
func NewPlan(ret Layout, args []Layout, nfixed int) (*Plan, error) {
	p := &Plan{args: make([]argLoc, len(args))}
	nint, nsse, nstack := 0, 0, 0
	if !ret.Void {
		p.retSize = ret.Size
	}

	switch {
	case ret.Void:
		p.ret = retVoid
	case !ret.Aggregate:
		if ret.Size == 0 || ret.Size > 8 {
			return nil, fmt.Errorf("callconv: unsupported scalar result of %d bytes", ret.Size)
		}
		p.ret = retInt
		if ret.Float {
			p.ret = retSSE
		}
	default:
		classes, n, mem := classify(ret)
		if mem {
			p.ret = retMemory
			nint = 1 // the hidden result pointer takes rdi
			break
		}
		p.ret = retParts
		ints, sses := 0, 0
		for e := 0; e < n; e++ {
			pt := part{off: uintptr(e) * 8, size: min(8, ret.Size-uintptr(e)*8)}
			switch classes[e] {
			case classNone:
				continue
			case classInteger:
				pt.slot = ints // rax, rdx
				ints++
			case classSSE:
				pt.slot = 2 + sses // xmm0, xmm1
				sses++
			}
			p.retParts[p.nretParts] = pt
			p.nretParts++
		}
		p.retWords = true
		for _, pt := range p.retParts[:p.nretParts] {
			p.retWords = p.retWords && pt.size == 8
		}
	}

	for i, a := range args {
		loc := &p.args[i]
		loc.size = a.Size
		if a.Void || a.Size == 0 {
			return nil, fmt.Errorf("callconv: argument %d has no size", i+1)
		}
		if !a.Aggregate {
			if a.Size > 8 {
				return nil, fmt.Errorf("callconv: unsupported scalar argument %d of %d bytes", i+1, a.Size)
			}
			switch {
			case a.Float && nsse < numSSE:
				loc.slot = firstSSE + nsse
				nsse++
			case !a.Float && nint < numInt:
				loc.slot = nint
				nint++
			default:
				loc.slot = numRegs + nstack
				nstack++
			}
			continue
		}
		loc.aggregate = true
		classes, n, mem := classify(a)
		if !mem {
			needInt, needSSE := 0, 0
			for e := 0; e < n; e++ {
				switch classes[e] {
				case classInteger:
					needInt++
				case classSSE:
					needSSE++
				}
			}
			if nint+needInt <= numInt && nsse+needSSE <= numSSE {
				for e := 0; e < n; e++ {
					pt := part{off: uintptr(e) * 8, size: min(8, a.Size-uintptr(e)*8)}
					switch classes[e] {
					case classNone:
						continue
					case classInteger:
						pt.slot = nint
						nint++
					case classSSE:
						pt.slot = firstSSE + nsse
						nsse++
					}
					loc.parts[loc.nparts] = pt
					loc.nparts++
				}
				continue
			}
		}
		// In memory: a copy on the stack, 8-byte aligned (16 when the type
		// asks for it).
		if a.Align > 8 && nstack%2 != 0 {
			nstack++
		}
		loc.inMem = true
		loc.slot = numRegs + nstack
		nstack += int((a.Size + 7) / 8)
	}
	p.stackWords = nstack
	p.nsse = nsse
	p.nint = nint
	switch {
	case nsse == 0:
		p.tramp = trampolineIntsABI0
	case nint == 0:
		p.tramp = trampolineFloatsABI0
	default:
		p.tramp = trampolineSimpleABI0
	}
	p.simple = nstack == 0 && (p.ret == retVoid || p.ret == retInt || p.ret == retSSE)
	if p.ret == retInt || p.ret == retSSE {
		p.retSize = ret.Size
	}
	p.buildMoves(args)
	if len(p.moves) > 0 {
		p.movesAt = unsafe.Pointer(&p.moves[0])
	}
	p.buildLoader()
	p.setExec()
	p.hdr = execHdr{moves: p.movesAt, nmoves: uint64(len(p.moves)), nstack: uint64(p.stackWords),
		nsse: uint64(p.nsse), nint: uint64(p.nint), loader: p.loader}
	if p.ret == retMemory {
		p.hdr.sret = uint64(p.retSize)
	}
	p.hdr.leafRet = p.leafStore()
	p.buildDecode()
	_ = nfixed
	return p, nil
}

// StackWords returns how many outgoing stack words a call needs.
func (p *Plan) StackWords() int { return p.stackWords }

// NumArgs returns the number of arguments.
func (p *Plan) NumArgs() int { return len(p.args) }

// ArgSlot returns the slot of scalar argument i (see SetWord).
func (p *Plan) ArgSlot(i int) int { return p.args[i].slot }

// RegWords describes aggregate argument i when it travels in registers as
// whole eightbytes: n words, word k loaded from byte offs[k] of the value
// into register slot slots[k] (see [Frame.SetReg]). ok is false for every
// other argument, which [Plan.SetArgMem] places.
func (p *Plan) RegWords(i int) (n int, slots [2]int, offs [2]uintptr, ok bool) {
	loc := &p.args[i]
	if !loc.aggregate || loc.inMem {
		return 0, slots, offs, false
	}
	for k, pt := range loc.parts[:loc.nparts] {
		if pt.size != 8 || pt.slot >= numRegs {
			return 0, slots, offs, false
		}
		slots[k], offs[k] = pt.slot, pt.off
	}
	return loc.nparts, slots, offs, true
}

// RetWords describes a struct result that comes back in registers as
// whole eightbytes: n words, word k stored at byte offs[k] of the result
// from frame register regs[k] (see [Frame.Reg]) after [Plan.CallSimple].
// ok is false for every other result.
func (p *Plan) RetWords() (n int, regs [2]int, offs [2]uintptr, ok bool) {
	if p.ret != retParts || !p.retWords || p.stackWords != 0 {
		return 0, regs, offs, false
	}
	for k, pt := range p.retParts[:p.nretParts] {
		regs[k], offs[k] = retReg[pt.slot], pt.off
	}
	return p.nretParts, regs, offs, true
}

// Words returns the frame's register words, indexed by slot (the integer
// registers, then the vector ones), for callers that fill them in a loop.
func (fr *Frame) Words() []uint64 { return fr.regs[:] }

// Reg returns frame register i after a call (see [Plan.RetWords]).
func (fr *Frame) Reg(i int) uint64 { return fr.regs[i] }

// RetInMemory reports whether the result comes back through memory the
// caller provides (an aggregate of the MEMORY class).
func (p *Plan) RetInMemory() bool { return p.ret == retMemory }

// SetWord stores the word bits in slot: integers already sign- or
// zero-extended to 64 bits, a float in the low 32 bits. stack is the
// caller's stack-word buffer (nil when the plan needs none).
func SetWord(fr *Frame, stack []uint64, slot int, bits uint64) {
	if slot < numRegs {
		fr.regs[slot] = bits
		return
	}
	stack[slot-numRegs] = bits
}

// SetArgMem copies argument i from memory at src (Size bytes) into its
// registers or stack words.
func (p *Plan) SetArgMem(fr *Frame, stack []uint64, i int, src unsafe.Pointer) {
	loc := &p.args[i]
	switch {
	case !loc.aggregate:
		SetWord(fr, stack, loc.slot, load(src, loc.size))
	case loc.inMem:
		dst := stack[loc.slot-numRegs:]
		copy(unsafe.Slice((*byte)(unsafe.Pointer(&dst[0])), loc.size), unsafe.Slice((*byte)(src), loc.size))
	default:
		for _, pt := range loc.parts[:loc.nparts] {
			SetWord(fr, stack, pt.slot, load(unsafe.Add(src, pt.off), pt.size))
		}
	}
}

// load reads n <= 8 bytes at p into the low bytes of a word.
func load(p unsafe.Pointer, n uintptr) uint64 {
	if n == 8 {
		return *(*uint64)(p) // x86-64 loads need no alignment
	}
	var w uint64
	copy(unsafe.Slice((*byte)(unsafe.Pointer(&w)), n), unsafe.Slice((*byte)(p), n))
	return w
}

var errStack = errors.New("callconv: stack buffer smaller than Plan.StackWords")

// Call calls fn with the arguments placed in fr and stack. For aggregate
// results ret points to where the result goes, anywhere (the goroutine
// stack included): the callee writes a result of the MEMORY class on the
// system stack and the trampoline copies it to ret after the call; a
// result in registers is copied there too. For scalar results ret is ignored: read
// [Frame.RetInt] or [Frame.RetFloat].
func (p *Plan) Call(fr *Frame, fn uintptr, stack []uint64, ret unsafe.Pointer) {
	if p.simple {
		p.CallSimple(fr, fn)
		return
	}
	p.call(fr, fn, stack, ret)
}

// Simple reports whether the call needs no stack words and returns void or
// a scalar, so that [Plan.CallSimple] can make it.
func (p *Plan) Simple() bool { return p.simple }

// Ints reports whether calls of p can use an [IntFrame] and [Plan.CallInts]:
// p is simple, with no float argument and no float or aggregate result.
func (p *Plan) Ints() bool {
	return p.simple && p.nsse == 0 && (p.ret == retVoid || p.ret == retInt)
}

// CallInts is CallSimple for a plan whose Ints is true.
func (p *Plan) CallInts(fr *IntFrame, fn uintptr) {
	fr.fn = fn
	runtime_cgocall(trampolineIntFrameABI0, unsafe.Pointer(fr))
}

// CallSimple is Call for a simple plan (see [Plan.Simple]): small enough to
// be inlined into the caller.
func (p *Plan) CallSimple(fr *Frame, fn uintptr) {
	fr.fn = fn
	fr.nsse = uint64(p.nsse)
	runtime_cgocall(p.tramp, unsafe.Pointer(fr))
}

// SetReg stores bits in register slot (< 14), for callers that know the
// slot is a register.
func (fr *Frame) SetReg(slot int, bits uint64) { fr.regs[slot] = bits }

// call is not inlined: the address of its local "here" must lie below
// every frame of its callers, which may hold ret.
//
//go:noinline
func (p *Plan) call(fr *Frame, fn uintptr, stack []uint64, ret unsafe.Pointer) {
	if len(stack) < p.stackWords {
		panic(errStack) // a bug in the caller, never a user error
	}
	fr.fn = fn
	fr.nsse = uint64(p.nsse)
	fr.nstack = uint64(p.stackWords)
	if p.stackWords > 0 {
		fr.stack = uintptr(unsafe.Pointer(&stack[0]))
	}
	if p.ret == retMemory {
		var here byte
		fr.sret = uint64(p.retSize)
		fr.ret = uintptr(ret)
		fr.sp = uintptr(unsafe.Pointer(&here))
		runtime_cgocall(trampolineABI0, unsafe.Pointer(fr))
		return
	}
	if p.stackWords == 0 {
		runtime_cgocall(p.tramp, unsafe.Pointer(fr))
	} else {
		runtime_cgocall(trampolineABI0, unsafe.Pointer(fr))
	}
	if p.ret == retParts && ret != nil {
		for _, pt := range p.retParts[:p.nretParts] {
			w := fr.regs[retReg[pt.slot]]
			if pt.size == 8 {
				*(*uint64)(unsafe.Add(ret, pt.off)) = w
				continue
			}
			copy(unsafe.Slice((*byte)(unsafe.Add(ret, pt.off)), pt.size), unsafe.Slice((*byte)(unsafe.Pointer(&w)), pt.size))
		}
	}
}

// RetInt returns rax after the call.
func (fr *Frame) RetInt() uint64 { return fr.regs[0] }

// RetFloat returns the low 64 bits of xmm0 after the call.
func (fr *Frame) RetFloat() uint64 { return fr.regs[firstSSE] }
