package callconv

import "fmt"

// installLeafSig refuses leaf calls on darwin: the fault handler there
// would read Apple's signal context (a pointer to a __darwin_mcontext64,
// laid out unlike Linux's sigcontext) and install through libc's
// sigaction, none of which can be run here (darwin/arm64 is built, not
// run). Leaf declarations make ordinary calls until it is written and
// tested on a Mac; the trampolines themselves are the linux/arm64 ones.
func installLeafSig() error {
	return fmt.Errorf("%w: the darwin fault handler is not written", ErrLeafUnsafe)
}
