//go:build ppc64 || ppc64le

#include "textflag.h"

// func getg() unsafe.Pointer: g is R30.
TEXT ·getg(SB), NOSPLIT, $0-8
	MOVD g, ret+0(FP)
	RET
