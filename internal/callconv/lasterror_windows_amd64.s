#include "textflag.h"

// The calling thread's TEB is at GS:0x30; its last-error value, which
// GetLastError returns and SetLastError sets, is at 0x68 in it.

// func tebAddr() uintptr
TEXT ·tebAddr(SB), NOSPLIT, $0-8
	MOVQ 0x30(GS), AX
	MOVQ AX, ret+0(FP)
	RET

// func setLastError(code uint32)
TEXT ·setLastError(SB), NOSPLIT, $0-4
	MOVQ 0x30(GS), AX
	MOVL code+0(FP), CX
	MOVL CX, 0x68(AX)
	RET
