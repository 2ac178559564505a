package ffi

import (
	"encoding/binary"
	"sync"
	"sync/atomic"
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
		var lbuf [8]callconv.Layout
		lays := lbuf[:0]
		if len(args) > len(lbuf) {
			lays = make([]callconv.Layout, 0, len(args))
		}
		for _, a := range args {
			if a.Kind() == types.KindArray {
				a = types.PointerTo(a.Elem())
			}
			lays = append(lays, layoutOf(a))
		}
		return plans.plan(layoutOf(rt), lays, nfixed)
	}
	c, err := newLibffiCall(rt, args, nfixed)
	if err != nil {
		return nil, err
	}
	libffiPlans.Add(1)
	return c, nil
}

// libffiPlans counts the libffi plans made: a test run with forceLibffi
// checks that it made one (a Func made before it keeps the other engine's
// plan, and would test nothing).
var libffiPlans atomic.Int64

// plans holds the engine's plans by signature: a plan is immutable once
// made (a leaf plan is a copy, Plan.WithLeaf), so every function of one C
// signature shares one, and binding the thousandth function of a shape
// costs a map lookup instead of a classification (BenchmarkFirstUse).
var plans planCache

// planCacheMax bounds the cache: a program that makes signatures without
// end (a code generator's) plans the ones past it each time.
const planCacheMax = 4096

type planCache struct {
	mu sync.RWMutex
	m  map[string]*callconv.Plan
}

// plan returns the plan of ret(args...), made once per signature.
func (c *planCache) plan(ret callconv.Layout, args []callconv.Layout, nfixed int) (*callconv.Plan, error) {
	var kbuf [128]byte
	key := binary.AppendVarint(kbuf[:0], int64(nfixed))
	key = appendLayoutKey(key, ret)
	for _, a := range args {
		key = appendLayoutKey(key, a)
	}
	c.mu.RLock()
	p := c.m[string(key)]
	c.mu.RUnlock()
	if p != nil {
		return p, nil
	}
	p, err := callconv.NewPlan(ret, args, nfixed)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.m == nil {
		c.m = make(map[string]*callconv.Plan)
	}
	if q := c.m[string(key)]; q != nil {
		p = q
	} else if len(c.m) < planCacheMax {
		c.m[string(key)] = p
	}
	c.mu.Unlock()
	return p, nil
}

// appendLayoutKey appends everything of l that a plan depends on.
func appendLayoutKey(b []byte, l callconv.Layout) []byte {
	var flags byte
	for i, f := range [...]bool{l.Aggregate, l.Float, l.Signed, l.Void} {
		if f {
			flags |= 1 << i
		}
	}
	b = append(b, flags)
	b = binary.AppendUvarint(b, uint64(l.Size))
	b = binary.AppendUvarint(b, uint64(l.Align))
	if !l.Aggregate {
		return b
	}
	b = binary.AppendUvarint(b, uint64(l.MemberAlign))
	b = binary.AppendUvarint(b, uint64(len(l.Leaves)))
	for _, f := range l.Leaves {
		b = binary.AppendUvarint(b, uint64(f.Offset))
		b = binary.AppendUvarint(b, uint64(f.Size)<<1|uint64(b2u(f.Float)))
	}
	return b
}

func b2u(b bool) uint8 {
	if b {
		return 1
	}
	return 0
}

// noescape hides p from the compiler's escape analysis. The engines keep
// no pointer they are given past the call, but the compiler cannot know it
// through the invoker interface; without this every call's argument array
// would move to the heap. It is the runtime's own (linknamed, as purego
// does; go.dev/issue/67401 keeps it so), which holds p in a register: a
// copy through a uintptr in memory, the usual trick, left a window where a
// stack copy did not adjust it, and C then wrote an output parameter into
// the old stack (found under -race, TestCallStackMovesBeforeC's scan).
//
//go:linkname noescape runtime.noescape
//go:noescape
func noescape(p unsafe.Pointer) unsafe.Pointer
