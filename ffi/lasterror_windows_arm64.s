#include "textflag.h"

// The calling thread's TEB is in X18 (R18_PLATFORM); its last-error value,
// which GetLastError returns and SetLastError sets, is at 0x68 in it.

// func tebLastError() uint32
TEXT ·tebLastError(SB), NOSPLIT, $0-4
	MOVWU 0x68(R18_PLATFORM), R0
	MOVW  R0, ret+0(FP)
	RET

// func setTebLastError(code uint32)
TEXT ·setTebLastError(SB), NOSPLIT, $0-4
	MOVWU code+0(FP), R0
	MOVW  R0, 0x68(R18_PLATFORM)
	RET
