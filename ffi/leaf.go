package ffi

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// Leaf calls: a C function declared short, non-blocking, never calling back
// into Go and using at most a declared amount of C stack is called directly
// on the goroutine stack, without the scheduler hand-off every other call
// (cgo's too) pays (see [Func.Leaf] and [Leaf]). The engine's own leaf
// trampoline makes the call (internal/callconv: the System V engine on
// linux/amd64, the AAPCS64 engine on linux/arm64, the Win64 engine on
// windows/amd64); where there is none (the libffi engine; darwin/arm64,
// whose fault handler is not written) a leaf declaration makes an ordinary
// call.
//
// On windows/amd64 a plain call of C on a goroutine stack would be unsafe:
// the goroutine stack is outside the stack bounds the thread's TEB records
// (StackBase, StackLimit), and Windows' exception dispatcher stops at the
// first frame outside them without calling any handler (the Go runtime's
// sehhandler and asmcgocall_landingpad say so), so a fault would end the
// process with no message (measured under Wine: exit status 5); MSVC's
// __chkstk probes from StackLimit down. The Win64 leaf trampoline therefore
// moves the TEB's bounds to its own frame for the call, as fibers do, and a
// vectored exception handler of the engine's own, first in the chain, turns
// a fault during a leaf call into the fatal error (leaf_windows_test.go).

// DefaultLeafStack is the C stack bound of a leaf call that declares none:
// 64 KiB. The bounds a leaf trampoline provides are 16 KiB, 64 KiB,
// 256 KiB and 1 MiB; a declared bound is rounded up to one of them, and
// one over 1 MiB is an error.
const DefaultLeafStack = callconv.DefaultLeafStack

// ErrLeaf reports a leaf declaration that cannot be honoured: a stack bound
// over 1 MiB, or more stack arguments than a leaf trampoline carries.
var ErrLeaf = errors.New("ffi: leaf call")

// BindOption changes how a typed binding ([Fn1] and its kin) calls its C
// function.
type BindOption func(*bindOptions)

type bindOptions struct {
	leaf      bool
	leafStack uintptr
	// The declarations of typed_options.go.
	args     map[int]*types.Type // ArgType: argument n's C type (1-based)
	result   *types.Type         // ResultType
	variadic bool                // Variadic: nfixed fixed arguments, then "..."
	nfixed   int
	at       uintptr // At: the function's address
	errs     []error // options given impossible values
}

// Leaf declares the bound C function a leaf: short (microseconds at most),
// never blocking, never calling back into Go, using at most stack bytes of
// C stack (0 for [DefaultLeafStack]). Its calls then run directly on the
// goroutine stack: an integer add costs a few nanoseconds instead of a cgo
// call's tens. See [Func.Leaf] for the contract and what breaking it does.
func Leaf(stack uintptr) BindOption {
	return func(o *bindOptions) { o.leaf, o.leafStack = true, stack }
}

// leafInvoker is an engine plan made leaf (callconv.Plan.WithLeaf). hdr
// is the plan's LeafDirect: when set, the call goes straight to the
// engine's direct leaf trampoline, without InvokeLeaf's dispatch.
type leafInvoker struct {
	p   *callconv.Plan
	hdr unsafe.Pointer
}

// Invoke makes the leaf call.
func (l *leafInvoker) Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer) {
	if l.hdr != nil && ret != nil {
		fr := callconv.LeafFrame{Fn: fn, Args: unsafe.Pointer(args), Hdr: l.hdr, Ret: ret}
		callconv.LeafStore64K(&fr)
		return
	}
	l.p.InvokeLeaf(fn, args, ret)
}

// leafEngine returns eng made leaf for the C function at addr (named in
// the fatal error a broken contract causes), or eng itself where this
// platform's engine has no leaf trampoline: the call is then an ordinary
// one.
func leafEngine(eng invoker, stack uintptr, addr uintptr, name string) (invoker, error) {
	if stack > callconv.LeafStack1M {
		return nil, fmt.Errorf("%w: a C stack bound of %d bytes is over 1 MiB", ErrLeaf, stack)
	}
	p, ok := eng.(*callconv.Plan)
	if !ok || !callconv.Supported {
		return eng, nil // libffi: an ordinary call
	}
	if stack == 0 {
		stack = DefaultLeafStack
	}
	lp, err := p.WithLeaf(stack)
	switch {
	case errors.Is(err, callconv.ErrLeafUnsafe):
		return eng, nil // no leaf trampoline here, or Go's signal handlers not found
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrLeaf, err)
	}
	callconv.NameLeaf(addr, name)
	return &leafInvoker{lp, lp.LeafDirect()}, nil
}

// isLeaf reports whether eng makes leaf calls (for tests).
func isLeaf(eng invoker) bool {
	_, ok := eng.(*leafInvoker)
	return ok
}
