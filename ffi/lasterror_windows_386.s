#include "textflag.h"

// The calling thread's TEB is at FS:0x18; its last-error value, which
// GetLastError returns and SetLastError sets, is at 0x34 in it.

// func tebLastError() uint32
TEXT ·tebLastError(SB), NOSPLIT, $0-4
	MOVL 0x34(FS), AX
	MOVL AX, ret+0(FP)
	RET

// func setTebLastError(code uint32)
TEXT ·setTebLastError(SB), NOSPLIT, $0-4
	MOVL code+0(FP), AX
	MOVL AX, 0x34(FS)
	RET
