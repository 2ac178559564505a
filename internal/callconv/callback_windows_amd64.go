//go:build windows && amd64

package callconv

import (
	"errors"
	"fmt"
	"sync"
	"syscall"
	"unsafe"
)

// C-callable callback entries of the Win64 engine's own, without libffi
// and without syscall.NewCallback (which has a fixed table of 2000 entries
// and hands the callee the integer registers only).
//
// An entry is a thunk of a few instructions in a page of executable
// memory: it loads its index into R11 and jumps to
// purectypes_callconv_w64_callback (callback_windows_amd64.s). That stores
// rcx, rdx, r8 and r9 in the shadow space the C caller reserved above the
// return address, so that every argument slot is a word in one array
// (slots 0-3 there, the stack arguments right after), saves xmm0-xmm3 in a
// CallbackFrame and enters Go through runtime.cgocallback, as the
// runtime's own callbackasm1 does for syscall.NewCallback: on a thread Go
// has never seen, cgocallback takes one of the extra Ms the runtime keeps
// on Windows. The handler set with [SetCallbackHandler] finds what to run
// by the index and decodes the arguments with the callback's Plan.
//
// Pages are reserved read+write with VirtualAlloc, filled with thunks, then
// made read+execute with VirtualProtect before any is used: never
// writable and executable at once. Thunks are never rewritten; reusing an
// entry only rebinds its index.

// CallbackFrame is what the entry passes to the handler: the thunk's
// index, where the argument slots are (the C caller's frame), xmm0-xmm3,
// and the result registers the handler fills (rax, xmm0). Its layout is
// known to callback_windows_amd64.s.
//
// The rest is scratch for [Plan.Decode]: the argument addresses handed to
// the handler and a buffer for a result in registers. It is C stack
// memory, so pointers into it never make Go memory escape.
type CallbackFrame struct {
	Index uintptr
	slots uintptr // slot k is the word at slots+8k
	xmm   [w64RegSlots]uint64
	ret   [2]uint64 // rax, xmm0
	argv  [MaxFrameArgs + 1]uintptr
	rbuf  [2]uint64
	_     uint64 // a multiple of 16 bytes
}

// MaxFrameArgs is how many arguments [Plan.Decode] decodes in the frame's
// scratch; callbacks with more use [Plan.ArgAddr] with buffers of their own.
const MaxFrameArgs = 16

// Decode fills the frame's scratch with the address of each argument's C
// value and returns the array of those addresses (libffi's avalue layout)
// and where the handler stores the result (see [Plan.ResultAddr]). ok is
// false when the plan has more than MaxFrameArgs arguments.
func (p *Plan) Decode(cf *CallbackFrame) (argv, ret unsafe.Pointer, ok bool) {
	if p.NumArgs() > MaxFrameArgs {
		return nil, nil, false
	}
	for i := range p.sig.argSlot {
		cf.argv[i] = uintptr(p.ArgAddr(cf, i, nil))
	}
	return unsafe.Pointer(&cf.argv[0]), p.ResultAddr(cf, &cf.rbuf), true
}

// Encode moves the result the handler left in the frame's scratch (see
// [Plan.Decode]) into the result registers.
func (p *Plan) Encode(cf *CallbackFrame) { p.SetResult(cf, &cf.rbuf) }

// ArgAddr returns the address of argument i's C value: in the frame for a
// float in a register slot, in the C caller's frame for a value in a slot
// (integers and aggregates of 1, 2, 4 or 8 bytes, which Win64 passes in
// the low bytes; a 4-byte integer's slot is extended to 8 bytes first),
// or the caller's copy of an aggregate passed by reference. buf is not
// used (Win64 never splits a value over registers).
func (p *Plan) ArgAddr(cf *CallbackFrame, i int, buf *[2]uint64) unsafe.Pointer {
	k := p.sig.argSlot[i]
	sl := &p.sig.slots[k]
	if sl.float && k < w64RegSlots {
		return unsafe.Pointer(&cf.xmm[k])
	}
	slot := cf.slots + uintptr(k)*8
	if sl.kind == w64Ref {
		return addrPtr(*(*uintptr)(addrPtr(slot)))
	}
	if sl.int4 {
		// The slot's upper half made the value's extension (the callee
		// owns its home and argument slots), so that a Go reader of 8
		// bytes (a Go int for a 4-byte long) sees the value too.
		w := (*uint64)(addrPtr(slot))
		if sl.signed {
			*w = uint64(int64(int32(*w)))
		} else {
			*w = uint64(uint32(*w))
		}
	}
	return addrPtr(slot)
}

// ResultAddr returns where the handler stores the callback's result: the
// C caller's memory for a result in memory (whose address goes back in
// rax, as the convention wants), otherwise buf (16 bytes, zeroed here),
// which [Plan.SetResult] then moves to the result register.
func (p *Plan) ResultAddr(cf *CallbackFrame, buf *[2]uint64) unsafe.Pointer {
	if p.sig.ret == w64RetMemory {
		r := *(*uintptr)(addrPtr(cf.slots)) // slot 0: the hidden pointer
		cf.ret[0] = uint64(r)
		return addrPtr(r)
	}
	*buf = [2]uint64{}
	return unsafe.Pointer(buf)
}

// SetResult moves a result left in buf by the handler into the result
// register.
func (p *Plan) SetResult(cf *CallbackFrame, buf *[2]uint64) {
	switch p.sig.ret {
	case w64RetInt:
		cf.ret[0] = buf[0]
	case w64RetFloat:
		cf.ret[1] = buf[0]
	}
}

// addrPtr turns the address of C memory into a pointer.
func addrPtr(u uintptr) unsafe.Pointer { return *(*unsafe.Pointer)(unsafe.Pointer(&u)) }

// callbackEntryABI0 is the address of purectypes_callconv_w64_callback.
var callbackEntryABI0 uintptr

// callbackHandler is the Go function every entry calls.
var callbackHandler func(*CallbackFrame)

// callbackGoFn is callbackGo as a func value: the entry hands its code
// address to runtime.cgocallback.
//
//lint:ignore U1000 read by callback_windows_amd64.s.
var callbackGoFn = callbackGo

// callbackGo runs on a goroutine for every call of an entry (reached from
// callback_windows_amd64.s only, through callbackGoFn).
func callbackGo(cf *CallbackFrame) { callbackHandler(cf) }

// SetCallbackHandler sets the Go function every callback entry calls. It
// must be called once, before the first entry is made.
func SetCallbackHandler(h func(*CallbackFrame)) { callbackHandler = h }

const (
	thunkSize = 32
	thunkPage = 64 << 10 // thunks are made this many bytes at a time (VirtualAlloc's granularity)
)

var (
	thunkMu    sync.Mutex
	thunkAddrs []uintptr // index -> entry address, for every thunk made

	kernel32           = syscall.NewLazyDLL("kernel32.dll")
	procVirtualAlloc   = kernel32.NewProc("VirtualAlloc")
	procVirtualProtect = kernel32.NewProc("VirtualProtect")
	procVirtualFree    = kernel32.NewProc("VirtualFree")
	procFlushICache    = kernel32.NewProc("FlushInstructionCache")
	procGetProcess     = kernel32.NewProc("GetCurrentProcess")
)

// The VirtualAlloc and VirtualProtect constants.
const (
	memCommit       = 0x1000
	memReserve      = 0x2000
	memRelease      = 0x8000
	pageReadWrite   = 0x04
	pageExecuteRead = 0x20
)

// EntryAddr returns the C function pointer of callback entry index (what
// the handler sees in CallbackFrame.Index), making entries up to it as
// needed. Entries are never freed; the caller recycles indexes.
func EntryAddr(index int) (uintptr, error) {
	thunkMu.Lock()
	defer thunkMu.Unlock()
	if callbackHandler == nil {
		return 0, errors.New("callconv: no callback handler set")
	}
	if index < 0 {
		return 0, fmt.Errorf("callconv: negative callback entry index %d", index)
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
	base, _, err := procVirtualAlloc.Call(0, thunkPage, memCommit|memReserve, pageReadWrite)
	if base == 0 {
		return fmt.Errorf("callconv: VirtualAlloc of callback entries: %w", err)
	}
	mem := unsafe.Slice((*byte)(addrPtr(base)), thunkPage)
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
	var old uint32
	if r, _, err := procVirtualProtect.Call(base, thunkPage, pageExecuteRead, uintptr(unsafe.Pointer(&old))); r == 0 {
		procVirtualFree.Call(base, 0, memRelease)
		return fmt.Errorf("callconv: VirtualProtect of callback entries to read+execute: %w", err)
	}
	proc, _, _ := procGetProcess.Call()
	procFlushICache.Call(proc, base, thunkPage)
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

// The frame layout callback_windows_amd64.s assumes, checked by the
// compiler: an index other than 0 into a one-element array does not
// compile.
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.slots)-8]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.xmm)-16]
var _ = [1]struct{}{}[unsafe.Offsetof(CallbackFrame{}.ret)-48]
var _ = [1]struct{}{}[unsafe.Sizeof(CallbackFrame{})%16]
