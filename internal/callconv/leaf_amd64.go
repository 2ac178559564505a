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

// leafPlan is what WithLeaf adds to a Plan: the trampoline, and for the
// commonest calls (every argument a scalar in a register, a void or
// scalar result) a compact copy of the argument slots, so that
// InvokeLeaf's loop does nothing else.
type leafPlan struct {
	size    leafSize
	regs    bool      // InvokeLeaf's register path applies: simple, every argument a scalar
	simple  bool      // the plan is simple (Plan.Simple): tramp is set
	tramp   uint8     // simple: the register trampoline, 4*kind + size-1 (kind 0 Regs, 1 Ints, 2 Floats)
	args    []leafArg // where each argument goes, when every one is a scalar
	retReg  uint8     // regs: the frame register of the result
	retSize uint8     // regs: the result's size, 0 for void
}

type leafArg struct {
	slot uint16
	size uint8
}

// leafFrame is the head of a Frame, all that the register trampolines
// read and write (fn, the registers, %al): a smaller block to clear.
type leafFrame struct {
	fn   uintptr
	regs [numRegs]uint64
	nsse uint64
}

var _ = [1]struct{}{}[unsafe.Offsetof(leafFrame{}.nsse)-unsafe.Offsetof(Frame{}.nsse)]

// The leaf trampolines, one per frame size and kind (leaf_amd64.s): Call
// makes every step (stack words, results in memory, two-register
// results); Regs, Ints and Floats serve InvokeLeaf's register path and
// load every argument register, the integer ones or the vector ones.
//
//go:noescape
func leafCall16K(fr *Frame, stack *uint64, ret unsafe.Pointer)

//go:noescape
func leafCall64K(fr *Frame, stack *uint64, ret unsafe.Pointer)

//go:noescape
func leafCall256K(fr *Frame, stack *uint64, ret unsafe.Pointer)

//go:noescape
func leafCall1M(fr *Frame, stack *uint64, ret unsafe.Pointer)

//go:noescape
func leafRegs16K(fr *leafFrame)

//go:noescape
func leafRegs64K(fr *leafFrame)

//go:noescape
func leafRegs256K(fr *leafFrame)

//go:noescape
func leafRegs1M(fr *leafFrame)

//go:noescape
func leafInts16K(fr *leafFrame)

//go:noescape
func leafInts64K(fr *leafFrame)

//go:noescape
func leafInts256K(fr *leafFrame)

//go:noescape
func leafInts1M(fr *leafFrame)

//go:noescape
func leafFloats16K(fr *leafFrame)

//go:noescape
func leafFloats64K(fr *leafFrame)

//go:noescape
func leafFloats256K(fr *leafFrame)

//go:noescape
func leafFloats1M(fr *leafFrame)

// The leaf trampolines of an IntFrame ([Plan.CallIntsLeaf]).
//
//go:noescape
func leafIntFrame16K(fr *IntFrame)

//go:noescape
func leafIntFrame64K(fr *IntFrame)

//go:noescape
func leafIntFrame256K(fr *IntFrame)

//go:noescape
func leafIntFrame1M(fr *IntFrame)

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
	size, frame, err := leafBound(stack)
	if err != nil {
		return nil, err
	}
	need := uintptr(p.stackWords) * 8
	if p.ret == retMemory {
		need += (p.retSize + 7) &^ 7
	}
	if need > leafArgs {
		return nil, fmt.Errorf("%w: %d bytes", ErrLeafArgs, need)
	}
	if err := leafReady(frame); err != nil {
		return nil, err
	}
	q := *p
	q.leaf = leafPlan{size: size}
	scalars := true
	for _, loc := range p.args {
		scalars = scalars && !loc.aggregate
	}
	if scalars {
		q.leaf.args = make([]leafArg, len(p.args))
		for k, loc := range p.args {
			q.leaf.args[k] = leafArg{uint16(loc.slot), uint8(loc.size)}
		}
	}
	q.leaf.regs = scalars && p.simple
	if q.leaf.regs && p.ret != retVoid {
		q.leaf.retSize = uint8(p.retSize)
		if p.ret == retSSE {
			q.leaf.retReg = firstSSE
		}
	}
	if p.simple {
		// The register trampoline: the integer registers only, the vector
		// ones only, or both.
		nint := 0
		for _, loc := range p.args {
			if !loc.aggregate {
				if loc.slot < firstSSE {
					nint++
				}
				continue
			}
			for _, pt := range loc.parts[:loc.nparts] {
				if pt.slot < firstSSE {
					nint++
				}
			}
		}
		kind := 0
		switch {
		case p.nsse == 0:
			kind = 1
		case nint == 0:
			kind = 2
		}
		q.leaf.simple = true
		q.leaf.tramp = uint8(4*kind) + uint8(size) - 1
	}
	return &q, nil
}

// LeafStack returns the C stack bound of p's leaf calls (0 when p was not
// made by [Plan.WithLeaf]).
func (p *Plan) LeafStack() uintptr { return p.leaf.size.bound() }

// InvokeLeaf calls fn as [Plan.Invoke] does (args points to NumArgs
// pointers to the arguments' C values, ret to the result's Size bytes,
// nil or ignored for void), but directly on the goroutine stack, under the
// leaf contract (see "Leaf calls" at the top of leaf_amd64.go): short,
// non-blocking, no callback, at most p's stack bound. A plan not made by
// [Plan.WithLeaf] gets the default bound (slower: it checks the fault
// handler on every call). It retains nothing and allocates nothing.
//
// The arguments' C values must not be addresses of goroutine-stack
// memory: the trampoline's prologue may move the stack after they were
// read.
func (p *Plan) InvokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.loader != 0 && p.hdr.leafRet != 0 && (ret != nil || p.hdr.leafRet == leafStoreNone) {
		// The commonest: the trampoline stores the result itself.
		fr := leafStoreFrame{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr, ret: ret}
		switch p.leaf.size {
		case leaf64K:
			leafStore64K(&fr)
		case leaf16K:
			leafStore16K(&fr)
		case leaf256K:
			leafStore256K(&fr)
		case leaf1M:
			leafStore1M(&fr)
		default:
			_ = leafReady(leafFrame64K)
			leafStore64K(&fr)
		}
		return
	}
	if p.loader != 0 && (ret != nil || p.ret != retMemory) {
		p.invokeLeafLoad(fn, args, ret)
		return
	}
	lp := &p.leaf
	if !lp.regs {
		p.invokeLeafExec(fn, args, ret)
		return
	}
	var fr leafFrame
	fr.fn = fn
	fr.nsse = uint64(p.nsse)
	for k, a := range lp.args {
		v := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(args), uintptr(k)*unsafe.Sizeof(uintptr(0))))
		var w uint64
		switch a.size {
		case 8:
			w = *(*uint64)(v)
		case 4:
			w = uint64(*(*uint32)(v))
		case 2:
			w = uint64(*(*uint16)(v))
		case 1:
			w = uint64(*(*uint8)(v))
		default:
			w = loadOdd(v, uintptr(a.size))
		}
		fr.regs[a.slot] = w
	}
	if lp.tramp == leafInts64KTramp { // the commonest: integers, the default bound
		leafInts64K(&fr)
	} else {
		lp.callRegs(&fr)
	}
	if ret != nil {
		w := fr.regs[lp.retReg]
		switch lp.retSize {
		case 8:
			*(*uint64)(ret) = w
		case 4:
			*(*uint32)(ret) = uint32(w)
		case 2:
			*(*uint16)(ret) = uint16(w)
		case 1:
			*(*uint8)(ret) = uint8(w)
		}
	}
}

// leafInts64KTramp is the tramp of leafInts64K.
const leafInts64KTramp = 4*1 + uint8(leaf64K) - 1

// callRegs runs the register trampoline of a simple plan.
func (lp *leafPlan) callRegs(fr *leafFrame) {
	switch lp.tramp {
	case 0:
		leafRegs16K(fr)
	case 1:
		leafRegs64K(fr)
	case 2:
		leafRegs256K(fr)
	case 3:
		leafRegs1M(fr)
	case 4:
		leafInts16K(fr)
	case 5:
		leafInts64K(fr)
	case 6:
		leafInts256K(fr)
	case 7:
		leafInts1M(fr)
	case 8:
		leafFloats16K(fr)
	case 9:
		leafFloats64K(fr)
	case 10:
		leafFloats256K(fr)
	case 11:
		leafFloats1M(fr)
	}
}

// CallSimpleLeaf is [Plan.CallSimple] as a leaf call: for a simple plan
// (see [Plan.Simple]) with the arguments already in fr's registers; read
// the result with [Frame.RetInt] or [Frame.RetFloat]. A plan not made by
// [Plan.WithLeaf] gets the default bound.
func (p *Plan) CallSimpleLeaf(fr *Frame, fn uintptr) {
	fr.fn = fn
	fr.nsse = uint64(p.nsse)
	if !p.leaf.simple {
		p.leaf.call(fr, nil, nil)
		return
	}
	p.leaf.callRegs((*leafFrame)(unsafe.Pointer(fr)))
}

// CallIntsLeaf is [Plan.CallInts] as a leaf call: for a plan whose Ints
// is true, made by [Plan.WithLeaf], with the arguments already in fr.Regs;
// read the result with [IntFrame.RetInt]. A plan not made by WithLeaf
// gets the default bound.
func (p *Plan) CallIntsLeaf(fr *IntFrame, fn uintptr) {
	fr.fn = fn
	if p.leaf.size == leaf64K {
		leafIntFrame64K(fr)
		return
	}
	p.leaf.callIntFrame(fr)
}

func (lp *leafPlan) callIntFrame(fr *IntFrame) {
	switch lp.size {
	case leaf16K:
		leafIntFrame16K(fr)
	case leaf256K:
		leafIntFrame256K(fr)
	case leaf1M:
		leafIntFrame1M(fr)
	default:
		_ = leafReady(leafFrame64K)
		leafIntFrame64K(fr)
	}
}

// The leaf trampolines of the general path (LEAF_EXEC in leaf_amd64.s),
// one per bound: they run the plan's moves, as Invoke's trampolines do.
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

// invokeLeafExec is InvokeLeaf for every call but the register path:
// aggregates, stack words, results in memory. The execFrame's pointers
// (the argument array, the result) are typed, so the runtime adjusts them
// when the trampoline's prologue moves the stack.
func (p *Plan) invokeLeafExec(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if 16*p.stackWords+14*8 > leafArgs || ret == nil && p.ret == retMemory {
		// More stack words than the block has room for, or a result in
		// memory with nowhere to go: the Frame path has a scratch.
		p.invokeLeafFrame(fn, args, ret)
		return
	}
	fr := execFrame{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr}
	if p.ret == retMemory {
		fr.ret = ret
	}
	switch p.leaf.size {
	case leaf64K:
		leafExec64K(&fr)
	case leaf16K:
		leafExec16K(&fr)
	case leaf256K:
		leafExec256K(&fr)
	case leaf1M:
		leafExec1M(&fr)
	default:
		_ = leafReady(leafFrame64K)
		leafExec64K(&fr)
	}
	if p.ret != retMemory && p.ret != retVoid {
		p.storeRes(&fr.res, ret)
	}
}

// How a leaf trampoline stores a result itself (execHdr.leafRet; the
// kinds are known to leaf_amd64.s).
const (
	leafStoreNone = 1 + iota // void: nothing
	leafStoreEAX             // 4 bytes of rax
	leafStoreRAX             // 8 bytes of rax
	leafStoreXMM8            // 8 bytes of xmm0
	leafStoreXMM4            // 4 bytes of xmm0
	leafStoreAL              // 1 byte of rax
	leafStoreAX              // 2 bytes of rax
)

// leafStore returns the execHdr.leafRet of p: 0 for the results Go
// stores (aggregates in registers, MEMORY results, which C writes itself).
func (p *Plan) leafStore() uint64 {
	switch {
	case p.ret == retVoid:
		return leafStoreNone
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

// leafStoreFrame is what the leaf trampolines that store the result
// themselves read (LEAF_STORE): the head of an execFrame.
type leafStoreFrame struct {
	fn   uintptr
	args unsafe.Pointer
	hdr  *execHdr
	ret  unsafe.Pointer
}

// The leaf trampolines of plans with a loader and a result of one
// register (LEAF_STORE in leaf_amd64.s), one per bound.
//
//go:noescape
func leafStore16K(fr *leafStoreFrame)

//go:noescape
func leafStore64K(fr *leafStoreFrame)

//go:noescape
func leafStore256K(fr *leafStoreFrame)

//go:noescape
func leafStore1M(fr *leafStoreFrame)

// invokeLeafLoad is InvokeLeaf for plans with a loader: the trampoline
// calls the loader, which reads the arguments after the prologue, so the
// pointers it follows (the argument array's, typed) are where the stack
// copy put them.
func (p *Plan) invokeLeafLoad(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	fr := execFrame{fn: fn, args: unsafe.Pointer(args), hdr: &p.hdr, ret: ret}
	switch p.leaf.size {
	case leaf64K:
		leafLoad64K(&fr)
	case leaf16K:
		leafLoad16K(&fr)
	case leaf256K:
		leafLoad256K(&fr)
	case leaf1M:
		leafLoad1M(&fr)
	default:
		_ = leafReady(leafFrame64K)
		leafLoad64K(&fr)
	}
	if ret == nil {
		return
	}
	switch p.retOp {
	case retNone:
	case retEAX, retRAX4:
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

// invokeLeafFrame is InvokeLeaf for every other call: stack words,
// aggregates, results in memory, and plans not made by WithLeaf.
func (p *Plan) invokeLeafFrame(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.stackWords != 0 {
		if p.stackWords <= 16 {
			p.invokeLeaf16(fn, args, ret)
		} else {
			p.invokeLeaf256(fn, args, ret)
		}
		return
	}
	var fr Frame
	p.leafFill(&fr, nil, args)
	fr.fn = fn
	p.leaf.call(&fr, nil, ret)
	p.leafResult(&fr, ret)
}

//go:noinline
func (p *Plan) invokeLeaf16(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	var fr Frame
	var stack [16]uint64
	p.leafFill(&fr, stack[:], args)
	fr.fn = fn
	p.leaf.call(&fr, stack[:], ret)
	p.leafResult(&fr, ret)
}

//go:noinline
func (p *Plan) invokeLeaf256(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	var fr Frame
	var stack [leafArgs / 8]uint64
	p.leafFill(&fr, stack[:], args)
	fr.fn = fn
	p.leaf.call(&fr, stack[:], ret)
	p.leafResult(&fr, ret)
}

// call runs the general trampoline of the plan's bound, with the stack
// words and the result's destination as typed pointers (the runtime
// adjusts them if the trampoline's prologue moves the stack).
func (lp *leafPlan) call(fr *Frame, stack []uint64, ret unsafe.Pointer) {
	var sp *uint64
	if len(stack) > 0 {
		sp = &stack[0]
	}
	switch lp.size {
	case leaf64K:
		leafCall64K(fr, sp, ret)
	case leaf16K:
		leafCall16K(fr, sp, ret)
	case leaf256K:
		leafCall256K(fr, sp, ret)
	case leaf1M:
		leafCall1M(fr, sp, ret)
	default:
		// A plan not made by WithLeaf: the default bound, once the fault
		// handler is in place (WithLeaf reports the rare failure).
		_ = leafReady(leafFrame64K)
		leafCall64K(fr, sp, ret)
	}
}

// leafFill places the arguments in fr and stack, as Plan.call's callers
// do. It stores no address of the goroutine stack in fr: the trampoline's
// prologue may move the stack before the call (see leafPlan.call).
func (p *Plan) leafFill(fr *Frame, stack []uint64, args *unsafe.Pointer) {
	fr.nsse = uint64(p.nsse)
	fr.nstack = uint64(p.stackWords)
	if p.ret == retMemory {
		fr.sret = 1 // rdi: the result's destination, or a scratch (leaf_amd64.s)
	}
	if p.leaf.args != nil {
		for k, a := range p.leaf.args {
			v := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(args), uintptr(k)*unsafe.Sizeof(uintptr(0))))
			w := loadScalar(v, uintptr(a.size))
			if a.slot < numRegs {
				fr.regs[a.slot] = w
			} else {
				stack[a.slot-numRegs] = w
			}
		}
		return
	}
	for i := range p.args {
		a := *(*unsafe.Pointer)(unsafe.Add(unsafe.Pointer(args), uintptr(i)*unsafe.Sizeof(uintptr(0))))
		loc := &p.args[i]
		if !loc.aggregate {
			SetWord(fr, stack, loc.slot, loadScalar(a, loc.size))
			continue
		}
		p.SetArgMem(fr, stack, i, a)
	}
}

// leafResult stores the result registers in ret.
func (p *Plan) leafResult(fr *Frame, ret unsafe.Pointer) {
	if ret == nil {
		return
	}
	switch p.ret {
	case retInt:
		storeScalar(ret, fr.regs[0], p.retSize)
	case retSSE:
		storeScalar(ret, fr.regs[firstSSE], p.retSize)
	case retParts:
		for _, pt := range p.retParts[:p.nretParts] {
			storeScalar(unsafe.Add(ret, pt.off), fr.regs[retReg[pt.slot]], pt.size)
		}
	}
}

// loadScalar reads the n <= 8 bytes of a C value at p into a word,
// zero-extended.
func loadScalar(p unsafe.Pointer, n uintptr) uint64 {
	switch n {
	case 8:
		return *(*uint64)(p)
	case 4:
		return uint64(*(*uint32)(p))
	case 2:
		return uint64(*(*uint16)(p))
	case 1:
		return uint64(*(*uint8)(p))
	}
	return load(p, n)
}

// loadOdd is loadScalar out of line, for the register path's loop.
//
//go:noinline
func loadOdd(p unsafe.Pointer, n uintptr) uint64 { return loadScalar(p, n) }

// storeScalar writes the low n <= 8 bytes of w at p.
func storeScalar(p unsafe.Pointer, w uint64, n uintptr) {
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

// An IntFrame's fn and Regs lie where a Frame's fn and regs do: the record
// of an IntFrame leaf call is read as a Frame (leafFatal reads fn).
var _ = [1]struct{}{}[unsafe.Offsetof(IntFrame{}.Regs)-unsafe.Offsetof(Frame{}.regs)]
var _ = [1]struct{}{}[unsafe.Offsetof(IntFrame{}.fn)-unsafe.Offsetof(Frame{}.fn)]

// leafFatal reads the C function's address as the frame's first word.
var _ = [1]struct{}{}[unsafe.Offsetof(Frame{}.fn)]
