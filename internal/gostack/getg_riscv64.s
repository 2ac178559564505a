#include "textflag.h"

// func getg() unsafe.Pointer: g is X27.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOV g, ret+0(FP)
	RET
