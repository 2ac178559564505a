package ffi

import (
	"runtime"
	"sync/atomic"
	"unsafe"

	"github.com/purectypes/ctypes/internal/gostack"
	"github.com/purectypes/ctypes/types"
)

// Func.Call and CallAs calls convert their arguments in scratch on their
// own stack: arrays for up to smallArgs arguments, or frameArgs, sized
// so that the commonest calls zero little; longer calls use heap scratch.
const (
	smallArgs = 8
	frameArgs = 32
)

// invoke converts the arguments into their C values and makes the call
// through the engine the signature was planned for (see engine.go), the
// one path of Func.Call and CallAs. When every argument already is its C
// value in its interface box (see allDirect) the call takes no conversion
// at all; otherwise convert converts.
func (p *prepared) invoke(f *target, args []any, out *result) error {
	if p.boxes != nil && p.allBoxed(args) && p.offStack(args) { // a boxed form (setOuts)
		p.invokeBoxed(f, args, out)
		return nil
	}
	if p.boxedS != nil && p.allBoxedS(args) && p.offStack(args) { // Go struct pointers copied too
		ret := out.dst
		if ret == nil && p.resKind != types.KindVoid {
			ret = p.resultMem(out) // may allocate: before args' address is taken
		}
		p.boxedS.Invoke(f.addr, (*unsafe.Pointer)(unsafe.Pointer(&args[0])), ret)
		runtime.KeepAlive(args) // the boxes C reads
		return nil
	}
	switch n := len(p.args); {
	case n <= smallArgs:
		var ps [smallArgs + 1]unsafe.Pointer
		if !p.hasPtr && p.allDirect(args, ps[:]) {
			ret := out.dst
			if ret == nil && p.resKind != types.KindVoid {
				ret = p.resultMem(out)
			}
			p.eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(ret))
			runtime.KeepAlive(args) // the boxes C reads
			return nil
		}
		var words [smallArgs + 1]uint64
		if p.hasPtr && p.directOut(f, args, out, ps[:], words[:]) {
			return nil
		}
		return p.convert(f, args, out, ps[:], words[:])
	case n <= frameArgs:
		var ps [frameArgs + 1]unsafe.Pointer
		if !p.hasPtr && p.allDirect(args, ps[:]) {
			ret := out.dst
			if ret == nil && p.resKind != types.KindVoid {
				ret = p.resultMem(out)
			}
			p.eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(ret))
			runtime.KeepAlive(args) // the boxes C reads
			return nil
		}
		var words [frameArgs + 1]uint64
		if p.hasPtr && p.directOut(f, args, out, ps[:], words[:]) {
			return nil
		}
		return p.convert(f, args, out, ps[:], words[:])
	default:
		return p.convert(f, args, out, make([]unsafe.Pointer, n+1), make([]uint64, n+1))
	}
}

// invokeBoxed makes the call on the boxed path.
func (p *prepared) invokeBoxed(f *target, args []any, out *result) {
	ret := out.dst
	if ret == nil && p.resKind != types.KindVoid {
		ret = p.resultMem(out) // may allocate: before args' address is taken
	}
	p.callBoxed(f.addr, args, ret)
}

// allDirect reports whether every argument is, in its interface box, its
// C value (a float64 for a double, an int32 for an int, a Go struct
// already seen to have the C layout), and if so stores the boxes'
// addresses in ps: one or two type-word comparisons per argument. The
// caller checked that len(args) == len(p.args) < len(ps).
func (p *prepared) allDirect(args []any, ps []unsafe.Pointer) bool {
	as := p.args
	args, ps = args[:len(as)], ps[:len(as)] // no bounds checks in the loop
	for i := range as {
		e := (*eface)(unsafe.Pointer(&args[i]))
		a := &as[i]
		if e.typ != a.direct && e.typ != a.direct2 && e.typ != atomic.LoadUintptr(&a.goStruct) {
			return false
		}
		ps[i] = noescape(e.data)
	}
	return true
}

// directOut makes the call, for a plan with pointer arguments, when every
// argument is its C value in its box (as for allDirect), an unsafe.Pointer
// or nil for a pointer, or an output parameter of the plan's own pointer
// type (a *int32 for an int*): in the plan's cells, claimed with one
// compare-and-swap (see outCells), or in place where the engine copies
// them (outparams.go). It reports false, having called nothing, for any
// other argument or when another call holds the cells; convert does the
// rest.
func (p *prepared) directOut(f *target, args []any, out *result, ps []unsafe.Pointer, words []uint64) bool {
	// First the addresses (the cells' included), with no atomic operation
	// in the loop; then the cells claimed and filled.
	k := 0
	var outArg [maxOut]uint8 // the argument of each cell (len(p.args) <= frameArgs)
	as, cells := p.args, p.cells
	args, ps, words = args[:len(as)], ps[:len(as)], words[:len(as)]
	eng, inPl := p.eng, p.outsInPlace(args)
	if inPl {
		eng = p.outEng
	}
	for i := range as {
		a := &as[i]
		e := (*eface)(unsafe.Pointer(&args[i]))
		switch {
		case e.typ == a.direct || e.typ == a.direct2 || e.typ == atomic.LoadUintptr(&a.goStruct):
			ps[i] = noescape(e.data)
			continue
		case a.how == convPtr && (e.typ == 0 || e.typ == twUnsafePointer && !gostack.Contains(e.data)):
			// Passed as is (see types.Type.PointerBits); nil is NULL.
			words[i] = uint64(uintptr(noescape(e.data)))
		case !a.isOut(e.typ) || e.data == nil:
			return false
		case inPl:
			ps[i] = inPlace(args, i)
			continue
		case a.outSize > 8:
			return false // a struct's copy: convert's cells (outCells)
		case k < maxOut && cells != nil:
			words[i] = uint64(uintptr(unsafe.Pointer(&cells[k])))
			outArg[k] = uint8(i)
			k++
		default:
			return false
		}
		ps[i] = noescape(unsafe.Pointer(&words[i]))
	}
	if k > 0 {
		if !p.cellBusy.CompareAndSwap(0, 1) {
			return false // another call holds the cells: convert gives this one its own
		}
		for j, i := range outArg[:k] {
			copyScalar(unsafe.Pointer(&cells[j]), (*eface)(unsafe.Pointer(&args[i])).data, as[i].outSize)
		}
	}
	ret := out.dst
	if ret == nil && p.resKind != types.KindVoid {
		ret = p.resultMem(out)
	}
	eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), noescape(ret))
	if k > 0 {
		// The cells back to the Go pointers.
		for j, i := range outArg[:k] {
			copyScalar((*eface)(unsafe.Pointer(&args[i])).data, unsafe.Pointer(&cells[j]), as[i].outSize)
		}
		p.cellBusy.Store(0)
	}
	runtime.KeepAlive(args)
	return true
}

// convert converts the arguments into their C values, their addresses in
// ps, and calls. A Go value already in C's representation (a float64 for a
// double, an int32 for an int, a Go struct of the C layout, a *types.Value)
// is handed to the engine where it is, in its interface box: one
// comparison of the interface's type word with the plan's (directWords);
// the rest is converted into words. The engine reads both before the C
// call. Every pointer stored in ps is hidden from escape analysis (the
// caller's stack arrays must stay there), and so are the arguments: their
// boxes and what they point to may be on the caller's stack. Go memory
// whose address C keeps for the call is therefore on the heap (a
// *types.Value's, a slice's, a string copy) or is an output parameter's
// cell (see outCells), never on a goroutine stack that a callback could
// move. (An output parameter's address is a number in words, which a stack
// copy would not adjust, so it is never a goroutine stack address, not even
// in a leaf call: the stack may still grow on the way to the C call.)
func (p *prepared) convert(f *target, args []any, out *result, ps []unsafe.Pointer, words []uint64) error {
	n := len(p.args)
	args, ps, words = args[:n], ps[:n+1], words[:n] // the caller checked the count
	var cells outCells
	// keep holds Go memory made for this call (string copies) until C
	// returns.
	var keep keepSet
	eng, inPl := p.eng, p.outsInPlace(args)
	if inPl {
		eng = p.outEng
	}
	for i := range p.args {
		a := &p.args[i]
		e := (*eface)(unsafe.Pointer(&args[i]))
		switch {
		case e.typ == a.direct || e.typ == a.direct2:
			ps[i] = noescape(e.data)
			continue
		case e.data != nil && a.isOut(e.typ) && (inPl || a.out != noType || cells.fits(a.outSize)):
			// (A struct's copy that the cells cannot hold goes to the
			// heap: slowArg.)
			if inPl {
				ps[i] = inPlace(args, i)
				continue
			}
			if c := cells.add(p, i, noescape(e.data), a.outSize); c != nil {
				words[i] = uint64(uintptr(c))
			} else {
				cells.release(p)
				return f.argError(i, a, args[i], errTooManyOut)
			}
		default: // the rest, a nil output parameter included (as PointerBits says)
			ps[i] = nil
			if err := p.slowArg(f, i, args[i], &cells, &keep, &words[i], &ps[i]); err != nil {
				cells.release(p)
				return err
			}
			if ps[i] != nil {
				continue
			}
		}
		ps[i] = noescape(unsafe.Pointer(&words[i]))
	}
	// The result's memory first: making a Value may grow (move) this
	// stack, and noescape's uintptr would keep &ps[0] across it unadjusted.
	ret := noescape(p.resultMem(out))
	eng.Invoke(f.addr, (*unsafe.Pointer)(noescape(unsafe.Pointer(&ps[0]))), ret)
	if cells.n > 0 {
		cells.copyBack(p, args)
	}
	if keep.copies != nil {
		keep.copyBack(args)
	}
	// Everything the arguments point to stays alive until C has returned.
	runtime.KeepAlive(args)
	runtime.KeepAlive(&keep)
	return nil
}

// slowArg converts argument i, x, when it is not already a C value: into
// *word (the caller points ps[i] at it) or, for a struct by value, by
// setting *pi to the struct's memory. Go memory made for the call (a
// string's copy) goes into keep.
func (p *prepared) slowArg(f *target, i int, x any, cells *outCells, keep *keepSet, word *uint64, pi *unsafe.Pointer) error {
	a := &p.args[i]
	switch a.how {
	case convPtr:
		switch e := (*eface)(unsafe.Pointer(&x)); e.typ {
		case 0:
			*word = 0
			return nil
		case twUnsafePointer:
			if !gostack.Contains(e.data) {
				*word = uint64(uintptr(e.data)) // passed as is (see types.Type.PointerBits)
				return nil
			} // else PointerBits's error (stackPointer)
		}
		isPtr := a.pt.Kind() == types.KindPointer
		if isPtr {
			if k := loadArrayKind(a); k != nil && k.typ == (*eface)(unsafe.Pointer(&x)).typ {
				p.arrayArg(i, k, x, cells, keep, word)
				return nil
			}
		}
		addr, k, dst, size, err := pointerArg(a, x)
		if err != nil {
			if isPtr {
				// A Go slice or array pointer of the pointee's layout.
				if ak, ok, aerr := arrayFor(a, x); ok {
					if aerr != nil {
						return f.argError(i, a, x, aerr)
					}
					p.arrayArg(i, ak, x, cells, keep, word)
					return nil
				}
			}
			return f.argError(i, a, x, err)
		}
		if dst != nil {
			dst = noescape(dst)
			c := cells.add(p, i, dst, size)
			if c == nil {
				return f.argError(i, a, x, errTooManyOut)
			}
			*word = uint64(uintptr(c))
			return nil
		}
		if k != nil {
			keep.add(k)
		}
		*word = uint64(addr)
	case convAgg:
		if d := quickAggregate(a, x); d != nil {
			*pi = noescape(d)
			return nil
		}
		v, err := aggregateArg(a, x)
		if err != nil {
			return f.argError(i, a, x, err)
		}
		*pi = noescape(aggregateArgMem(v, x))
	default:
		if v, ok := x.(int); ok && a.how == convInt32 && int(int32(v)) == v {
			*word = uint64(v) // the commonest conversion: a Go int for a C int
			return nil
		}
		bits, err := scalarBits(a, x)
		if err != nil {
			return f.argError(i, a, x, err)
		}
		*word = bits
	}
	return nil
}

// resultMem returns where the engine stores the result: out.bits for a
// scalar (its low bytes: the engines are little-endian) or CallAs's R
// (out.dst), a Go struct (out.dst) or a new Value's memory for a struct or
// union, nil for void.
func (p *prepared) resultMem(out *result) unsafe.Pointer {
	switch p.resKind {
	case types.KindVoid:
		return nil
	case types.KindStruct, types.KindUnion:
		if out.dst != nil {
			return out.dst
		}
		out.val = types.New(p.restype) // the Value Call returns
		return out.val.UnsafePointer()
	}
	if out.dst != nil {
		return out.dst // CallAs's R, of the C layout (see resultDirect)
	}
	return unsafe.Pointer(&out.bits)
}
