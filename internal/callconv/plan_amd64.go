//go:build linux && amd64

package callconv

import (
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
	args       []argLoc
	stackWords int
	nsse       int
	ret        retKind
	retParts   [2]part
	nretParts  int
	pair       [2]uintptr // retParts' registers, as byte offsets in rax, rdx, xmm0, xmm1 (CallPair)
	retSize    uintptr
	nint       int            // integer registers used
	exec       uintptr        // the trampoline Invoke uses
	retOp      uint8          // how Invoke stores the result
	moves      []move         // the argument words, in order (see Invoke)
	movesAt    unsafe.Pointer // &moves[0], nil if none
	loader     uintptr        // the moves as code, or 0 (loader_amd64.go)
	regsCaller bool           // exec is a caller of a register result, with an execFrameR (loader_amd64.go)
	hdr        execHdr        // what the trampolines read of the plan (invoke_amd64.go)
	leaf       leafSize       // the leaf trampoline InvokeLeaf calls (leaf_amd64.go); set by WithLeaf
	cb         cbDecode       // how Decode and Encode work (callback_amd64.go)
	outRecs    []outRec       // the output parameters its out caller copies (outcopy_amd64.go)
	addrMoves  bool           // moves marked movAddr: only the loader may run them (boxed_amd64.go)
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
			p.pair[p.nretParts] = uintptr(pt.slot) * 8
			p.nretParts++
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
	if p.ret == retInt || p.ret == retSSE {
		p.retSize = ret.Size
	}
	p.buildMoves(args)
	if len(p.moves) > 0 {
		p.movesAt = unsafe.Pointer(&p.moves[0])
	}
	p.buildLoader()
	p.setExec()
	p.buildCaller()
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

// RetInMemory reports whether the result comes back through memory the
// caller provides (an aggregate of the MEMORY class).
func (p *Plan) RetInMemory() bool { return p.ret == retMemory }
