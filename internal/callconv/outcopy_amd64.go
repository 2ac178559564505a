//go:build linux && amd64

package callconv

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"unsafe"
)

// Output parameters copied on the system stack. A Go pointer handed to C
// must stay valid for the whole call, but the variable it points to may be
// on the goroutine stack (the caller's `var n int32; f(&n)`), which a
// callback into Go can grow, and so move, while C runs: C would then write
// into freed stack. A plan made by WithOutCopies gives C, for each output
// parameter, the address of a copy on the system stack instead, in the
// trampoline's own frame, which nothing moves; the trampoline fills the
// copy from the Go variable before the call and writes it back after,
// through the pointer moved by as much as the goroutine stack moved (the
// correction a MEMORY-class result already gets, exec_amd64.s). The ffi
// package used to do this with one set of cells per plan, claimed with an
// atomic compare-and-swap and released with an atomic store: two locked
// instructions and about 200 more per call.

// outRec is one copied output parameter; its layout is known to
// exec_amd64.s.
type outRec struct {
	dstOff uint32 // the offset of the pointer's word in the call's word block
	size   uint32 // what it points to: 1 to outCopyMax bytes
}

// outCopyMax is the most bytes one output parameter's copy holds (a
// struct given by a Go pointer), outsMax all of a call's copies.
const (
	outCopyMax = 128
	outsMax    = 512
)

// outArea returns the bytes of the out caller's frame below its spare
// word that outs take (outsIn): each out its Go pointer's word and its
// copy's words, rounded up to 16 bytes.
func outArea(outs []outRec) uint32 {
	n := uint32(0)
	for _, o := range outs {
		n += outWords(o)
	}
	return (n + 15) &^ 15
}

// outWords is the bytes of one out's pointer word and copy.
func outWords(o outRec) uint32 { return 8 + (o.size+7)&^7 }

// WithOutCopies returns a copy of p whose calls pass each of outs by a copy
// on the system stack (see above): the argument's C value is still the
// Go pointer (args[Arg] points to it), and C gets the copy's address. The
// plan runs in an out caller of its own (below); without one (no loader,
// a MEMORY-class result) there is no such plan.
func (p *Plan) WithOutCopies(outs []OutCopy) (*Plan, error) {
	var kb [64]byte
	return derive(p, outsKey(kb[:0], 'o', nil, outs), func() (*Plan, error) { return p.withOutCopies(outs) })
}

func (p *Plan) withOutCopies(outs []OutCopy) (*Plan, error) {
	q := *p
	q.regsCaller, q.exec, q.leaf, q.hdr.leafRet = false, execABI0, 0, 0
	q.retOp = q.generalRetOp()
	recs := make([]outRec, len(outs))
	total := uintptr(0)
	for j, o := range outs {
		if o.Arg < 0 || o.Arg >= len(p.args) || p.args[o.Arg].aggregate || p.args[o.Arg].size != 8 {
			return nil, fmt.Errorf("callconv: output parameter %d is not a pointer argument", o.Arg+1)
		}
		if o.Size == 0 || o.Size > outCopyMax {
			return nil, fmt.Errorf("callconv: output parameter %d points to %d bytes (1 to %d)", o.Arg+1, o.Size, outCopyMax)
		}
		if total += o.Size; total > outsMax {
			return nil, fmt.Errorf("callconv: output parameters of over %d bytes", outsMax)
		}
		recs[j] = outRec{dstOff: uint32(p.args[o.Arg].slot * 8), size: uint32(o.Size)}
	}
	q.outRecs = recs
	if p.loader == 0 || p.ret == retMemory {
		return nil, errNoOutCaller
	}
	if q.buildOutCaller(); q.exec == execABI0 {
		return nil, errNoOutCaller
	}
	return &q, nil
}

// errNoOutCaller: the plan's output parameters cannot be copied by a
// caller of its own (no loader, a MEMORY-class result, no code page): ffi
// passes them through its cells.
var errNoOutCaller = errors.New("callconv: no out caller")

// Out callers: a plan with output copies runs in a caller of its own, the
// copies written out like the loads (compileOutCaller), as a plan with a
// loader and a result in registers does (loader_amd64.go). It runs with DI = an execFrame (sp set, see
// Invoke) and stores the result registers in its res, as
// compileRegsCaller does; deduplicated like the other callers.

// buildOutCaller sets p.exec to p's out caller, made or found; it leaves
// p.exec alone if none can be made.
func (p *Plan) buildOutCaller() {
	key := movesKey(p.moves) +
		string([]byte{byte(p.nsse), byte(p.stackWords), byte(p.stackWords >> 8), 'o'}) +
		unsafe.String((*byte)(unsafe.Pointer(&p.outRecs[0])), len(p.outRecs)*int(unsafe.Sizeof(outRec{})))
	if addr, ok := callerFor(key, func() ([]byte, bool) {
		return compileOutCaller(p.moves, p.stackWords, p.nsse, p.outRecs)
	}); ok {
		p.exec = addr
	}
}

// The execFrame words an out caller reads and writes.
const (
	frameSP  = uint32(unsafe.Offsetof(execFrame{}.sp))
	frameRet = uint32(unsafe.Offsetof(execFrame{}.ret))
	frameRes = uint32(unsafe.Offsetof(execFrame{}.res))
)

// outSpare is the rbp offset of an out caller's spare word (below the two
// pushed registers and fn's word): below it each out in turn, its pointer
// saved in a word and its copy in the words above that (outWords).
const outSpare = -32

// compileOutCaller writes the out caller of a plan with these moves,
// stack words, vector registers and copied output parameters.
func compileOutCaller(moves []move, nstack, nsse int, outs []outRec) ([]byte, bool) {
	return compileResCaller(moves, nstack, nsse, outs, frameRes)
}

// copyBytes appends the copy of size bytes from [src+srcOff] to
// [dst+dstOff] through tmp, in moves of 8, 4, 2 and 1 bytes.
func (a *asm) copyBytes(tmp, src byte, srcOff uint32, dst byte, dstOff, size uint32) {
	for off := uint32(0); off < size; {
		n := uint32(8)
		for n > size-off {
			n /= 2
		}
		a.load(copyOp(n), tmp, src, srcOff+off)
		a.store(uintptr(n), tmp, dst, dstOff+off)
		off += n
	}
}

// copyOp is the load of an out's size bytes.
func copyOp(size uint32) uint32 {
	switch size {
	case 8:
		return uint32(opW8)
	case 4:
		return uint32(opU4)
	case 2:
		return uint32(opU2)
	}
	return uint32(opU1)
}

// outsIn appends, after the moves, each out's copy: its Go pointer (in
// its register or stack word) saved in its word below rbp+spare (the
// first's at spare-outWords), what it points to copied 8 bytes above,
// and the copy's address put in its place. It uses rax and r10.
func (a *asm) outsIn(outs []outRec, spare int32) bool {
	const sp, bp = 4, 5
	end := spare
	for _, o := range outs {
		end -= int32(outWords(o))
		at := uint32(end)
		slot := int(o.dstOff / 8)
		r := byte(regR10)
		switch {
		case slot < firstSSE:
			r = intArgReg[slot]
		case slot >= numRegs:
			a.load(uint32(opW8), regR10, sp, uint32((slot-numRegs)*8))
		default:
			return false
		}
		a.store(8, r, bp, at)                      // the Go pointer, kept
		a.copyBytes(regAX, r, 0, bp, at+8, o.size) // what it points to
		a.rex(true, r, bp)                         // lea r, [rbp+at+8]
		a.bytes(0x8D)
		a.modDisp(r, bp, at+8)
		if slot >= numRegs {
			a.store(8, regR10, sp, uint32((slot-numRegs)*8))
		}
	}
	return true
}

// outsBack appends the copies' return to Go memory, after the call with
// rax = how far the goroutine stack moved and rbx = the (moved) frame: a
// pointer between frame.sp and the stack's old top (r12) moved with the
// stack and is moved as much. It uses rcx, rdx, rsi, r8 and r11.
func (a *asm) outsBack(outs []outRec) {
	const bp = 5
	if len(outs) == 0 {
		return
	}
	a.stackRange()
	end := int32(outSpare)
	for _, o := range outs {
		end -= int32(outWords(o))
		at := uint32(end)
		a.load(uint32(opW8), regSI, bp, at) // rsi = the Go pointer as it was
		a.followStack()
		a.copyBytes(regCX, bp, at+8, regSI, 0, o.size)
	}
}

// generalRetOp is how Invoke stores the result of p run in the general
// trampoline, which returns nothing through cgocall (setExec's choice
// without exec_ret32).
func (p *Plan) generalRetOp() uint8 {
	switch {
	case p.ret == retVoid || p.ret == retMemory:
		return retNone
	case p.ret == retInt && p.retSize == 8:
		return retRAX8
	case p.ret == retInt && p.retSize == 4:
		return retRAX4
	case p.ret == retSSE && p.retSize == 8:
		return retXMM8
	case p.ret == retSSE && p.retSize == 4:
		return retXMM4
	case p.ret == retParts:
		return p.partsRetOp()
	}
	return retOther
}

// partsRetOp is generalRetOp for a small aggregate: one register's
// eightbyte as a scalar of its size is, two whole eightbytes (retPair), or
// an eightbyte and 4 bytes (retPair4).
func (p *Plan) partsRetOp() uint8 {
	pt := p.retParts[:p.nretParts]
	switch {
	case len(pt) == 1 && pt[0].off == 0 && pt[0].size == p.retSize:
		switch {
		case pt[0].slot == 0 && pt[0].size == 8:
			return retRAX8
		case pt[0].slot == 0 && pt[0].size == 4:
			return retRAX4
		case pt[0].slot == 2 && pt[0].size == 8:
			return retXMM8
		case pt[0].slot == 2 && pt[0].size == 4:
			return retXMM4
		}
	case len(pt) == 2 && pt[0].off == 0 && pt[0].size == 8 && pt[1].off == 8 && pt[1].size == 8:
		return retPair
	case len(pt) == 2 && pt[0].off == 0 && pt[0].size == 8 && pt[1].off == 8 && pt[1].size == 4:
		return retPair4
	}
	return retOther
}

// derived holds the plans WithOutCopies and WithBoxedArgs made, by base
// plan and arguments: the base plans are shared by every function of a C
// signature (ffi's plan cache), so their derived plans are too, and
// binding the thousandth function of a shape compiles nothing. Bounded
// like ffi's cache: past derivedMax base plans a plan is derived each
// time.
var derived struct {
	sync.Mutex
	m map[*Plan]map[string]*Plan
}

const derivedMax = 8192

// derive returns the plan of base and key, made by build once.
func derive(base *Plan, key []byte, build func() (*Plan, error)) (*Plan, error) {
	derived.Lock()
	q := derived.m[base][string(key)]
	derived.Unlock()
	if q != nil {
		return q, nil
	}
	q, err := build()
	if err != nil {
		return nil, err
	}
	derived.Lock()
	defer derived.Unlock()
	if old := derived.m[base][string(key)]; old != nil {
		return old, nil
	}
	if derived.m == nil {
		derived.m = make(map[*Plan]map[string]*Plan)
	}
	byKey := derived.m[base]
	if byKey == nil && len(derived.m) < derivedMax {
		byKey = make(map[string]*Plan)
		derived.m[base] = byKey
	}
	if byKey != nil {
		byKey[string(key)] = q
	}
	return q, nil
}

// outsKey appends ptrs and outs, encoded for derive, to b.
func outsKey(b []byte, kind byte, ptrs []int, outs []OutCopy) []byte {
	b = append(b, kind)
	for _, i := range ptrs {
		b = binary.AppendUvarint(b, uint64(i))
	}
	b = append(b, 0xFF)
	for _, o := range outs {
		b = binary.AppendUvarint(b, uint64(o.Arg))
		b = append(b, byte(o.Size))
	}
	return b
}
