//go:build windows && amd64

package callconv

import (
	"errors"
	"fmt"
	"strconv"
	"sync"
	"syscall"
	"unsafe"
)

// Leaf calls on Win64: the C function runs on the goroutine stack, in the
// frame of a leaf trampoline (leaf_windows_amd64.s) large enough for the
// declared C stack, without runtime.cgocall (see leaf_amd64.go for the
// contract, which is the same here).
//
// Windows checks stacks against the bounds the thread's TEB records
// (StackBase at gs:0x30->+8, StackLimit at +0x10): its exception
// dispatcher stops at the first frame outside them without calling any
// handler (a fault would end the process with no message; under Wine,
// exit status 5), CFG checks a resumed context's SP against them, and
// MSVC's __chkstk probes from StackLimit down. So the trampoline, as
// fibers do, moves the TEB's bounds to its own frame for the call and puts
// them back after; the top of that frame holds a leaf record (the saved
// bounds, the function, a magic word tied to the frame's address). A
// vectored exception handler of the engine's own, installed first by the
// first WithLeaf, finds the record through the TEB: a fault with a leaf
// call in progress on its thread resumes in leafFault, which restores the
// bounds and ends the program with a fatal error naming the function, its
// traceback the Go caller's. A callback entry reached during a leaf call
// finds the record the same way and ends the program too
// (callback_windows_amd64.s).

// The leaf frame, from its top: the leaf record (leafRec bytes, the new
// StackBase is its end), then the Win64 trampoline's own frame (registers,
// the argument area: at most leafArgs bytes, alignment), then the C stack.
const (
	leafRec       = 64
	leafArgs      = 2048
	leafTop       = 4096 // record, trampoline frame and argument area, rounded up
	leafFrame16K  = LeafStack16K + leafTop
	leafFrame64K  = LeafStack64K + leafTop
	leafFrame256K = LeafStack256K + leafTop
	leafFrame1M   = LeafStack1M + leafTop
	leafMagic     = 0x6c6561665f77696e // "leaf_win", XORed with the record's address
)

// The leaf record's words, read by leaf_windows_amd64.s and
// callback_windows_amd64.s.
const (
	leafRecMagic = 0  // leafMagic ^ the record's address while the call runs
	leafRecBase  = 8  // the TEB's StackBase before the call
	leafRecLimit = 16 // its StackLimit
	leafRecFn    = 24 // the C function
	leafRecCode  = 32 // what went wrong: the exception code, 0 for a callback
	leafRecAddr  = 40 // the fault address, or the callback entry's index
	leafRecPC    = 48 // the faulting PC
)

// The record's words, each within the record (and named here, for the
// linters, as assembly reads them).
var _ = [...]uintptr{leafRecMagic, leafRecBase, leafRecLimit, leafRecFn, leafRecCode, leafRecAddr}
var _ = [leafRec - leafRecPC - 8]struct{}{}

var (
	// ErrLeafArgs reports a leaf call whose argument area (stack words,
	// copies of arguments passed by reference, the result in memory)
	// exceeds what a leaf trampoline keeps for it.
	ErrLeafArgs = errors.New("callconv: leaf call's argument area over 2 KiB")
	// ErrLeafUnsafe reports that the vectored exception handler that
	// makes faults in leaf calls fatal could not be installed.
	ErrLeafUnsafe = errors.New("callconv: leaf calls unavailable: the leaf fault handler could not be installed")
)

// The leaf trampolines, one per bound (leaf_windows_amd64.s).
//
//go:noescape
func leafCall16K(fr *w64Frame)

//go:noescape
func leafCall64K(fr *w64Frame)

//go:noescape
func leafCall256K(fr *w64Frame)

//go:noescape
func leafCall1M(fr *w64Frame)

// leafVEHABI0 is the address of the vectored exception handler
// (leaf_windows_amd64.s).
var leafVEHABI0 uintptr

// WithLeaf returns a copy of p whose calls are leaf calls, made on the
// goroutine stack with at least stack bytes of C stack (0: the default,
// [DefaultLeafStack]), rounded up to 16 KiB, 64 KiB, 256 KiB or 1 MiB.
// The first WithLeaf of the process installs the leaf fault handler.
func (p *Plan) WithLeaf(stack uintptr) (*Plan, error) {
	size, err := leafSizeOf(stack)
	if err != nil {
		return nil, err
	}
	if p.bytes > leafArgs {
		return nil, fmt.Errorf("%w: %d bytes", ErrLeafArgs, p.bytes)
	}
	if err := leafReady(); err != nil {
		return nil, err
	}
	q := *p
	q.leaf = size
	return &q, nil
}

// LeafStack returns the C stack bound of a leaf plan (0 for one that is
// not leaf).
func (p *Plan) LeafStack() uintptr { return p.leaf.bound() }

// InvokeLeaf is [Plan.Invoke] as a leaf call. A plan not made by WithLeaf
// gets the default bound (once the fault handler is in place).
func (p *Plan) InvokeLeaf(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	fr := w64Frame{fn: fn, args: unsafe.Pointer(args), nops: uintptr(len(p.ops)), bytes: p.bytes, ret: ret}
	if len(p.ops) > 0 {
		fr.ops = unsafe.Pointer(&p.ops[0])
	}
	if p.sig.ret == w64RetMemory && ret != nil {
		fr.sret, fr.rsize = p.sret, p.sig.retSize
	}
	switch p.leaf {
	case leaf16K:
		leafCall16K(&fr)
	case leaf64K:
		leafCall64K(&fr)
	case leaf256K:
		leafCall256K(&fr)
	case leaf1M:
		leafCall1M(&fr)
	default:
		if p.bytes > leafArgs || leafReady() != nil {
			p.Invoke(fn, args, ret)
			return
		}
		leafCall64K(&fr)
	}
	if ret != nil {
		switch p.sig.ret {
		case w64RetInt:
			storeLow(ret, fr.rax, p.sig.retSize)
		case w64RetFloat:
			storeLow(ret, fr.xmm0, p.sig.retSize)
		}
	}
	if leArmed.Load() != 0 {
		recordLastError(uint32(fr.errno))
	}
}

var (
	leafOnce sync.Once
	leafErr  error
)

// leafReady installs the leaf fault handler (once), first in the chain of
// vectored exception handlers, so that it sees a fault before Go's own.
func leafReady() error {
	leafOnce.Do(func() {
		proc, err := syscall.LoadDLL("kernel32.dll")
		if err == nil {
			var add *syscall.Proc
			if add, err = proc.FindProc("AddVectoredExceptionHandler"); err == nil {
				if h, _, e := add.Call(1, leafVEHABI0); h == 0 {
					err = e
				}
			}
		}
		if err != nil {
			leafErr = fmt.Errorf("%w: %v", ErrLeafUnsafe, err)
		}
	})
	return leafErr
}

// leafNames maps C function addresses to names for leafFatal's message.
var leafNames sync.Map

// NameLeaf names the C function at fn (for example "libm.so.6:sin") in
// the fatal error a leaf call of it may end in.
func NameLeaf(fn uintptr, name string) { leafNames.Store(fn, name) }

//go:linkname runtime_throw runtime.throw
func runtime_throw(s string)

// leafFatal ends the program from a leaf call gone wrong, with a fatal
// error (never a panic: nothing can recover it). Called by leafFault (in
// leaf_windows_amd64.s, on the leaf frame, its caller the leaf
// trampoline) with the function, the exception code (0 for a callback),
// the fault address (the callback entry's index) and the faulting PC.
func leafFatal(fn, code, addr, pc uintptr) {
	what := "a leaf call of the C function at " + hex(fn)
	if name, ok := leafNames.Load(fn); ok {
		what += " (" + name.(string) + ")"
	}
	if code == 0 {
		runtime_throw("callconv: C called back into Go (callback entry " + strconv.FormatUint(uint64(addr), 10) +
			") during " + what + ": a leaf function must never call back into Go")
	}
	runtime_throw("callconv: " + exceptionName(code) + " inside " + what +
		", fault address " + hex(addr) + ", PC " + hex(pc) + ": a fault inside a leaf call is fatal")
}

// exceptionName names a Windows exception code.
func exceptionName(code uintptr) string {
	name := map[uintptr]string{
		0xc0000005: "access violation",
		0xc000001d: "illegal instruction",
		0xc0000094: "integer division by zero",
		0xc0000095: "integer overflow",
		0xc00000fd: "stack overflow",
		0x80000003: "breakpoint",
	}[code]
	if name == "" {
		name = "exception"
	}
	return name + " (" + hex(code) + ")"
}

func hex(u uintptr) string { return "0x" + strconv.FormatUint(uint64(u), 16) }

// leafFatal is called only from assembly (leafFault).
var _ = leafFatal
