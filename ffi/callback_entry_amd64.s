//go:build linux && amd64

#include "textflag.h"

// purectypes_callback_entry is the C function every libffi closure calls,
// as fun(cif, ret, args, user_data) with the C calling convention. It
// builds a frame of the four arguments on the C stack and enters Go
// through crosscall2, as cgo's exported functions do: crosscall2 saves
// the C callee-saved registers and calls runtime.cgocallback, which runs
// callbackEntry(&frame) on a goroutine (taking an extra M first when the
// thread is one Go has never seen).
GLOBL ·callbackEntryABI0(SB), NOPTR|RODATA, $8
DATA ·callbackEntryABI0(SB)/8, $purectypes_callback_entry(SB)

TEXT purectypes_callback_entry(SB), NOSPLIT|NOFRAME, $0
	PUSHQ BP
	MOVQ  SP, BP
	SUBQ  $32, SP // frame {cif, ret, args, userData}; SP stays 16-byte aligned
	MOVQ  DI, 0(SP)
	MOVQ  SI, 8(SP)
	MOVQ  DX, 16(SP)
	MOVQ  CX, 24(SP)
	MOVQ  ·callbackEntryFunc(SB), DI // a func value: its first word is the code pointer
	MOVQ  (DI), DI
	MOVQ  SP, SI                     // a = &frame
	XORL  DX, DX                     // n (unused)
	XORL  CX, CX                     // ctxt
	CALL  crosscall2(SB)
	MOVQ  BP, SP
	POPQ  BP
	RET
