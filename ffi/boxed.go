package ffi

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/internal/gostack"
)

// The boxed path: a Func.Call or CallAs call whose every argument already
// is, in its interface, what C takes (a float64 for a double, an int32 for
// an int, a Go struct of the C layout, an unsafe.Pointer or nil for a
// pointer, a Go pointer for an output parameter) hands the engine the
// caller's array of interfaces itself: a plan made by
// callconv.Plan.WithBoxedArgs reads each argument through its interface's
// data word (internal/callconv/boxed_amd64.go), so the call neither
// converts nor builds an array of pointers. The check is one or two
// type-word comparisons per argument. Where the engine has no boxed form
// (other platforms, plans without a loader), calls go through invoke's
// arrays as before.

// boxer is an engine plan that has a boxed form.
type boxer interface {
	WithBoxedArgs(ptrs []int, outs []callconv.OutCopy) (*callconv.Plan, error)
}

// outsGiven reports whether no output parameter that the boxed form
// copies (boxOuts) is nil in args (a NULL for one converts as any pointer
// does, off the boxed path).
func (p *prepared) outsGiven(args []any) bool {
	for _, i := range p.boxOuts {
		if (*eface)(unsafe.Pointer(&args[i])).data == nil {
			return false
		}
	}
	return true
}

// offStack reports whether no unsafe.Pointer among args' pointers points
// into the calling goroutine's stack: the boxed path hands them to C as
// they are, and convert refuses such an address (see stackPointer). Its
// callers check it after allBoxed or allBoxedS (readyOffStack after
// ready), which it would make non-leaf functions (a frame and spills on
// every call: measured 8 instructions more for an iadd, which has no
// pointer).
func (p *prepared) offStack(args []any) bool {
	return len(p.ptrIdx) == 0 || offStackAt(p.ptrIdx, args)
}

// readyOffStack is offStack for arguments ready accepted: only those of
// vpIdx can be unsafe.Pointers (an output parameter's must be its Go
// pointer type), so that an out-parameter's call checks nothing more.
func (p *prepared) readyOffStack(args []any) bool {
	return len(p.vpIdx) == 0 || offStackAt(p.vpIdx, args)
}

// offStackAt is offStack's loop over the arguments idx.
func offStackAt(idx []int, args []any) bool {
	for _, i := range idx {
		if e := (*eface)(unsafe.Pointer(&args[i])); e.typ == twUnsafePointer && gostack.Contains(e.data) {
			return false
		}
	}
	return true
}

// allBoxed reports whether every argument passes on the boxed path: its
// type word is the plan's box (p.boxes, one per argument, so that
// the commonest check is one comparison in a tight loop), box2 or a
// checked Go struct (boxedOther), and an output parameter's pointer is
// not nil. The caller checked len(args) == len(p.args).
func (p *prepared) allBoxed(args []any) bool {
	tws := p.boxes
	args = args[:len(tws)] // no bounds checks in the loop
	for i := range tws {
		if (*eface)(unsafe.Pointer(&args[i])).typ != atomic.LoadUintptr(&tws[i].tw) && !p.boxedOther(args, i) {
			return false
		}
	}
	return p.outsGiven(args)
}

// allBoxedS reports whether args pass on p.boxedS: every struct pointer
// given as its learnt Go *S (outGo), not nil, and every other argument as
// allBoxed wants it. The caller checked that p.boxedS is set and
// len(args) == len(p.args).
func (p *prepared) allBoxedS(args []any) bool {
	tws := p.boxes
	args = args[:len(tws)]
	for i := range tws {
		e, a := (*eface)(unsafe.Pointer(&args[i])), &p.args[i]
		if a.out == noType && a.outSize != 0 {
			if e.typ != atomic.LoadUintptr(&a.outGo) || e.data == nil {
				return false
			}
			continue
		}
		if e.typ != atomic.LoadUintptr(&tws[i].tw) && !p.boxedOther(args, i) {
			return false
		}
	}
	return p.outsGiven(args)
}

// boxedOther reports whether argument i, not of the type word p.boxes[i].tw,
// passes on the boxed path all the same: box2, or a Go struct of the
// C layout. A struct argument's box is the Go struct type last seen (a
// struct has no box of its own): the next call of the same type takes
// one comparison. (p.boxes' type words are read and written atomically.)
func (p *prepared) boxedOther(args []any, i int) bool {
	a, tw := &p.args[i], (*eface)(unsafe.Pointer(&args[i])).typ
	if tw == a.box2 {
		return true
	}
	if a.how == convPtr {
		// A Go struct pointer for a struct pointer (outGo), in a leaf
		// call, which takes it in place (see boxOuts).
		return p.boxedLeaf != nil && a.outSize != 0 && a.out == noType && tw == atomic.LoadUintptr(&a.outGo)
	}
	if tw != atomic.LoadUintptr(&a.goStruct) {
		return false
	}
	if a.how == convAgg {
		atomic.StoreUintptr(&p.boxes[i].tw, tw)
	}
	return true
}

// callBoxed calls fn on the boxed path with the result's room at ret (nil
// for void): CallAs's own way when R is the result's C value.
func (p *prepared) callBoxed(fn uintptr, args []any, ret unsafe.Pointer) {
	if p.boxedLeaf != nil { // arguments and a result (setOuts)
		fr := callconv.LeafFrame{Fn: fn, Args: unsafe.Pointer(unsafe.SliceData(args)), Hdr: p.boxedLeaf, Ret: ret} // (none: not read)
		callconv.LeafStore64K(&fr)
		return
	}
	if len(args) == 0 {
		p.boxed.Invoke(fn, nil, ret)
		return
	}
	p.boxed.Invoke(fn, (*unsafe.Pointer)(unsafe.Pointer(&args[0])), ret)
	runtime.KeepAlive(args) // the boxes C reads
}
