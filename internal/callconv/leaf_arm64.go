//go:build arm64 && (linux || darwin)

package callconv

import (
	"fmt"
	"runtime"
	"unsafe"
)

// Leaf calls on the AAPCS64 engine: a C function declared short,
// non-blocking, never calling back into Go and using at most a declared
// amount of stack, called directly on the goroutine stack (leaf_arm64.s),
// without runtime.cgocall. The contract is the linux/amd64 engine's (see
// leaf_amd64.go): short, no callback (a callback entry reached during a
// leaf call ends the program with a fatal error naming the function), at
// most the declared stack (goroutine stacks have no guard page), and a
// fault inside the C function (SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGTRAP)
// ends the program with a fatal error naming it, never a recoverable
// panic. arm64 raises no SIGFPE for an integer division by zero (it gives
// 0), and __builtin_trap is a BRK, hence SIGTRAP among the fault signals.
//
// How the trampoline keeps Go's view of the stack sane, which differs from
// amd64 (leaf_arm64.s has the details):
//   - Go on arm64 keeps RSP 16-aligned in every frame, so one path serves.
//   - Go's unwinder reads a frame's return PC at the frame's SP (LR
//     architectures save it at the bottom of the frame), while AAPCS64
//     puts the first stack argument at the SP of the call. So the
//     trampoline (a large frame, not NOSPLIT: its prologue grows the
//     goroutine stack) never moves its own SP; it calls a frameless helper
//     that moves RSP inside the trampoline's frame for the C call. The
//     helper writes SP directly and is therefore SPWRITE: the profiler's
//     unwinder stops there silently; the trampoline and its Go callers are
//     unwindable at every PC of theirs.
//   - The registers Go needs after the C call are R28 (g), R29 (the frame
//     pointer) and RSP, all callee-saved in AAPCS64 (C preserves them); Go
//     keeps nothing else in registers across a call to an ABI0 function
//     (R26, the closure context, and R27, the assembler's temporary, are
//     scratch; arm64 has no zeroed vector register as amd64's X15; Go
//     never uses R18, the platform register).
//   - While C runs, R28 is C's to use. The fault handler and the callback
//     entry, which run in C's context, take g from the thread's TLS
//     (runtime·load_g), as Go's own signal handler does when
//     runtime·iscgo is set; purego's fakecgo (CGO_ENABLED=0) and
//     runtime/cgo both set it. Without it WithLeaf returns ErrLeafUnsafe.
//   - A fault or a callback during the C call resumes in leafFault with
//     RSP, LR and R29 as they were when the trampoline called the helper
//     (kept in the leaf record, with the frame), so that the fatal error's
//     traceback runs through the trampoline to InvokeLeaf and its callers;
//     the C frames are dropped.
//
// errno: the C function runs on the calling goroutine's thread, and
// nothing runs between its return and InvokeLeaf's.

// The leaf trampoline's frame (leaf_arm64.s), from the top: the 48 bytes
// of the leaf record, below it leafArgs bytes for the outgoing stack
// arguments, the copies of aggregates passed by reference and an indirect
// result (the C call's SP is at their bottom), then the C function's own
// stack, at least the bound, and the saved LR at the frame's bottom.
const (
	leafArgs  = 2048
	leafTop   = leafArgs + 64
	leafMagic = 0x6c6561665f63616c // "leaf_cal", XORed with the C call's SP

	leafFrame16K  = LeafStack16K + leafTop
	leafFrame64K  = LeafStack64K + leafTop
	leafFrame256K = LeafStack256K + leafTop
	leafFrame1M   = LeafStack1M + leafTop
)

// leafFrame is the block a leaf trampoline reads and writes, a local of
// InvokeLeaf. Its pointers into Go memory are typed: when the
// trampoline's prologue grows (copies) the goroutine stack, the runtime
// adjusts those that point into it (the stack words, the argument array,
// the result). Its layout is known to leaf_arm64.s (go_asm.h).
type leafFrame struct {
	fn      uintptr
	regs    [2 * a64NumRegs]uint64 // x0-x7, then d0-d7
	stack   unsafe.Pointer         // the outgoing stack bytes
	nstack  uintptr                // their size, a multiple of 16
	reserve uintptr                // the bytes below the record: stack, copies, indirect result
	align   uintptr                // the reserved area's alignment (a power of 2, at least 16)
	args    unsafe.Pointer         // the *unsafe.Pointer array InvokeLeaf got, for the copies
	copies  unsafe.Pointer         // *a64Copy: the copies of aggregates passed by reference
	ncopies uintptr
	sret    uintptr // bytes of an indirect result, copied to ret after the call
	sretOff uintptr // where it is, from the C call's SP
	ret     unsafe.Pointer
	res     [6]uint64 // after the call: x0, x1, d0-d3
}

// The leaf trampolines, one per bound (leaf_arm64.s).
//
//go:noescape
func leafCall16K(fr *leafFrame)

//go:noescape
func leafCall64K(fr *leafFrame)

//go:noescape
func leafCall256K(fr *leafFrame)

//go:noescape
func leafCall1M(fr *leafFrame)

// WithLeaf returns a copy of p whose [Plan.InvokeLeaf] calls run on the
// goroutine stack with at least stack bytes of C stack (0: the default,
// [DefaultLeafStack]), rounded up to 16 KiB, 64 KiB, 256 KiB or 1 MiB.
// The goroutine stack grows to hold the bound in the trampoline's
// prologue, so a larger bound costs memory per goroutine that makes leaf
// calls. What C does past the bound is undetected and corrupts memory.
//
// The first WithLeaf of the process puts the leaf fault handler in front
// of Go's handlers of the fault signals; it returns [ErrLeafUnsafe] if that
// cannot be done (and always on darwin, see leaf_darwin_arm64.go).
func (p *Plan) WithLeaf(stack uintptr) (*Plan, error) {
	size, frame, err := leafBound(stack)
	if err != nil {
		return nil, err
	}
	if need := p.reserve + p.align; need > leafArgs {
		return nil, fmt.Errorf("%w: %d bytes", ErrLeafArgs, need)
	}
	if err := leafReady(frame); err != nil {
		return nil, err
	}
	q := *p
	q.leaf = size
	return &q, nil
}

// LeafStack returns the C stack bound of p's leaf calls (0 when p was not
// made by [Plan.WithLeaf]).
func (p *Plan) LeafStack() uintptr { return p.leaf.bound() }

// InvokeLeaf calls fn as [Plan.Invoke] does (args points to NumArgs
// pointers to the arguments' C values, ret to the result's Size bytes,
// nil or ignored for void), but directly on the goroutine stack, under the
// leaf contract (see "Leaf calls" at the top of leaf_arm64.go). A plan not
// made by [Plan.WithLeaf] gets the default bound (or, when WithLeaf would
// refuse it, an ordinary call). It retains nothing and allocates nothing.
//
// The arguments' C values must not be addresses of goroutine-stack
// memory: the trampoline's prologue may move the stack after they were
// read (the argument array and the values themselves may be there: the
// trampoline reads the aggregates it copies through the moved pointers).
func (p *Plan) InvokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.stackBytes > inlineStack {
		p.invokeLeafBig(fn, args, ret)
		return
	}
	var words [inlineStack / 8]uint64
	p.invokeLeaf(fn, args, ret, &words[0])
}

// invokeLeafBig is InvokeLeaf for plans of more than inlineStack bytes of
// stack arguments (WithLeaf keeps their stack area under leafArgs).
//
//go:noinline
func (p *Plan) invokeLeafBig(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if p.reserve+p.align > leafArgs {
		// A plain plan that WithLeaf would have refused: an ordinary call.
		p.Invoke(fn, args, ret)
		return
	}
	var words [leafArgs / 8]uint64
	p.invokeLeaf(fn, args, ret, &words[0])
}

// invokeLeaf places the arguments (stack: p.stackBytes bytes of Go
// memory), makes the leaf call and stores the register results.
//
//go:noinline
func (p *Plan) invokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer, stack *uint64) {
	var fr leafFrame
	av := unsafe.Slice(args, len(p.sig.args))
	st0 := unsafe.Pointer(stack)
	for k := range p.steps {
		st := &p.steps[k]
		src := unsafe.Add(av[st.arg], st.from)
		switch st.op {
		case opReg:
			fr.regs[st.dst] = loadWord(src, st.size, st.signed)
		case opSlot:
			*(*uint64)(unsafe.Add(st0, st.dst)) = loadWord(src, st.size, st.signed)
		default:
			copy(unsafe.Slice((*byte)(unsafe.Add(st0, st.dst)), st.size), unsafe.Slice((*byte)(src), st.size))
		}
	}
	fr.fn = fn
	fr.stack = st0
	fr.nstack = p.stackBytes
	fr.reserve = p.reserve
	fr.align = p.align
	fr.args = unsafe.Pointer(args)
	if len(p.copies) > 0 {
		fr.copies = unsafe.Pointer(&p.copies[0])
		fr.ncopies = uintptr(len(p.copies))
	}
	fr.sretOff = p.sretOff
	if p.sig.ret == a64RetIndirect {
		fr.sret = p.sig.retSize
		fr.ret = ret
	}
	switch p.leaf {
	case leaf64K:
		leafCall64K(&fr)
	case leaf16K:
		leafCall16K(&fr)
	case leaf256K:
		leafCall256K(&fr)
	case leaf1M:
		leafCall1M(&fr)
	default:
		// A plan not made by WithLeaf: the default bound, once the fault
		// handler is in place (WithLeaf reports the rare failure), or an
		// ordinary call for a plan WithLeaf would have refused.
		if p.reserve+p.align > leafArgs {
			p.Invoke(fn, args, ret)
			return
		}
		_ = leafReady(leafFrame64K)
		leafCall64K(&fr)
	}
	if ret != nil {
		for k := range p.retSteps {
			rs := &p.retSteps[k]
			storeWord(unsafe.Add(ret, rs.from), rs.size, fr.res[rs.slot])
		}
	}
	runtime.KeepAlive(args)
}

// The fault handler (leaf_linux_arm64.s): purectypes_callconv_leafsig runs
// first for the fault signals. It recognises a fault inside a leaf call by
// the live leaf record above the interrupted SP, within the goroutine's
// stack, and makes the thread resume in leafFault as if the trampoline had
// called it (the C frames dropped), which throws; every other signal goes
// to Go's handler as before.

// The frame layout leaf_arm64.s assumes: frames and the record area are
// multiples of 16 (RSP stays 16-aligned), and the frame's copy
// descriptors are a64Copy's 32 bytes.
var _ = [1]struct{}{}[leafTop%16]
var _ = [1]struct{}{}[leafFrame16K%16]
var _ = [1]struct{}{}[unsafe.Sizeof(a64Copy{})-32]

// leafFatal reads the C function's address as the frame's first word.
var _ = [1]struct{}{}[unsafe.Offsetof(leafFrame{}.fn)]
