package callconv

// GoStackArg returns the offset in GoRegs.Stack of a stack-assigned
// argument of size bytes (1, 2, 4 or 8, aligned to its size) placed after
// off bytes of earlier ones, and the bytes used after it: Go's internal
// ABI lays stack-assigned arguments out so (CallGo, linux/amd64).
func GoStackArg(off, size uintptr) (at, end uintptr) {
	at = (off + size - 1) &^ (size - 1)
	return at, at + size
}
