package ffi

import (
	"unsafe"

	"github.com/purectypes/ctypes/internal/callconv"
	"github.com/purectypes/ctypes/types"
)

// Output parameters in place. A Go pointer to a scalar given for a typed
// pointer argument (&n for an int*) may point into the caller's goroutine
// stack, since the arguments of CallAs do not escape; C must never hold
// such an address while a callback into Go can move that stack. Where the
// engine can, the pointer still goes to the engine as the argument's C
// value, in place (args[i] points to the interface's data word, which a
// stack copy adjusts), and the engine keeps C away from the stack itself:
//   - a leaf call cannot call back, and the System V leaf trampoline reads
//     the arguments after the last point where the stack can grow, so C
//     gets the pointer as it is (not on AAPCS64 and Win64, whose leaf
//     trampolines do not promise it: there the cells serve);
//   - the System V engine's plan made by Plan.WithOutCopies gives C a copy
//     on the system stack and writes it back through the pointer, moved
//     with the stack if it moved (internal/callconv/outcopy_amd64.go).
// Elsewhere, and when only some of the output parameters are given as Go
// pointers, they pass through the plan's cells (outCells, args.go).

// leafInPlace is a leaf plan that may be given goroutine-stack addresses
// (callconv's LeafArgsInPlace).
type leafInPlace interface {
	LeafArgsInPlace() bool
}

// outCopier is an engine plan that can copy output parameters itself.
type outCopier interface {
	WithOutCopies(outs []callconv.OutCopy) (*callconv.Plan, error)
}

// setOuts derives p.outEng and p.boxed from p.eng, once p.eng is final (a
// leaf declaration replaces it).
func (p *prepared) setOuts() {
	p.outEng, p.outIdx, p.outAny, p.boxed, p.boxedLeaf, p.boxes, p.readyN = nil, nil, false, nil, nil, nil, -1
	p.boxOuts, p.boxedS, p.boxedMode, p.ptrIdx, p.vpIdx = nil, nil, modeInvoke, nil, nil
	var outs, boxOuts []callconv.OutCopy
	for i := range p.args {
		a := &p.args[i]
		if a.how == convPtr {
			p.ptrIdx = append(p.ptrIdx, i)
			if a.box == twUnsafePointer {
				p.vpIdx = append(p.vpIdx, i)
			}
		}
		if a.out != noType || a.outSize != 0 {
			p.outIdx = append(p.outIdx, i)
			outs = append(outs, callconv.OutCopy{Arg: i, Size: a.outSize})
		}
		if a.out != noType {
			p.boxOuts = append(p.boxOuts, i)
			boxOuts = append(boxOuts, callconv.OutCopy{Arg: i, Size: a.outSize})
		}
	}
	// A leaf plan whose trampoline may be given goroutine-stack addresses
	// takes output parameters in place, its boxed form included.
	leaf, _ := p.eng.(*leafInvoker)
	leafIn := false
	if leaf != nil {
		l, ok := any(leaf.p).(leafInPlace)
		leafIn = ok && l.LeafArgsInPlace()
	}
	if b, ok := p.eng.(boxer); ok {
		if q, err := b.WithBoxedArgs(p.ptrIdx, boxOuts); err == nil {
			p.boxed = q
		}
		if p.boxed != nil && leaf == nil {
			p.boxedMode = directMode(p.boxed.Direct())
		}
		if len(outs) > len(boxOuts) && p.boxed != nil {
			if q, err := b.WithBoxedArgs(p.ptrIdx, outs); err == nil {
				p.boxedS = q
			}
		}
	}
	if leafIn {
		// Called through its direct trampoline, as the typed closures
		// call theirs.
		if b, ok := any(leaf.p).(boxer); ok {
			if q, err := b.WithBoxedArgs(p.ptrIdx, nil); err == nil {
				if p.boxedLeaf = q.LeafDirect(); p.boxedLeaf != nil {
					p.boxedMode = modeLeaf
					// It passes output parameters in place, a nil one as
					// NULL, as convert would: ready need not look for nil
					// ones (measured: 106 instructions a call of a16_outs,
					// 10 output parameters).
					p.boxOuts = nil
				}
			}
		}
	}
	if p.boxed != nil || p.boxedLeaf != nil {
		p.boxes = p.boxBuf[:0]
		if len(p.args) > len(p.boxBuf) {
			p.boxes = make([]boxWant, 0, len(p.args))
		}
		p.boxes = p.boxes[:len(p.args)]
		for i := range p.args {
			p.boxes[i].tw = p.args[i].box
		}
		if len(p.declared) == len(p.args) {
			p.readyN = len(p.args)
			for i, t := range p.declared {
				p.boxes[i].t = t
			}
		}
	}
	if p.cells == nil && p.typedPtr() {
		p.cells = new([maxOut]uint64) // output parameters, CallAs's array pointers (arrayArg)
	}
	if len(outs) == 0 {
		return
	}
	switch e := p.eng.(type) {
	case *leafInvoker:
		if leafIn {
			p.outEng, p.outAny = e, true
		}
	case outCopier:
		if q, err := e.WithOutCopies(outs); err == nil {
			p.outEng = q
		}
	}
}

// typedPtr reports whether an argument is a typed pointer (a pointer
// to a C type, which a Go pointer may be given for).
func (p *prepared) typedPtr() bool {
	for i := range p.args {
		if p.args[i].how == convPtr && p.args[i].pt.Kind() == types.KindPointer {
			return true
		}
	}
	return false
}

// outsInPlace reports whether this call's output parameters pass in place
// through p.outEng: a leaf plan's always; a copying plan's when every
// argument that can be one is given as a non-nil Go pointer of its type.
func (p *prepared) outsInPlace(args []any) bool {
	if p.outEng == nil {
		return false
	}
	if p.outAny {
		return true
	}
	for _, i := range p.outIdx {
		if e := (*eface)(unsafe.Pointer(&args[i])); !p.args[i].isOut(e.typ) || e.data == nil {
			return false
		}
	}
	return true
}

// inPlace returns the address of args[i]'s data word: the Go pointer of an
// output parameter passed in place, the argument's C value.
func inPlace(args []any, i int) unsafe.Pointer {
	return noescape(unsafe.Pointer(&(*eface)(unsafe.Pointer(&args[i])).data))
}
