//go:build (linux && amd64) || (arm64 && (linux || darwin))

package callconv

import (
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	_ "unsafe" // go:linkname
)

// What the leaf trampolines of the System V engine (leaf_amd64.go) and
// the AAPCS64 engine (leaf_arm64.go) share: the bounds, the errors, the
// fault handler's installation once per process, and the fatal error of a
// leaf call gone wrong. Each engine's file has the contract's details,
// its frame and its trampolines.

// leafBound returns the trampoline of a declared bound (0: the default)
// and its frame size.
func leafBound(stack uintptr) (leafSize, uintptr, error) {
	s, err := leafSizeOf(stack)
	return s, [...]uintptr{leafFrame64K, leafFrame16K, leafFrame64K, leafFrame256K, leafFrame1M}[s], err
}

var (
	// ErrLeafArgs reports a leaf call whose stack arguments (and, as the
	// engine needs, a result returned in memory and copies of aggregates)
	// exceed the 2 KiB a leaf trampoline keeps for them.
	ErrLeafArgs = errors.New("callconv: leaf call's stack arguments over 2 KiB")
	// ErrLeafUnsafe reports that faults inside leaf calls cannot be made
	// fatal in this process (the signal handlers are not Go's, or the
	// platform's fault handler is not written), so leaf calls are refused.
	ErrLeafUnsafe = errors.New("callconv: leaf calls unavailable: the fault signals are not handled by Go")
)

// leafScan is how far above a faulting SP the fault handler (and the
// callback entry) look for a leaf record: twice the largest leaf frame in
// use. Read by the engines' assembly.
var leafScan uintptr

var (
	leafMu  sync.Mutex
	leafErr error
	leafSet bool
	leafOK  atomic.Bool // the handler is in place
)

// leafReady puts the fault handler in place (once) and makes it look far
// enough for a frame of frame bytes.
func leafReady(frame uintptr) error {
	// Twice the frame: a C function that overran its bound still faults
	// within reach of its record.
	scan := 2 * frame
	if leafOK.Load() && scan <= atomic.LoadUintptr(&leafScan) {
		return nil // the path of plans not made by WithLeaf, on every call
	}
	leafMu.Lock()
	defer leafMu.Unlock()
	if !leafSet {
		leafSet = true
		leafErr = installLeafSig()
	}
	if leafErr == nil && scan > leafScan {
		atomic.StoreUintptr(&leafScan, scan)
	}
	leafOK.Store(leafErr == nil)
	return leafErr
}

// leafFault is where a leaf call gone wrong resumes (the engine's
// assembly); it calls leafFatal and never returns.
func leafFault()

var _ = leafFault // reached from the fault handler and the callback entry only

// leafNames maps C function addresses to names for leafFatal's message.
var leafNames sync.Map

// NameLeaf records name as the name of the C function at fn, for the
// message of a leaf call that faults or calls back. It costs nothing per
// call.
func NameLeaf(fn uintptr, name string) { leafNames.Store(fn, name) }

//go:linkname runtime_throw runtime.throw
func runtime_throw(s string)

// leafFatal ends the program from a leaf call gone wrong, with a fatal
// error (never a panic: nothing can recover it). Called by leafFault with
// the leaf call's frame, whose first word is the C function's address (nil
// if the call could not be found), the signal (0 for a callback), the
// fault address or the callback's index, and the faulting PC.
func leafFatal(fr *uintptr, sig, addr, pc uintptr) {
	what := "a leaf call"
	if fr != nil {
		fn := *fr
		what = "a leaf call of the C function at " + hex(fn)
		if name, ok := leafNames.Load(fn); ok {
			what += " (" + name.(string) + ")"
		}
	}
	if sig == 0 {
		if fr == nil {
			runtime_throw("callconv: C called back into Go (callback entry " + strconv.FormatUint(uint64(addr), 10) +
				") on a goroutine stack, as during a leaf call: a leaf function must never call back into Go")
		}
		runtime_throw("callconv: C called back into Go (callback entry " + strconv.FormatUint(uint64(addr), 10) +
			") during " + what + ": a leaf function must never call back into Go")
	}
	runtime_throw("callconv: " + sigName(sig) + " inside " + what +
		", fault address " + hex(addr) + ", PC " + hex(pc) + ": a fault inside a leaf call is fatal")
}

var _ = leafFatal // called from leafFault

func sigName(sig uintptr) string {
	switch syscall.Signal(sig) {
	case syscall.SIGSEGV:
		return "SIGSEGV"
	case syscall.SIGBUS:
		return "SIGBUS"
	case syscall.SIGFPE:
		return "SIGFPE"
	case syscall.SIGILL:
		return "SIGILL"
	case syscall.SIGTRAP:
		return "SIGTRAP"
	}
	return "signal " + strconv.Itoa(int(sig))
}

func hex(u uintptr) string { return "0x" + strconv.FormatUint(uint64(u), 16) }
