#include "textflag.h"

// func tebLastError() uint32
//
// tebLastError reads the calling thread's last-error value straight from
// its Thread Environment Block (GS:0x30 is the TEB's own address, the
// LastErrorValue is at 0x68), where GetLastError reads it: calling
// GetLastError through Go's syscall package would not do, as the runtime
// clears the last error before every system call it makes.
TEXT ·tebLastError(SB), NOSPLIT, $0-4
	MOVQ 0x30(GS), AX
	MOVL 0x68(AX), AX
	MOVL AX, ret+0(FP)
	RET
