#include "textflag.h"

// func getg() unsafe.Pointer: the g in the thread's TLS slot (the
// runtime's get_tls and g(r) of go_tls.h, which the linker rewrites for
// each OS).
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVQ TLS, AX
	MOVQ 0(AX)(TLS*1), AX
	MOVQ AX, ret+0(FP)
	RET
