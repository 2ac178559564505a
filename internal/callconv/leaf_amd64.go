//go:build linux && amd64

package callconv

import (
	"fmt"
	"syscall"
	"unsafe"
)

// Leaf calls: a C function declared short, non-blocking, never calling
// back into Go and using at most a declared amount of stack, called
// directly on the goroutine stack (leaf_amd64.s), without runtime.cgocall:
// no entersyscall/exitsyscall, no switch to the system stack.
//
// The contract, which the caller (the ffi package, for functions the user
// declared leaf) must uphold:
//   - Short and non-blocking. While C runs the goroutine keeps its P and
//     cannot be preempted: a leaf call of 20 µs delays the collector's
//     stop-the-world and the other goroutines of that P exactly like a
//     CPU-bound Go loop of 20 µs would. No I/O, no locks held elsewhere.
//   - No callback into Go. A callback entry reached during a leaf call
//     ends the program with a fatal error that says so.
//   - At most the declared stack (see [Plan.WithLeaf]). Goroutine stacks
//     have no guard page: C going more than about 900 bytes (the runtime's
//     stack guard) past the bound writes over whatever memory lies below
//     the goroutine stack, undetected. The bound is why the amount is
//     declared, never guessed.
//   - A fault inside the C function (SIGSEGV, SIGBUS, SIGFPE, SIGILL) ends
//     the program with a fatal error that says a leaf call faulted, with
//     the address, the PC and the Go stack that made the call. It is never
//     a recoverable panic (see leafsig in leaf_amd64.s and installLeafSig).
//
// errno: the C function runs on the calling goroutine's thread and nothing
// runs between its return and InvokeLeaf's; a caller that locked its
// thread (runtime.LockOSThread) reads the errno the call left, as after an
// ordinary call.

// The leaf trampoline's frame (leaf_amd64.s): the C stack (at least the
// bound), then leafArgs bytes for the outgoing stack words (and a MEMORY
// result's scratch) and the 32 bytes of the leaf record.
const (
	leafArgs  = 2048
	leafTop   = leafArgs + 32
	leafMagic = 0x6c6561665f63616c // "leaf_cal", XORed with the C call's SP

	leafFrame16K  = LeafStack16K + leafTop + 16
	leafFrame64K  = LeafStack64K + leafTop + 16
	leafFrame256K = LeafStack256K + leafTop + 16
	leafFrame1M   = LeafStack1M + leafTop + 16
)

// WithLeaf returns a copy of p whose [Plan.InvokeLeaf] calls run on the
// goroutine stack with at least stack bytes of C stack (0: the default,
// [DefaultLeafStack]), rounded up to 16 KiB, 64 KiB, 256 KiB or 1 MiB.
// The goroutine stack grows to hold the bound in the trampoline's
// prologue (and may be shrunk back by the collector later), so a larger
// bound costs memory per goroutine that makes leaf calls.
//
// What C does past the bound is undetected (goroutine stacks have no
// guard page) and corrupts memory: declare what the function needs.
//
// The first WithLeaf of the process puts the leaf fault handler in front
// of Go's handlers of SIGSEGV, SIGBUS, SIGFPE and SIGILL (see
// installLeafSig); it returns [ErrLeafUnsafe] if that cannot be done.
func (p *Plan) WithLeaf(stack uintptr) (*Plan, error) {
	if p.addrMoves && p.loader == 0 {
		return nil, errNoBoxed // the leaf trampoline would run the moves loop, which does not know movAddr
	}
	size, frame, err := leafBound(stack)
	if err != nil {
		return nil, err
	}
	if need := p.leafNeed(); need > leafArgs {
		return nil, fmt.Errorf("%w: %d bytes", ErrLeafArgs, need)
	}
	if err := leafReady(frame); err != nil {
		return nil, err
	}
	q := *p
	q.leaf = size
	if p.ret == retMemory && p.loader != 0 {
		if l := sretLeafLoader(p.moves); l != 0 {
			q.loader, q.hdr.loader, q.hdr.leafRet = l, l, leafStoreMem
		}
	}
	return &q, nil
}

// sretLeafLoader returns the loader of a leaf plan with a MEMORY-class
// result: the plan's loads, and the hidden result pointer (rdi) loaded
// from the leaf frame's ret (BX is the frame in every leaf trampoline,
// and only they call a leaf plan's loader), so that C writes the result
// where Go wants it: the goroutine stack does not move during a leaf
// call. The direct leaf trampolines then store nothing (leafStoreMem;
// they are called with ret set). 0 if it cannot be made.
func sretLeafLoader(moves []move) uintptr {
	key := "leaf sret " + movesKey(moves)
	loaders.Lock()
	defer loaders.Unlock()
	if addr, ok := loaders.byMoves[key]; ok {
		return addr
	}
	var a asm
	a.load(uint32(opW8), regDI, regBX, uint32(unsafe.Offsetof(execFrame{}.ret))) // mov rdi, [rbx+ret]
	if !a.moves(moves, 8) {
		return 0
	}
	a.bytes(0xC3) // ret
	addr, err := placeCode(a.b)
	if err != nil {
		return 0
	}
	if loaders.byMoves == nil {
		loaders.byMoves = make(map[string]uintptr)
	}
	loaders.byMoves[key] = addr
	return addr
}

// The leaf frame's ret is execFrame's (sretLeafLoader).
var _ = [1]struct{}{}[unsafe.Offsetof(execFrame{}.ret)-unsafe.Offsetof(LeafFrame{}.Ret)]

// LeafArgsInPlace reports that p's leaf trampolines read the arguments
// after the last point where the goroutine stack can grow (their Go
// prologue), so that an argument may be the address of goroutine-stack
// memory (ffi passes output parameters so, outparams.go). The AAPCS64 and
// Win64 leaf trampolines do not promise it: measured under qemu, an
// output parameter passed in place was written to the old stack.
func (p *Plan) LeafArgsInPlace() bool { return p.leaf != 0 }

// LeafStack returns the C stack bound of p's leaf calls (0 when p was not
// made by [Plan.WithLeaf]).
func (p *Plan) LeafStack() uintptr { return p.leaf.bound() }

// InvokeLeaf calls fn as [Plan.Invoke] does (args points to NumArgs
// pointers to the arguments' C values, ret to the result's Size bytes,
// nil or ignored for void), but directly on the goroutine stack, under the
// leaf contract (see "Leaf calls" at the top of leaf_amd64.go): short,
// non-blocking, no callback, at most p's stack bound. A plan not made by
// [Plan.WithLeaf] gets the default bound (slower: it checks the fault
// handler on every call), or, if WithLeaf would refuse it (more than
// leafArgs bytes of stack arguments and result) or the fault handler
// cannot be installed, an ordinary call ([Plan.Invoke]). It retains
// nothing and allocates nothing (but for that ordinary call of a result
// in memory with ret nil, which gets a buffer).
//
// The arguments' C values must not be addresses of goroutine-stack
// memory: the trampoline's prologue may move the stack after they were
// read.
//
// Three trampolines, one per bound each, serve it: LEAF_STORE for plans
// with a loader whose result is in registers (the trampoline stores it),
// LEAF_LOAD for the other plans with a loader, LEAF_EXEC, the plan's
// moves in a loop, for plans without one (useLoaders off, code pages
// refused, a loader over its page). A result of the MEMORY class with no
// destination (ret nil) goes to a scratch in the trampoline's frame.
func (p *Plan) InvokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.loader != 0 && p.hdr.leafRet != 0 && (ret != nil || p.hdr.leafRet == leafStoreNone) {
		// The commonest: the trampoline stores the result itself.
		fr := leafStoreFrame{Fn: fn, Args: unsafe.Pointer(args), Hdr: unsafe.Pointer(&p.hdr), Ret: ret}
		switch p.leaf {
		case leaf64K:
			LeafStore64K(&fr)
		case leaf16K:
			leafStore16K(&fr)
		case leaf256K:
			leafStore256K(&fr)
		case leaf1M:
			leafStore1M(&fr)
		default:
			p.invokeLeafPlain(fn, args, ret)
		}
		return
	}
	p.invokeLeaf(p.leaf, fn, args, ret)
}

// invokeLeaf is InvokeLeaf through LEAF_LOAD or LEAF_EXEC with the
// trampoline of bound size, Go storing the result from the registers the
// trampoline left in the frame. The execFrame's pointers (the argument
// array, the result) are typed, so the runtime adjusts them when the
// trampoline's prologue moves the stack.
func (p *Plan) invokeLeaf(size leafSize, fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	fr := execFrame{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr, ret: ret}
	if p.loader != 0 {
		switch size {
		case leaf64K:
			leafLoad64K(&fr)
		case leaf16K:
			leafLoad16K(&fr)
		case leaf256K:
			leafLoad256K(&fr)
		case leaf1M:
			leafLoad1M(&fr)
		default:
			p.invokeLeafPlain(fn, args, ret)
			return
		}
	} else {
		switch size {
		case leaf64K:
			leafExec64K(&fr)
		case leaf16K:
			leafExec16K(&fr)
		case leaf256K:
			leafExec256K(&fr)
		case leaf1M:
			leafExec1M(&fr)
		default:
			p.invokeLeafPlain(fn, args, ret)
			return
		}
	}
	if ret == nil {
		return
	}
	switch p.retOp {
	case retNone:
	case retEAX, retEAX4, retRAX4:
		if p.retSize == 4 {
			*(*uint32)(ret) = uint32(fr.res[0])
			return
		}
		storeN(ret, fr.res[0], p.retSize)
	case retRAX8:
		*(*uint64)(ret) = fr.res[0]
	case retXMM8:
		*(*uint64)(ret) = fr.res[2]
	default:
		p.storeRes(&fr.res, ret)
	}
}

// invokeLeafPlain is InvokeLeaf for a plan not made by WithLeaf: the
// default bound once the fault handler is in place, or an ordinary call
// where WithLeaf would refuse the plan.
func (p *Plan) invokeLeafPlain(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.leafNeed() > leafArgs || leafReady(leafFrame64K) != nil {
		p.invokeNotLeaf(fn, args, ret)
		return
	}
	p.invokeLeaf(leaf64K, fn, args, ret)
}

// invokeNotLeaf is the ordinary call InvokeLeaf makes of a plan it cannot
// call as a leaf, with a destination for a MEMORY result that has none.
func (p *Plan) invokeNotLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if ret == nil && p.ret != retVoid {
		ret = unsafe.Pointer(unsafe.SliceData(make([]byte, max(p.retSize, 8))))
	}
	p.Invoke(fn, args, ret)
}

// leafNeed is how many bytes of a leaf trampoline's leafArgs a call of p
// uses: its stack words and, above them, a MEMORY result's scratch.
func (p *Plan) leafNeed() uintptr {
	need := uintptr(p.stackWords) * 8
	if p.ret == retMemory {
		need += (p.retSize + 7) &^ 7
	}
	return need
}

// The leaf trampolines (leaf_amd64.s), one per bound of each kind:
// LEAF_LOAD (plans with a loader), LEAF_EXEC (the plan's moves, as
// Invoke's trampolines run them without a loader).
//
//go:noescape
func leafLoad16K(fr *execFrame)

//go:noescape
func leafLoad64K(fr *execFrame)

//go:noescape
func leafLoad256K(fr *execFrame)

//go:noescape
func leafLoad1M(fr *execFrame)

//go:noescape
func leafExec16K(fr *execFrame)

//go:noescape
func leafExec64K(fr *execFrame)

//go:noescape
func leafExec256K(fr *execFrame)

//go:noescape
func leafExec1M(fr *execFrame)

// How a leaf trampoline stores a result itself (execHdr.leafRet; the
// kinds are known to leaf_amd64.s).
const (
	leafStoreEAX   = 1 + iota // 4 bytes of rax
	leafStoreRAX              // 8 bytes of rax
	leafStoreXMM8             // 8 bytes of xmm0
	leafStoreXMM4             // 4 bytes of xmm0
	leafStoreAL               // 1 byte of rax
	leafStoreAX               // 2 bytes of rax
	leafStoreParts            // a small aggregate from its registers, a byte per part above (leafParts)
	// The last two store nothing, and LEAF_STORE does not call
	// purectypes_callconv_leafstore for them (the low byte at least
	// leafStoreNone).
	leafStoreNone // void: nothing
	leafStoreMem  // a MEMORY-class result C wrote at ret itself (sretLeafLoader)
)

// leafStore returns the execHdr.leafRet of p: 0 for the results Go
// stores (MEMORY results, which C writes itself, and any the trampoline
// cannot store).
func (p *Plan) leafStore() uint64 {
	switch {
	case p.ret == retVoid:
		return leafStoreNone
	case p.ret == retParts:
		return p.leafParts()
	case p.ret == retInt && p.retSize == 8:
		return leafStoreRAX
	case p.ret == retInt && p.retSize == 4:
		return leafStoreEAX
	case p.ret == retInt && p.retSize == 2:
		return leafStoreAX
	case p.ret == retInt && p.retSize == 1:
		return leafStoreAL
	case p.ret == retSSE && p.retSize == 8:
		return leafStoreXMM8
	case p.ret == retSSE && p.retSize == 4:
		return leafStoreXMM4
	}
	return 0
}

// leafParts returns the leafRet of a small aggregate result (retParts):
// leafStoreParts, and from bit 8 a byte per part, in order, that says
// where purectypes_callconv_leafparts (leaf_amd64.s) stores it: bits 0-1
// the register (its slot: rax, rdx, xmm0, xmm1), bits 2-4 its size less
// one (its exact size, so that nothing past the result is written), bit 5
// its offset in eightbytes, bit 7 set. 0 if a part cannot be said so.
func (p *Plan) leafParts() uint64 {
	code := uint64(leafStoreParts)
	for i, pt := range p.retParts[:p.nretParts] {
		if pt.slot < 0 || pt.slot > 3 || pt.size < 1 || pt.size > 8 || pt.off%8 != 0 || pt.off > 8 {
			return 0
		}
		b := uint64(pt.slot) | uint64(pt.size-1)<<2 | uint64(pt.off/8)<<5 | 0x80
		code |= b << (8 + 8*i)
	}
	return code
}

// leafStoreFrame is what the leaf trampolines that store the result
// themselves read (LEAF_STORE): the head of an execFrame, Hdr the plan's
// execHdr.
type leafStoreFrame = LeafFrame

// LeafDirect returns what a caller needs to call p as a leaf through
// [LeafStore64K] itself, the shortest way (it spares InvokeLeaf's
// dispatch): the plan's header, for [LeafFrame].Hdr, or nil when p is
// not such a plan (another stack bound, no loader, a result the
// trampoline does not store), which InvokeLeaf calls.
func (p *Plan) LeafDirect() unsafe.Pointer {
	if p.leaf != leaf64K || p.loader == 0 || p.hdr.leafRet == 0 {
		return nil
	}
	return unsafe.Pointer(&p.hdr)
}

// The leaf trampolines of plans with a loader and a result in registers
// (LEAF_STORE in leaf_amd64.s), one per bound. LeafStore64K
// makes the leaf call of the plan whose LeafDirect is fr.Hdr; fr.Ret is
// where its result goes (nil for void).
//
//go:noescape
func leafStore16K(fr *leafStoreFrame)

//go:noescape
func LeafStore64K(fr *LeafFrame)

//go:noescape
func leafStore256K(fr *leafStoreFrame)

//go:noescape
func leafStore1M(fr *leafStoreFrame)

// The fault handler.
//
// Go turns a SIGSEGV on a user goroutine into a panic (sighandler,
// preparePanic, sigpanic): during a leaf call the goroutine is a user
// goroutine running C, so without more a NULL dereference in C became
// either a recoverable Go panic (when the word at C's SP was the
// trampoline's return address: Go then takes the fault for a bad call
// from the trampoline and unwinds cleanly into the Go callers) or a
// "fatal error: unknown caller pc" (when it was not, and the unwinder met
// a C PC), and with a stale Go PC at C's SP an unwinding through stale
// frames. purectypes_callconv_leafsig (leaf_amd64.s) runs first for the
// fault signals: it recognises a fault inside a leaf call by the live
// leaf record above the interrupted SP and makes the thread resume in
// leafFault, which throws; every other signal goes to Go's handler as
// before.

var leafSignals = [...]syscall.Signal{syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL}

// leafSigCheck: the System V fault handler finds g through TLS always.
func leafSigCheck() error { return nil }

// The leaf record and frame layout leaf_amd64.s assumes.
var _ = [1]struct{}{}[leafTop%16]
var _ = [1]struct{}{}[leafFrame16K%16]

// leafFatal reads the C function's address as the frame's first word
// (the leaf record's second word points at the execFrame or the
// leafStoreFrame), and LEAF_STORE reads a leafStoreFrame as the head of an
// execFrame.
var _ = [1]struct{}{}[unsafe.Offsetof(execFrame{}.fn)]
var _ = [1]struct{}{}[unsafe.Offsetof(leafStoreFrame{}.Ret)-unsafe.Offsetof(execFrame{}.ret)+
	unsafe.Offsetof(leafStoreFrame{}.Hdr)-unsafe.Offsetof(execFrame{}.hdr)+
	unsafe.Offsetof(leafStoreFrame{}.Args)-unsafe.Offsetof(execFrame{}.args)]
