package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// The seam between the ctypes surface and the call engines. Every call,
// whichever API makes it (Func.Call, CallAs, a typed binding), ends in one
// invoker.Invoke with the addresses of its arguments' C values: this
// platform's own engine (internal/callconv) where there is one, libffi
// otherwise (libffi.go).

// invoker is a call engine's plan of one C signature.
type invoker interface {
	// Invoke calls fn. args points to one pointer per argument, each to
	// the argument's C value (its Size bytes in C's layout); ret points
	// to room for the result's C value (unused for void). Both may point
	// into the goroutine stack; neither is kept.
	Invoke(fn uintptr, args *unsafe.Pointer, ret unsafe.Pointer)
}

// forceLibffi makes every call use libffi; tests set it to check that both
// engines agree.
var forceLibffi = false

// maxArgs is the largest arity of the generated typed binders (Fn20,
// Proc20); typed calls up to it keep their scratch on the stack.
const maxArgs = 20

// newEngine plans the C signature rt(args...) with this platform's engine
// (nfixed < 0: not variadic). Arrays are passed as pointers.
func newEngine(rt *types.Type, args []*types.Type, nfixed int) (invoker, error) {
	if callconv.Supported && !forceLibffi {
		lays := make([]callconv.Layout, len(args))
		for i, a := range args {
			if a.Kind() == types.KindArray {
				a = types.PointerTo(a.Elem())
			}
			lays[i] = layoutOf(a)
		}
		return callconv.NewPlan(layoutOf(rt), lays, nfixed)
	}
	c, err := newLibffiCall(rt, args, nfixed)
	if err != nil {
		return nil, err
	}
	return c, nil
}

// noescape hides p from the compiler's escape analysis. The engines keep
// no pointer they are given past the call, but the compiler cannot know it
// through the invoker interface; without this every call's argument array
// would move to the heap.
func noescape(p unsafe.Pointer) unsafe.Pointer {
	u := uintptr(p)
	return *(*unsafe.Pointer)(unsafe.Pointer(&u))
}
