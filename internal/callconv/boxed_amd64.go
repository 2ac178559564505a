//go:build linux && amd64

package callconv

import (
	"errors"
	"unsafe"
)

// Boxed arguments: a plan whose calls read the arguments straight from the
// caller's array of Go interface values (ffi's `args ...any`), so that a
// call whose every argument already is its C value in its box builds no
// array of pointers: Invoke's args is the address of the first interface.
// Interface i's data word, at 16i+8, points to argument i's C value (a
// float64's box for a double, a Go struct of the C layout); for a pointer
// argument the data word is itself the C value (an unsafe.Pointer, or the
// Go pointer of an output parameter, which is then copied as
// WithOutCopies does). The moves are the plan's with argOff moved to the
// data words, those of pointer arguments marked movAddr; only compiled code
// reads them (loader_amd64.go): a boxed plan always has a loader, and its
// trampoline is a caller or the general one's loader path, never the
// moves loop, which does not know the mark.

// movAddr marks a boxed move whose argument's C value is at argOff itself
// (the data word of a pointer's interface), not at the address stored
// there.
const movAddr = 1 << 31

// errNoBoxed: the plan has no boxed form (no loader could be made).
var errNoBoxed = errors.New("callconv: no boxed form")

// rebase returns a copy of p whose moves read argument i's C value at
// at(i) from the address Invoke is given for args: there itself if at
// marks it movAddr, else at the address stored there. Its loader (a
// leaf plan's included) and trampoline are made again (the caller makes
// its caller); errNoBoxed when no loader can be.
func (p *Plan) rebase(at func(i uint32) uint32) (*Plan, error) {
	q := *p
	q.addrMoves = true
	q.moves = make([]move, len(p.moves))
	for k, m := range p.moves {
		m.argOff = at(m.argOff / uint32(unsafe.Sizeof(uintptr(0))))
		q.moves[k] = m
	}
	q.movesAt = unsafe.Pointer(&q.moves[0])
	q.loader = 0
	q.buildLoader()
	if q.loader == 0 {
		return nil, errNoBoxed
	}
	if q.leaf != 0 && q.ret == retMemory && q.hdr.leafRet == leafStoreMem {
		// A leaf plan's loader also loads the hidden result pointer.
		if q.loader = sretLeafLoader(q.moves); q.loader == 0 {
			return nil, errNoBoxed
		}
	}
	q.regsCaller = false
	q.setExec()
	q.hdr.moves, q.hdr.loader = q.movesAt, q.loader
	return &q, nil
}

// WithBoxedArgs returns a copy of p that reads its arguments from an array
// of Go interfaces (see above): ptrs lists the pointer arguments (0-based),
// passed as their interface's data word, and outs those of them to copy as
// output parameters (a subset of ptrs). It fails if p has no such form.
func (p *Plan) WithBoxedArgs(ptrs []int, outs []OutCopy) (*Plan, error) {
	var kb [64]byte
	return derive(p, outsKey(kb[:0], 'b', ptrs, outs), func() (*Plan, error) { return p.withBoxedArgs(ptrs, outs) })
}

func (p *Plan) withBoxedArgs(ptrs []int, outs []OutCopy) (*Plan, error) {
	if p.leaf != 0 && len(outs) > 0 {
		// A leaf plan stays leaf (its trampolines call the loader), but
		// copies output parameters nowhere: the caller passes none (a
		// leaf call may take them in place, LeafArgsInPlace).
		return nil, errNoBoxed
	}
	if len(p.args) == 0 {
		q := *p // reads no argument: the plan itself
		return &q, nil
	}
	if len(p.moves) == 0 || !useLoaders {
		return nil, errNoBoxed
	}
	isPtr := make([]bool, len(p.args))
	for _, i := range ptrs {
		if i < 0 || i >= len(p.args) || p.args[i].aggregate || p.args[i].size != 8 {
			return nil, errNoBoxed
		}
		isPtr[i] = true
	}
	for _, o := range outs {
		if o.Arg < 0 || o.Arg >= len(p.args) || !isPtr[o.Arg] {
			return nil, errNoBoxed
		}
	}
	q, err := p.rebase(func(i uint32) uint32 {
		if isPtr[i] {
			return (16*i + 8) | movAddr
		}
		return 16*i + 8
	})
	if err != nil {
		return nil, err
	}
	if len(outs) == 0 {
		q.buildCaller()
		return q, nil
	}
	if p.ret == retMemory {
		return nil, errNoBoxed
	}
	return q.withOutCopies(outs)
}
