//go:build linux && amd64

package callconv

import (
	"unsafe"
)

// Invoke is the engine's one way into C: the plan's moves, one loop, copy
// each argument's C value into its registers and stack words, the
// trampoline calls fn, and the result's registers (or the memory the
// callee wrote) are stored at ret.
//
// args points to NumArgs pointers, argument i's C value (exactly its Size
// bytes, C layout) at the i-th; ret points to the result's Size bytes
// (ignored for void). Both may point into the goroutine stack: arguments
// are read before the call, and the result is written through ret after
// it (runtime.cgocall returns on the goroutine stack, wherever it moved,
// and a result of the MEMORY class is copied with the trampoline's
// correction). Invoke keeps neither and allocates nothing.

// Move operations: how one word of an argument is loaded.
const (
	opW8    uint8 = iota // 8 bytes
	opS4                 // int32, sign-extended
	opU4                 // 4 bytes, zero-extended (uint32, float)
	opS2                 // int16, sign-extended
	opU2                 // 2 bytes, zero-extended
	opS1                 // int8, sign-extended
	opU1                 // 1 byte, zero-extended
	opBytes              // n < 8 bytes of an aggregate's last eightbyte
	opMem                // an aggregate copied whole (n bytes) onto the stack
)

// move loads one register or stack word of an argument: n bytes at off of
// the argument whose pointer is at argOff in the argument array, into the
// word at dstOff of the call's word block (its 14 argument registers in
// slot order, then the outgoing stack words). Its layout is known to
// exec_amd64.s.
type move struct {
	argOff uint32
	off    uint32
	dstOff uint32
	op     uint32
	n      uint64
}

// scalarOp is the move operation of a scalar of size bytes.
func scalarOp(size uintptr, signed bool) uint8 {
	switch {
	case size == 8:
		return opW8
	case size == 4 && signed:
		return opS4
	case size == 4:
		return opU4
	case size == 2 && signed:
		return opS2
	case size == 2:
		return opU2
	case size == 1 && signed:
		return opS1
	case size == 1:
		return opU1
	}
	return opBytes
}

// buildMoves derives the moves of p from its argument locations.
func (p *Plan) buildMoves(args []Layout) {
	mv := func(i int, op uint8, slot int, off, n uintptr) move {
		return move{op: uint32(op), n: uint64(n), argOff: uint32(uintptr(i) * unsafe.Sizeof(uintptr(0))), off: uint32(off), dstOff: uint32(slot * 8)}
	}
	for i, loc := range p.args {
		switch {
		case !loc.aggregate:
			p.moves = append(p.moves, mv(i, scalarOp(loc.size, args[i].Signed), loc.slot, 0, loc.size))
		case loc.inMem:
			p.moves = append(p.moves, mv(i, opMem, loc.slot, 0, loc.size))
		default:
			for _, pt := range loc.parts[:loc.nparts] {
				op := opBytes
				switch pt.size {
				case 8:
					op = opW8
				case 4:
					op = opU4
				case 2:
					op = opU2
				case 1:
					op = opU1
				}
				p.moves = append(p.moves, mv(i, op, pt.slot, pt.off, pt.size))
			}
		}
	}
}

// storeN stores the low n bytes of w at p.
func storeN(p unsafe.Pointer, w uint64, n uintptr) {
	switch n {
	case 8:
		*(*uint64)(p) = w
	case 4:
		*(*uint32)(p) = uint32(w)
	case 2:
		*(*uint16)(p) = uint16(w)
	case 1:
		*(*uint8)(p) = uint8(w)
	default:
		copy(unsafe.Slice((*byte)(p), n), unsafe.Slice((*byte)(unsafe.Pointer(&w)), n))
	}
}

// execHdr is the part of a trampoline's input that is the plan's own
// (Plan.hdr): what Invoke would otherwise copy into every frame. Its
// layout is known to exec_amd64.s and leaf_amd64.s.
type execHdr struct {
	moves  unsafe.Pointer // the plan's moves
	nmoves uint64
	nstack uint64 // outgoing stack words
	nsse   uint64 // %al: vector registers used, for variadic callees
	nint   uint64 // integer registers used (the hidden result pointer included)
	// sret: bytes of a MEMORY-class result, which the callee writes on the
	// system stack and the trampoline copies to ret after the call.
	sret uint64
	// loader: the moves as code (loader_amd64.go), or 0 to run them in the
	// trampoline's loop.
	loader uintptr
	// leafRet: how a leaf trampoline stores the result at the frame's ret
	// itself (leafStore*), or 0 if Go does (leaf_amd64.go).
	leafRet uint64
}

// execFrame is what Invoke hands the trampoline (exec_amd64.s); its
// layout is known there. It lives on the goroutine stack.
type execFrame struct {
	fn   uintptr
	args unsafe.Pointer // the argument array
	hdr  *execHdr
	ret  unsafe.Pointer
	sp   uintptr   // an address in this frame, below every frame that can hold ret
	res  [4]uint64 // rax, rdx, xmm0, xmm1 after the call
}

// execFrameR is the frame of a plan's register caller (Plan.regsCaller,
// loader_amd64.go): execFrame without ret and sp, which it does not read,
// so that only res is zeroed.
type execFrameR struct {
	fn   uintptr
	args unsafe.Pointer
	hdr  *execHdr
	res  [4]uint64 // rax, rdx, xmm0, xmm1 after the call
}

// execFrame32 is the part of execFrame that exec_ret32 reads: the same
// fields at the same offsets (checked below).
type execFrame32 struct {
	fn   uintptr
	args unsafe.Pointer
	hdr  *execHdr
}

var _ = [1]struct{}{}[unsafe.Offsetof(execFrame{}.hdr)-unsafe.Offsetof(execFrame32{}.hdr)+
	unsafe.Offsetof(execFrame{}.args)-unsafe.Offsetof(execFrame32{}.args)]

// execABI0 and execRegsABI0 are the addresses of the trampolines
// purectypes_callconv_exec and, for plans with no stack words and no result
// in memory, purectypes_callconv_exec_regs.
var execABI0, execRegsABI0 uintptr

// cgoTopOfStackABI0 is _cgo_topofstack's address (exec_amd64.s).
var cgoTopOfStackABI0 uintptr

// execRet32ABI0 is the address of purectypes_callconv_exec_ret32, the
// trampoline of plans with no stack words whose result is void or an
// integer of at most 32 bits, returned through runtime.cgocall's result.
var execRet32ABI0 uintptr

// Result stores after the call (Plan.retOp).
const (
	retNone  uint8 = iota // void, or a result the trampoline copied (MEMORY class)
	retRAX8               // 8 bytes from rax
	retRAX4               // 4 bytes from rax
	retXMM8               // 8 bytes from xmm0
	retEAX                // an integer of 1 or 2 bytes, or void, cgocall's result (exec_ret32)
	retEAX4               // a 4-byte integer, cgocall's result (exec_ret32)
	retXMM4               // 4 bytes from xmm0 (a float)
	retPair               // two eightbytes of a small aggregate, from their registers (retParts)
	retPair4              // an eightbyte and 4 bytes (a 12-byte aggregate), as retPair
	retOther              // the rest: see storeRes
)

// Invoke calls fn with the arguments at args and stores the result at ret
// (see the contract above).
//
// It is not inlined: its frame must lie below every frame that can hold
// ret (see execFrame.sp). Plans of exec_ret32 (a void or small integer
// result), the commonest, take a shorter way: their frame is execFrame's
// first three words only (that trampoline reads no other), so nothing
// needs zeroing, and the result is the trampoline's own.
//
//go:noinline
func (p *Plan) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.retOp == retEAX4 {
		fr := execFrame32{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr}
		*(*int32)(ret) = runtime_cgocall(p.exec, unsafe.Pointer(&fr))
		return
	}
	if p.retOp == retEAX { // the same trampoline: a small integer, or void
		fr := execFrame32{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr}
		eax := runtime_cgocall(p.exec, unsafe.Pointer(&fr))
		switch p.retSize {
		case 1:
			*(*uint8)(ret) = uint8(eax)
		case 2:
			*(*uint16)(ret) = uint16(eax)
		}
		return
	}
	var res *[4]uint64 // the registers the call left: rax, rdx, xmm0, xmm1
	if p.regsCaller {
		fr := execFrameR{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr}
		runtime_cgocall(p.exec, unsafe.Pointer(&fr))
		res = &fr.res
	} else {
		fr := execFrame{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr}
		if p.ret == retMemory || p.outRecs != nil { // the out caller reads sp too
			fr.ret = ret
			fr.sp = uintptr(unsafe.Pointer(&fr))
		}
		runtime_cgocall(p.exec, unsafe.Pointer(&fr))
		res = &fr.res
	}
	switch p.retOp {
	case retNone:
	case retRAX8:
		*(*uint64)(ret) = res[0]
	case retRAX4:
		*(*uint32)(ret) = uint32(res[0])
	case retXMM8:
		*(*uint64)(ret) = res[2]
	case retXMM4:
		*(*uint32)(ret) = uint32(res[2])
	case retPair:
		r := (*[2]uint64)(ret)
		r[0], r[1] = res[p.retParts[0].slot&3], res[p.retParts[1].slot&3]
	case retPair4:
		*(*uint64)(ret) = res[p.retParts[0].slot&3]
		*(*uint32)(unsafe.Add(ret, 8)) = uint32(res[p.retParts[1].slot&3])
	default:
		p.storeRes(res, ret)
	}
}

// setExec chooses the plan's trampoline and result store.
func (p *Plan) setExec() {
	p.exec = execABI0
	if p.stackWords == 0 && p.ret != retMemory {
		p.exec = execRegsABI0
	}
	switch {
	case (p.stackWords == 0 || p.loader != 0) && (p.ret == retVoid || p.ret == retInt && p.retSize <= 4 || p.smallIntAggregate()):
		p.exec = execRet32ABI0
		p.retOp = retEAX
		if p.retSize == 4 {
			p.retOp = retEAX4
		}
	default:
		p.retOp = p.generalRetOp()
	}
}

// smallIntAggregate reports whether the result is an aggregate of 1, 2
// or 4 bytes returned in rax's low bytes ({int8}, {char, char}, {short,
// short}): exec_ret32's, as an integer of its size is.
func (p *Plan) smallIntAggregate() bool {
	pt := p.retParts[0]
	return p.ret == retParts && p.nretParts == 1 && pt.slot == 0 && pt.off == 0 && pt.size == p.retSize &&
		(p.retSize == 1 || p.retSize == 2 || p.retSize == 4)
}

// storeRes is Invoke's store of the less common results.
func (p *Plan) storeRes(res *[4]uint64, ret unsafe.Pointer) {
	switch p.ret {
	case retInt:
		storeN(ret, res[0], p.retSize)
	case retSSE:
		storeN(ret, res[2], p.retSize)
	case retParts: // (8+8 and 8+4 bytes, the commonest, are Invoke's retPair and retPair4)
		for _, pt := range p.retParts[:p.nretParts] {
			storeN(unsafe.Add(ret, pt.off), res[pt.slot], pt.size)
		}
	}
}
