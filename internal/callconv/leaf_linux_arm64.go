package callconv

import (
	"fmt"
	"syscall"
	"unsafe"
)

// leafSigABI0 is the address of purectypes_callconv_leafsig
// (leaf_linux_arm64.s).
var leafSigABI0 uintptr

// leafSigFwd holds, per signal number, the handler leafsig forwards to
// (Go's). Read by leaf_linux_arm64.s.
var leafSigFwd [65]uintptr

// leafIsCgo reports runtime·iscgo (leaf_linux_arm64.s): whether the
// runtime keeps g in the thread's TLS, where the fault handler finds it.
func leafIsCgo() bool

// sigactiont is the kernel's struct sigaction on arm64 Linux (the generic
// layout, with sa_restorer).
type sigactiont struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const saSiginfo = 0x4

var leafSignals = [...]syscall.Signal{syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL, syscall.SIGTRAP}

// installLeafSig puts leafsig in front of Go's handler of each fault
// signal, with Go's flags, mask and restorer. Go installs its handlers
// before any package initialises and never reinstalls those of these
// signals (os/signal cannot take them), so leafsig stays in front. It
// needs runtime·iscgo (see "Leaf calls" in leaf_arm64.go).
func installLeafSig() error {
	if !leafIsCgo() {
		return fmt.Errorf("%w: the runtime keeps no g in TLS (runtime.iscgo is false)", ErrLeafUnsafe)
	}
	for _, sig := range leafSignals {
		var old sigactiont
		if err := rtSigaction(sig, nil, &old); err != nil {
			return err
		}
		if old.handler == leafSigABI0 {
			continue
		}
		if old.handler <= 1 || old.flags&saSiginfo == 0 {
			return fmt.Errorf("%w: %v has handler %#x, flags %#x", ErrLeafUnsafe, sig, old.handler, old.flags)
		}
		leafSigFwd[sig] = old.handler
		nw := old
		nw.handler = leafSigABI0
		if err := rtSigaction(sig, &nw, nil); err != nil {
			return err
		}
	}
	return nil
}

func rtSigaction(sig syscall.Signal, nw, old *sigactiont) error {
	_, _, e := syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(nw)), uintptr(unsafe.Pointer(old)), 8, 0, 0)
	if e != 0 {
		return fmt.Errorf("callconv: rt_sigaction(%v): %w", sig, e)
	}
	return nil
}
