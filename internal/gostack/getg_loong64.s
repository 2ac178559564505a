#include "textflag.h"

// func getg() unsafe.Pointer: g is R22.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVV g, ret+0(FP)
	RET
