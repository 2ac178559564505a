#include "textflag.h"

// func Contains(p unsafe.Pointer) bool: g.stack.lo <= p < g.stack.hi, g
// being R28.
TEXT ·Contains(SB), NOSPLIT, $0-9
	MOVD p+0(FP), R0
	MOVD 0(g), R1 // g.stack.lo
	MOVD 8(g), R2 // g.stack.hi
	CMP  R1, R0
	BLO  no
	CMP  R2, R0
	BHS  no
	MOVD $1, R3
	MOVB R3, ret+8(FP)
	RET
no:
	MOVB ZR, ret+8(FP)
	RET
