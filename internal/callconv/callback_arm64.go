//go:build arm64 && (linux || darwin)

package callconv

import (
	"errors"
	"fmt"
	"unsafe"
)

// C-callable callback entries of the AAPCS64 engine's own, without libffi.
//
// An entry is a thunk of a few instructions: it loads its index into x9
// and jumps to purectypes_callconv_callback_a64 (callback_arm64.s), which
// saves the
// argument registers in a CallbackFrame and calls the handler set with
// [SetCallbackHandler] through crosscall2, as cgo's exported functions do
// (an extra M is taken on a thread Go has never seen). The handler finds
// what to run by the index and decodes the arguments with the callback's
// Plan, the same classification a call of that signature uses.
//
// On Linux the thunks are in pages filled while writable, then made
// read+execute (mprotect) with the instruction cache synchronised before
// any is used: never writable and executable at once, never rewritten
// (entries_linux_arm64.go). On darwin they are a table in the text segment
// (entries_darwin_arm64.go, callback_table_arm64.s).

// CallbackFrame is what the callback entry passes to the handler: the
// thunk's index, the argument registers x0-x7, x8 (the address of an
// indirect result) and d0-d7, the address of the first stack argument, and
// the result registers the handler fills (x0, x1, d0-d3). Its layout is
// known to callback_arm64.s.
//
// The rest is scratch for [Plan.Decode]: the argument addresses handed to
// the handler and the buffers for values assembled from registers (HFAs of
// floats, at most four of which fit in v0-v7). It is C stack memory, so
// pointers into it never make Go memory escape. (It is kept small: the
// entry's frame counts against the linker's limit for functions that do
// not grow the stack, which the entry, on a C stack, is.)
type CallbackFrame struct {
	Index uintptr
	x     [a64NumRegs]uint64
	x8    uint64
	v     [a64NumRegs]uint64
	stack uintptr
	ret   [6]uint64
	argv  [MaxFrameArgs + 1]uintptr
	bufs  [a64NumRegs / 2][2]uint64
	rbuf  [2]uint64
}

// MaxFrameArgs is how many arguments [Plan.Decode] decodes in the frame's
// scratch; callbacks with more use [Plan.ArgAddr] with buffers of their own.
const MaxFrameArgs = 16

// Decode fills the frame's scratch with the address of each argument's C
// value and returns the array of those addresses (libffi's avalue layout)
// and where the handler stores the result (see [Plan.ResultAddr]). ok is
// false when the plan has more than MaxFrameArgs arguments.
func (p *Plan) Decode(cf *CallbackFrame) (argv, ret unsafe.Pointer, ok bool) {
	if len(p.sig.args) > MaxFrameArgs {
		return nil, nil, false
	}
	nb := 0
	for i := range p.sig.args {
		if !p.sig.args[i].assembled() {
			cf.argv[i] = uintptr(p.ArgAddr(cf, i, nil))
			continue
		}
		cf.argv[i] = uintptr(p.ArgAddr(cf, i, &cf.bufs[nb]))
		nb++
	}
	return unsafe.Pointer(&cf.argv[0]), p.ResultAddr(cf, &cf.rbuf), true
}

// Encode moves the result the handler left in the frame's scratch (see
// [Plan.Decode]) into the result registers.
func (p *Plan) Encode(cf *CallbackFrame) { p.SetResult(cf, &cf.rbuf) }

// callbackHandler is the Go function the entry calls (through crosscall2).
// It must be a top-level function: the entry calls its code pointer
// without a closure context.
var callbackHandler func(*CallbackFrame)

// SetCallbackHandler sets the Go function every callback entry calls. It
// must be called once, before the first entry is made.
func SetCallbackHandler(h func(*CallbackFrame)) { callbackHandler = h }

// tableThunks is how many entries the text segment's table has
// (callback_table_arm64.s), each of tableThunkSize bytes: Apple's systems
// do not run code written at run time outside MAP_JIT regions, so on
// darwin these are the entries (entries_darwin_arm64.go).
const (
	tableThunks    = 2048
	tableThunkSize = 8
)

// thunkTableABI0 is the address of the first entry of the table.
var thunkTableABI0 uintptr

// EntryAddr returns the C function pointer of callback entry index (what
// the handler sees in CallbackFrame.Index), making entries up to it as
// needed. Entries are never unmapped; the caller recycles indexes.
func EntryAddr(index int) (uintptr, error) {
	if callbackHandler == nil {
		return 0, errors.New("callconv: no callback handler set")
	}
	if index < 0 {
		return 0, fmt.Errorf("callconv: negative callback entry index %d", index)
	}
	return entryAddr(index)
}

// piecePlace returns where a piece of an argument is in the frame: its
// register, or the C caller's stack.
func (cf *CallbackFrame) piecePlace(pc a64Piece) unsafe.Pointer {
	switch pc.loc {
	case a64X:
		return unsafe.Pointer(&cf.x[pc.reg])
	case a64V:
		return unsafe.Pointer(&cf.v[pc.reg])
	}
	return addrPtr(cf.stack + pc.off)
}

// assembled reports whether the argument is an HFA of floats in v
// registers, which ArgAddr assembles in a buffer.
func (a *a64Arg) assembled() bool {
	return !a.byRef && len(a.pieces) > 1 && a.pieces[0].loc == a64V && a.pieces[0].size == 4
}

// ArgAddr returns the address of argument i's C value: in the frame's
// registers (an aggregate in x registers, or an HFA of doubles, lies there
// as in memory), on the C caller's stack, or the caller's copy of an
// aggregate passed by reference; an HFA of floats in v registers is
// assembled in buf (16 bytes) and ArgAddr returns buf.
func (p *Plan) ArgAddr(cf *CallbackFrame, i int, buf *[2]uint64) unsafe.Pointer {
	a := &p.sig.args[i]
	first := a.pieces[0]
	if a.byRef {
		return addrPtr(uintptr(*(*uint64)(cf.piecePlace(first))))
	}
	if !a.assembled() {
		return cf.piecePlace(first)
	}
	b := unsafe.Pointer(buf)
	for _, pc := range a.pieces {
		*(*uint32)(unsafe.Add(b, pc.from)) = uint32(cf.v[pc.reg])
	}
	return b
}

// ResultAddr returns where the handler stores the callback's result: the
// memory the C caller passed in x8 for an indirect result, the frame's
// result registers for a scalar (integers stored as a whole word, already
// widened, or as their size), an aggregate in x0-x1 or an HFA of doubles;
// buf (16 bytes) for an HFA of floats, which [Plan.SetResult] then moves
// to the result registers.
func (p *Plan) ResultAddr(cf *CallbackFrame, buf *[2]uint64) unsafe.Pointer {
	switch {
	case p.sig.ret == a64RetIndirect:
		return addrPtr(uintptr(cf.x8))
	case p.sig.ret == a64RetVoid:
		return unsafe.Pointer(buf)
	case p.sig.retPieces[0].loc == a64X:
		return unsafe.Pointer(&cf.ret[0])
	case len(p.sig.retPieces) == 1 || p.sig.retPieces[0].size == 8:
		return unsafe.Pointer(&cf.ret[2])
	}
	return unsafe.Pointer(buf)
}

// SetResult moves a result left in buf by the handler (an HFA of floats)
// into the result registers; the other results are already there. An
// integer result smaller than a word is extended from its own bytes to the
// whole register, whether or not the handler widened it: Apple's callers
// rely on results extended to 32 bits.
func (p *Plan) SetResult(cf *CallbackFrame, buf *[2]uint64) {
	if p.sig.ret != a64RetRegs {
		return
	}
	if first := p.sig.retPieces[0]; first.loc == a64X && len(p.sig.retPieces) == 1 && first.size < 8 && p.sig.retScalar {
		cf.ret[0] = loadWord(unsafe.Pointer(&cf.ret[0]), first.size, first.signed)
		return
	}
	if len(p.sig.retPieces) < 2 || p.sig.retPieces[0].loc != a64V || p.sig.retPieces[0].size != 4 {
		return
	}
	b := unsafe.Pointer(buf)
	for _, pc := range p.sig.retPieces {
		cf.ret[2+pc.reg] = uint64(*(*uint32)(unsafe.Add(b, pc.from)))
	}
}

// The frame layout callback_arm64.s assumes, checked by the compiler.
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.x)-8]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.x8)-72]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.v)-80]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.stack)-144]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.ret)-152]
var _ = [1]struct{}{}[416-unsafe.Sizeof(CallbackFrame{})]
