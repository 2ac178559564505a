//go:build linux && amd64

#include "textflag.h"
#include "go_asm.h"

// purectypes_callconv_callback is the C function every callback thunk
// jumps to, with R11 holding the thunk's index (see callback_amd64.go). It
// saves the System V argument registers and the address of the stack
// arguments in a CallbackFrame on the C stack, enters Go through
// crosscall2 as cgo's exported functions do (crosscall2 saves the C
// callee-saved registers and calls runtime.cgocallback, which runs the
// handler on a goroutine, taking an extra M on a thread Go has never
// seen), then loads the result registers the handler left in the frame.
//
// CallbackFrame layout (callback_amd64.go): index 0, regs 8..119 (rdi,
// rsi, rdx, rcx, r8, r9, xmm0-xmm7), stack 120, ret 128..159 (rax, rdx,
// xmm0, xmm1).
GLOBL ·callbackEntryABI0(SB), NOPTR|RODATA, $8
DATA ·callbackEntryABI0(SB)/8, $purectypes_callconv_callback(SB)

TEXT purectypes_callconv_callback(SB), NOSPLIT|NOFRAME, $0
	// A C function called during a leaf call (leaf_amd64.s) runs on a
	// user goroutine's stack with that goroutine in the thread's g, where
	// an ordinary C call has g0 (or no g, on a thread Go never saw); only
	// user goroutines have stackguard1 = ~0. Entering Go from there would
	// corrupt the scheduler's state: end the program instead. AX is free
	// (the callee of a non-variadic call ignores %al).
	MOVQ  TLS, AX
	MOVQ  0(AX)(TLS*1), AX
	TESTQ AX, AX
	JZ    enter
	CMPQ  24(AX), $-1
	JEQ   leaf

enter:
	// Entry: SP = 8 mod 16; after PUSHQ BP it is 16-aligned, and 672 keeps it so.
	PUSHQ BP
	MOVQ  SP, BP
	SUBQ  $672, SP // sizeof(CallbackFrame) = 664, rounded up to 16
	MOVQ  R11, 0(SP)
	MOVQ  DI, 8(SP)
	MOVQ  SI, 16(SP)
	MOVQ  DX, 24(SP)
	MOVQ  CX, 32(SP)
	MOVQ  R8, 40(SP)
	MOVQ  R9, 48(SP)
	MOVQ  X0, 56(SP)
	MOVQ  X1, 64(SP)
	MOVQ  X2, 72(SP)
	MOVQ  X3, 80(SP)
	MOVQ  X4, 88(SP)
	MOVQ  X5, 96(SP)
	MOVQ  X6, 104(SP)
	MOVQ  X7, 112(SP)
	LEAQ  16(BP), AX // the first stack argument: above the saved BP and the return address
	MOVQ  AX, 120(SP)
	MOVQ  $0, 128(SP)
	MOVQ  $0, 136(SP)
	MOVQ  $0, 144(SP)
	MOVQ  $0, 152(SP)
	MOVQ  ·callbackHandler(SB), DI // a func value: its first word is the code pointer
	MOVQ  (DI), DI
	MOVQ  SP, SI                   // a = &frame
	XORL  DX, DX                   // n (unused)
	XORL  CX, CX                   // ctxt
	CALL  crosscall2(SB)
	MOVQ  128(SP), AX
	MOVQ  136(SP), DX
	MOVQ  144(SP), X0
	MOVQ  152(SP), X1
	MOVQ  BP, SP
	POPQ  BP
	RET

leaf:
	JMP purectypes_callconv_leafcallback(SB)

// purectypes_callconv_leafcallback: a callback reached during a leaf call
// (AX = the goroutine, R11 = the callback's index). With the leaf record
// found above SP, it drops the C frames (SP to the C call's return
// address, as the fault handler does) and jumps to ·leafFault; without
// one, it jumps there from where it is.
TEXT purectypes_callconv_leafcallback(SB), NOSPLIT|NOFRAME, $0
	MOVQ  SP, R8
	CALL  purectypes_callconv_leaffind(SB)
	XORL  DI, DI
	XORL  SI, SI
	MOVQ  R11, DX
	XORL  CX, CX
	TESTQ R9, R9
	JZ    fault
	MOVQ  8(R9), DI
	MOVQ  $const_leafMagic, R10
	XORQ  0(R9), R10
	SUBQ  $8, R10
	MOVQ  R10, SP

fault:
	JMP ·leafFault(SB)
