//go:build linux && (amd64 || arm64)

package callconv

import (
	"fmt"
	"syscall"
	"unsafe"
)

// The leaf fault handler's installation on Linux, for both engines (each
// engine's leafsig is in its assembly: leaf_amd64.s, leaf_linux_arm64.s).

// leafSigABI0 is the address of purectypes_callconv_leafsig.
var leafSigABI0 uintptr

// leafSigFwd holds, per signal number, the handler leafsig forwards to
// (Go's). Read by the engine's assembly.
var leafSigFwd [65]uintptr

// sigactiont is the kernel's struct sigaction on x86-64 and arm64 Linux
// (with sa_restorer).
type sigactiont struct {
	handler  uintptr
	flags    uint64
	restorer uintptr
	mask     uint64
}

const saSiginfo = 0x4

// installLeafSig puts leafsig in front of Go's handler of each fault
// signal (leafSignals), with Go's flags, mask and restorer. Go installs
// its handlers before any package initialises and never reinstalls those
// of these signals (os/signal cannot take them), so leafsig stays in
// front.
func installLeafSig() error {
	if err := leafSigCheck(); err != nil {
		return err
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
