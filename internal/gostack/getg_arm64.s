#include "textflag.h"

// func getg() unsafe.Pointer: g is R28.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVD g, ret+0(FP)
	RET
