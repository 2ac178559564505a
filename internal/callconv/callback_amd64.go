//go:build linux && amd64

package callconv

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// C-callable callback entries of the engine's own, without libffi.
//
// An entry is a thunk of a few instructions in a page of executable
// memory: it loads its index into R11 and jumps to
// purectypes_callconv_callback (callback_amd64.s), which saves the
// argument registers in a CallbackFrame and calls the handler set with
// [SetCallbackHandler]. The handler finds what to run by the index and
// decodes the arguments with the callback's Plan, the same classification
// a call of that signature uses.
//
// Pages are filled with thunks while writable, then made read+execute
// (mprotect) before any is used: never writable and executable at once.
// Thunks are never rewritten; reusing an entry only rebinds its index.

// CallbackFrame is what purectypes_callconv_callback passes to the handler:
// the thunk's index, the argument registers in the slot order of a Frame
// (rdi, rsi, rdx, rcx, r8, r9, xmm0-xmm7), the address of the first stack
// argument, and the result registers the handler fills (rax, rdx, xmm0,
// xmm1). Its layout is known to callback_amd64.s.
//
// The rest is scratch for [Plan.Decode]: the argument addresses handed to
// the handler and the buffers for values that came in registers. It is C
// stack memory, so pointers into it never make Go memory escape.
type CallbackFrame struct {
	Index uintptr
	regs  [numRegs]uint64
	stack uintptr
	ret   [4]uint64
	argv  [MaxFrameArgs + 1]uintptr
	bufs  [MaxFrameArgs][2]uint64
	rbuf  [2]uint64
}

// MaxFrameArgs is how many arguments [Plan.Decode] decodes in the frame's
// scratch; callbacks with more use [Plan.ArgAddr] with buffers of their own.
const MaxFrameArgs = 20

// Decode fills the frame's scratch with the address of each argument's C
// value and returns the array of those addresses (libffi's avalue layout)
// and where the handler stores the result (see [Plan.ResultAddr]). ok is
// false when the plan has more than MaxFrameArgs arguments.
//
// The work is the plan's decoding table (cbDecode, made once by NewPlan):
// most arguments' C values already lie in the frame as they are (a scalar
// in its register's word or stack word, a small aggregate in one register
// or in two adjacent ones), so their address is the frame's plus a fixed
// offset; the rest are assembled from word copies, and so is the result
// in Encode (most results are stored straight into the result registers'
// words).
func (p *Plan) Decode(cf *CallbackFrame) (argv, ret unsafe.Pointer, ok bool) {
	d := &p.cb
	if !d.ok {
		return nil, nil, false
	}
	w := (*[frameWords]uint64)(unsafe.Pointer(cf))
	for _, c := range d.copies {
		w[c.dst] = w[c.src]
	}
	base := uintptr(unsafe.Pointer(cf))
	offs := d.offs
	av := cf.argv[:len(offs)]
	for i := range av {
		av[i] = base + offs[i]
	}
	if p.ret == retMemory {
		cf.ret[0] = cf.regs[0]
		return unsafe.Pointer(&cf.argv[0]), addrPtr(uintptr(cf.regs[0])), true // memory the C caller provides
	}
	return unsafe.Pointer(&cf.argv[0]), unsafe.Add(unsafe.Pointer(cf), d.ret), true
}

// Encode moves the result the handler left in the frame's scratch (see
// [Plan.Decode]) into the result registers: nothing to do (and inlined)
// for most results, which the handler stored there already.
func (p *Plan) Encode(cf *CallbackFrame) {
	if len(p.cb.rcopies) > 0 {
		p.encodeCopies(cf)
	}
}

func (p *Plan) encodeCopies(cf *CallbackFrame) {
	w := (*[frameWords]uint64)(unsafe.Pointer(cf))
	for _, c := range p.cb.rcopies {
		w[c.dst] = w[c.src]
	}
}

// Where things are in a CallbackFrame, in bytes (offs) and in words
// (copies): the frame is frameWords words on the C stack, and
// callback_amd64.s puts it frameStackOff bytes below the C caller's stack
// arguments (the oracle tests pass stack arguments through every entry).
const (
	frameWords    = int(unsafe.Sizeof(CallbackFrame{}) / 8)
	frameStackOff = 688 // 672 bytes of frame and padding, the saved BP, the return address
	offRegs       = unsafe.Offsetof(CallbackFrame{}.regs)
	offRet        = unsafe.Offsetof(CallbackFrame{}.ret)
	offBufs       = unsafe.Offsetof(CallbackFrame{}.bufs)
	offRbuf       = unsafe.Offsetof(CallbackFrame{}.rbuf)
)

// cbDecode is a plan's decoding table for [Plan.Decode] and [Plan.Encode].
type cbDecode struct {
	ok      bool      // the table applies (at most MaxFrameArgs arguments)
	offs    []uintptr // per argument: its C value's offset from the frame
	copies  []wordCopy
	ret     uintptr // the result's offset from the frame (not for retMemory)
	rcopies []wordCopy
}

// wordCopy copies frame word src to frame word dst.
type wordCopy struct{ dst, src uint8 }

// buildDecode makes p's decoding table.
func (p *Plan) buildDecode() {
	if len(p.args) > MaxFrameArgs {
		return
	}
	d := &p.cb
	d.offs = make([]uintptr, len(p.args))
	slotOff := func(slot int) uintptr {
		if slot < numRegs {
			return offRegs + uintptr(slot)*8
		}
		return frameStackOff + uintptr(slot-numRegs)*8
	}
	for i := range p.args {
		loc := &p.args[i]
		switch {
		case !loc.aggregate || loc.inMem:
			d.offs[i] = slotOff(loc.slot)
		case adjacentParts(loc.parts[:loc.nparts]):
			d.offs[i] = slotOff(loc.parts[0].slot)
		default:
			// Each eightbyte copied whole: the buffer has room for it,
			// and the handler reads only the value's bytes.
			buf := offBufs + uintptr(i)*16
			d.offs[i] = buf
			for _, pt := range loc.parts[:loc.nparts] {
				d.copies = append(d.copies, wordCopy{dst: uint8((buf + pt.off) / 8), src: uint8(slotOff(pt.slot) / 8)})
			}
		}
	}
	switch p.ret {
	case retInt:
		d.ret = offRet // rax
	case retSSE:
		d.ret = offRet + 16 // xmm0
	case retParts:
		if adjacentParts(p.retParts[:p.nretParts]) {
			d.ret = offRet + uintptr(p.retParts[0].slot)*8
			break
		}
		d.ret = offRbuf
		for _, pt := range p.retParts[:p.nretParts] {
			d.rcopies = append(d.rcopies, wordCopy{dst: uint8((offRet + uintptr(pt.slot)*8) / 8), src: uint8((offRbuf + pt.off) / 8)})
		}
	default:
		d.ret = offRbuf
	}
	d.ok = true
}

// adjacentParts reports whether the eightbytes of an aggregate travel in
// consecutive slots (or result registers), eightbyte k at offset 8k: the
// frame's words then hold the value as it is.
func adjacentParts(parts []part) bool {
	for k, pt := range parts {
		if pt.off != uintptr(k)*8 || pt.slot != parts[0].slot+k {
			return false
		}
	}
	return len(parts) > 0
}

// callbackEntryABI0 is the address of purectypes_callconv_callback.
var callbackEntryABI0 uintptr

// callbackHandler is the Go function the entry calls (through crosscall2).
var callbackHandler func(*CallbackFrame)

// SetCallbackHandler sets the Go function every callback entry calls. It
// must be called once, before the first entry is made.
func SetCallbackHandler(h func(*CallbackFrame)) { callbackHandler = h }

const (
	thunkSize = 32
	thunkPage = 64 << 10 // thunks are made this many bytes at a time
)

var (
	thunkMu    sync.Mutex
	thunkAddrs []uintptr // index -> entry address, for every thunk made
)

// EntryAddr returns the C function pointer of callback entry index (what
// the handler sees in CallbackFrame.Index), making entries up to it as
// needed. Entries are never unmapped; the caller recycles indexes.
func EntryAddr(index int) (uintptr, error) {
	thunkMu.Lock()
	defer thunkMu.Unlock()
	if callbackHandler == nil {
		return 0, errors.New("callconv: no callback handler set")
	}
	for index >= len(thunkAddrs) {
		if err := addThunkPage(); err != nil {
			return 0, err
		}
	}
	return thunkAddrs[index], nil
}

// addThunkPage maps a page of thunks for the next indexes.
func addThunkPage() error {
	mem, err := syscall.Mmap(-1, 0, thunkPage, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return fmt.Errorf("callconv: mapping callback entries: %w", err)
	}
	first := len(thunkAddrs)
	n := thunkPage / thunkSize
	for i := 0; i < n; i++ {
		t := mem[i*thunkSize : (i+1)*thunkSize]
		// movabs $index, %r11; movabs $entry, %r10; jmp *%r10; int3 padding
		t[0], t[1] = 0x49, 0xbb
		putUint64(t[2:], uint64(first+i))
		t[10], t[11] = 0x49, 0xba
		putUint64(t[12:], uint64(callbackEntryABI0))
		t[20], t[21], t[22] = 0x41, 0xff, 0xe2
		for j := 23; j < thunkSize; j++ {
			t[j] = 0xcc
		}
	}
	if err := syscall.Mprotect(mem, syscall.PROT_READ|syscall.PROT_EXEC); err != nil {
		syscall.Munmap(mem)
		return fmt.Errorf("callconv: making callback entries executable: %w", err)
	}
	base := uintptr(unsafe.Pointer(&mem[0]))
	for i := 0; i < n; i++ {
		thunkAddrs = append(thunkAddrs, base+uintptr(i*thunkSize))
	}
	return nil
}

func putUint64(b []byte, v uint64) {
	for i := 0; i < 8; i++ {
		b[i] = byte(v >> (8 * i))
	}
}

// ArgAddr returns the address of argument i's C value in the frame, for a
// scalar or an aggregate passed in memory; for an aggregate passed in
// registers it assembles the value in buf (16 bytes) and returns buf.
func (p *Plan) ArgAddr(cf *CallbackFrame, i int, buf *[2]uint64) unsafe.Pointer {
	loc := &p.args[i]
	slotAddr := func(slot int) unsafe.Pointer {
		if slot < numRegs {
			return unsafe.Pointer(&cf.regs[slot])
		}
		return addrPtr(cf.stack + uintptr(slot-numRegs)*8) // the C caller's stack
	}
	if !loc.aggregate || loc.inMem {
		return slotAddr(loc.slot)
	}
	b := unsafe.Pointer(buf)
	for _, pt := range loc.parts[:loc.nparts] {
		copy(unsafe.Slice((*byte)(unsafe.Add(b, pt.off)), pt.size), unsafe.Slice((*byte)(slotAddr(pt.slot)), pt.size))
	}
	return b
}

// ResultAddr returns where the handler stores the callback's result: the
// caller's memory for results of the MEMORY class (whose address goes
// back in rax, as the ABI wants), otherwise buf (16 bytes), which
// [Plan.SetResult] then moves to the result registers. Integer results
// are stored as a whole word, already widened.
func (p *Plan) ResultAddr(cf *CallbackFrame, buf *[2]uint64) unsafe.Pointer {
	if p.ret == retMemory {
		cf.ret[0] = cf.regs[0]
		return addrPtr(uintptr(cf.regs[0])) // memory the C caller provides
	}
	return unsafe.Pointer(buf)
}

// SetResult moves a result left in buf by the handler into the result
// registers.
func (p *Plan) SetResult(cf *CallbackFrame, buf *[2]uint64) {
	switch p.ret {
	case retInt:
		cf.ret[0] = buf[0]
	case retSSE:
		cf.ret[2] = buf[0]
	case retParts:
		b := unsafe.Pointer(buf)
		for _, pt := range p.retParts[:p.nretParts] {
			var w uint64
			copy(unsafe.Slice((*byte)(unsafe.Pointer(&w)), pt.size), unsafe.Slice((*byte)(unsafe.Add(b, pt.off)), pt.size))
			cf.ret[pt.slot] = w
		}
	}
}

// addrPtr turns the address of C memory into a pointer.
func addrPtr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

// The frame layout callback_amd64.s assumes, checked by the compiler: an
// index other than 0 into a one-element array does not compile.
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.regs)-8]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.stack)-120]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.ret)-128]
var _ = [1]struct{}{}[672-unsafe.Sizeof(CallbackFrame{})-8]
var _ = [1]struct{}{}[frameStackOff-672-16]
