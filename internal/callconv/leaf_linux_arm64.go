package callconv

import (
	"fmt"
	"syscall"
)

// The fault signals of a leaf call on arm64: BRK (__builtin_trap) raises
// SIGTRAP; an integer division by zero raises nothing.
var leafSignals = [...]syscall.Signal{syscall.SIGSEGV, syscall.SIGBUS, syscall.SIGFPE, syscall.SIGILL, syscall.SIGTRAP}

// leafIsCgo reports runtime·iscgo (leaf_linux_arm64.s): whether the
// runtime keeps g in the thread's TLS, where the fault handler finds it.
func leafIsCgo() bool

// leafSigCheck refuses leaf calls when the fault handler could not find g
// (see "Leaf calls" in leaf_arm64.go).
func leafSigCheck() error {
	if !leafIsCgo() {
		return fmt.Errorf("%w: the runtime keeps no g in TLS (runtime.iscgo is false)", ErrLeafUnsafe)
	}
	return nil
}
