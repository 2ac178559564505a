//go:build linux && amd64

#include "textflag.h"
#include "funcdata.h"

// func CallGo(fn unsafe.Pointer, r *GoRegs)
//
// Calls the Go func value fn (a pointer to its funcval) with Go's
// internal register ABI on amd64: integer arguments in AX, BX, CX, DI,
// SI, R8, R9, R10, R11, floats in X0-X14, the closure context in DX, g in
// R14 and X15 zero; the result comes back in AX or X0. The frame holds,
// at its bottom (the callee's argument pointer), the stack-assigned
// arguments (r.Stack, NStack words), then room for the spill area the
// callee may use for its register arguments (the caller's, in that ABI):
// 128 + 192 bytes. The callee's own argument map covers the words copied
// there (they are its arguments).
TEXT ·CallGo(SB), 0, $320-16
	NO_LOCAL_POINTERS
	MOVQ  r+8(FP), R12
	MOVQ  320(R12), CX // NStack
	XORQ  SI, SI

stack:
	CMPQ SI, CX
	JGE  stacked
	MOVQ 192(R12)(SI*8), AX
	MOVQ AX, 0(SP)(SI*8)
	INCQ SI
	JMP  stack

stacked:
	MOVQ  fn+0(FP), DX
	MOVQ  0(R12), AX
	MOVQ  8(R12), BX
	MOVQ  16(R12), CX
	MOVQ  24(R12), DI
	MOVQ  32(R12), SI
	MOVQ  40(R12), R8
	MOVQ  48(R12), R9
	MOVQ  56(R12), R10
	MOVQ  64(R12), R11
	MOVSD 72(R12), X0
	MOVSD 80(R12), X1
	MOVSD 88(R12), X2
	MOVSD 96(R12), X3
	MOVSD 104(R12), X4
	MOVSD 112(R12), X5
	MOVSD 120(R12), X6
	MOVSD 128(R12), X7
	MOVSD 136(R12), X8
	MOVSD 144(R12), X9
	MOVSD 152(R12), X10
	MOVSD 160(R12), X11
	MOVSD 168(R12), X12
	MOVSD 176(R12), X13
	MOVSD 184(R12), X14
	MOVQ  TLS, R14
	MOVQ  0(R14)(TLS*1), R14
	XORPS X15, X15
	MOVQ  0(DX), R12
	CALL  R12
	MOVQ  r+8(FP), R12 // reloaded: the stack may have moved
	MOVQ  AX, 0(R12)
	MOVSD X0, 72(R12)
	CMPQ  328(R12), $0 // AllResults: a struct's fields in the others
	JEQ   done
	MOVQ  BX, 8(R12)
	MOVQ  CX, 16(R12)
	MOVQ  DI, 24(R12)
	MOVQ  SI, 32(R12)
	MOVQ  R8, 40(R12)
	MOVQ  R9, 48(R12)
	MOVQ  R10, 56(R12)
	MOVQ  R11, 64(R12)
	MOVSD X1, 80(R12)
	MOVSD X2, 88(R12)
	MOVSD X3, 96(R12)
	MOVSD X4, 104(R12)
	MOVSD X5, 112(R12)
	MOVSD X6, 120(R12)
	MOVSD X7, 128(R12)
	MOVSD X8, 136(R12)
	MOVSD X9, 144(R12)
	MOVSD X10, 152(R12)
	MOVSD X11, 160(R12)
	MOVSD X12, 168(R12)
	MOVSD X13, 176(R12)
	MOVSD X14, 184(R12)

done:
	RET
