//go:build arm64 && (linux || darwin)

package callconv

import (
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
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
//
// errno: the C function runs on the calling goroutine's thread, and
// nothing runs between its return and InvokeLeaf's.

// Leaf stack bounds: the C stack a leaf trampoline provides, at least.
// [Plan.WithLeaf] rounds a bound up to one of these.
const (
	LeafStack16K  = 16 << 10
	LeafStack64K  = 64 << 10
	LeafStack256K = 256 << 10
	LeafStack1M   = 1 << 20

	// DefaultLeafStack is the bound of a leaf call when none is declared.
	DefaultLeafStack = LeafStack64K
)

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

// leafSize names a leaf trampoline; 0 is a plan that is not leaf.
type leafSize uint8

const (
	leafNone leafSize = iota
	leaf16K
	leaf64K
	leaf256K
	leaf1M
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

var (
	// ErrLeafStack reports a leaf stack bound larger than [LeafStack1M].
	ErrLeafStack = errors.New("callconv: leaf stack bound over 1 MiB")
	// ErrLeafArgs reports a leaf call whose stack arguments, copies of
	// aggregates and result in memory exceed the 2 KiB a leaf trampoline
	// keeps for them.
	ErrLeafArgs = errors.New("callconv: leaf call's stack arguments over 2 KiB")
	// ErrLeafUnsafe reports that faults inside leaf calls cannot be made
	// fatal in this process, so leaf calls are refused.
	ErrLeafUnsafe = errors.New("callconv: leaf calls unavailable: the fault signals are not handled by Go")
)

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
	var size leafSize
	var frame uintptr
	switch {
	case stack == 0:
		size, frame = leaf64K, leafFrame64K
	case stack <= LeafStack16K:
		size, frame = leaf16K, leafFrame16K
	case stack <= LeafStack64K:
		size, frame = leaf64K, leafFrame64K
	case stack <= LeafStack256K:
		size, frame = leaf256K, leafFrame256K
	case stack <= LeafStack1M:
		size, frame = leaf1M, leafFrame1M
	default:
		return nil, fmt.Errorf("%w: %d bytes", ErrLeafStack, stack)
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
func (p *Plan) LeafStack() uintptr {
	switch p.leaf {
	case leaf16K:
		return LeafStack16K
	case leaf64K:
		return LeafStack64K
	case leaf256K:
		return LeafStack256K
	case leaf1M:
		return LeafStack1M
	}
	return 0
}

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

// leafScan is how far above a faulting SP leafsig (and the callback
// entry) look for a leaf record: twice the largest leaf frame in use.
// Read by leaf_arm64.s.
var leafScan uintptr

var (
	leafMu  sync.Mutex
	leafErr error
	leafSet bool
	leafOK  atomic.Bool // the handler is in place
)

// leafReady puts the fault handler in place (once) and makes leafsig look
// far enough for a frame of frame bytes.
func leafReady(frame uintptr) error {
	scan := 2 * frame
	if leafOK.Load() && scan <= atomic.LoadUintptr(&leafScan) {
		return nil
	}
	leafMu.Lock()
	defer leafMu.Unlock()
	if !leafSet {
		leafSet = true
		leafErr = installLeafSig()
	}
	if leafErr == nil && scan > leafScan {
		atomic.StoreUintptr(&leafScan, scan)
	}
	leafOK.Store(leafErr == nil)
	return leafErr
}

// leafFault is where a leaf call gone wrong resumes (leaf_arm64.s); it
// calls leafFatal and never returns.
func leafFault()

var _ = leafFault // reached from leafsig and the callback entry only

// leafNames maps C function addresses to names for leafFatal's message.
var leafNames sync.Map

// NameLeaf records name as the name of the C function at fn, for the
// message of a leaf call that faults or calls back. It costs nothing per
// call.
func NameLeaf(fn uintptr, name string) { leafNames.Store(fn, name) }

//go:linkname runtime_throw runtime.throw
func runtime_throw(s string)

// leafFatal ends the program from a leaf call gone wrong, with a fatal
// error. Called by leafFault with the frame (nil if the call could not be
// found), the signal (0 for a callback), the fault address or the
// callback's index, and the faulting PC.
func leafFatal(fr *leafFrame, sig, addr, pc uintptr) {
	what := "a leaf call"
	if fr != nil {
		what = "a leaf call of the C function at " + hex(fr.fn)
		if name, ok := leafNames.Load(fr.fn); ok {
			what += " (" + name.(string) + ")"
		}
	}
	if sig == 0 {
		if fr == nil {
			runtime_throw("callconv: C called back into Go (callback entry " + strconv.FormatUint(uint64(addr), 10) +
				") on a goroutine stack, as during a leaf call: a leaf function must never call back into Go")
		}
		runtime_throw("callconv: C called back into Go (callback entry " + strconv.FormatUint(uint64(addr), 10) +
			") during " + what + ": a leaf function must never call back into Go")
	}
	runtime_throw("callconv: " + sigName(sig) + " inside " + what +
		", fault address " + hex(addr) + ", PC " + hex(pc) + ": a fault inside a leaf call is fatal")
}

var _ = leafFatal // called from leafFault

func sigName(sig uintptr) string {
	switch syscall.Signal(sig) {
	case syscall.SIGSEGV:
		return "SIGSEGV"
	case syscall.SIGBUS:
		return "SIGBUS"
	case syscall.SIGFPE:
		return "SIGFPE"
	case syscall.SIGILL:
		return "SIGILL"
	case syscall.SIGTRAP:
		return "SIGTRAP"
	}
	return "signal " + strconv.Itoa(int(sig))
}

func hex(u uintptr) string { return "0x" + strconv.FormatUint(uint64(u), 16) }

// The frame layout leaf_arm64.s assumes: frames and the record area are
// multiples of 16 (RSP stays 16-aligned), and the frame's copy
// descriptors are a64Copy's 32 bytes.
var _ = [1]struct{}{}[leafTop%16]
var _ = [1]struct{}{}[leafFrame16K%16]
var _ = [1]struct{}{}[unsafe.Sizeof(a64Copy{})-32]
