#include "textflag.h"

// func getg() unsafe.Pointer: the g in the thread's TLS slot.
TEXT ·getg(SB), NOSPLIT, $0-4
	MOVL TLS, AX
	MOVL 0(AX)(TLS*1), AX
	MOVL AX, ret+0(FP)
	RET
