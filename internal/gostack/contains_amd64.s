#include "textflag.h"

// func Contains(p unsafe.Pointer) bool: g.stack.lo <= p < g.stack.hi,
// the g from the thread's TLS slot (the runtime's get_tls and g(r) of
// go_tls.h, which the linker rewrites for each OS).
TEXT ·Contains(SB), NOSPLIT, $0-9
	MOVQ p+0(FP), AX
	MOVQ TLS, CX
	MOVQ 0(CX)(TLS*1), CX
	CMPQ AX, 0(CX) // g.stack.lo
	JB   no
	CMPQ AX, 8(CX) // g.stack.hi
	JAE  no
	MOVB $1, ret+8(FP)
	RET
no:
	MOVB $0, ret+8(FP)
	RET
