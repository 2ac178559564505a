#include "textflag.h"

// func getg() unsafe.Pointer: g is R10.
TEXT ·getg(SB), NOSPLIT, $0-4
	MOVW g, ret+0(FP)
	RET
