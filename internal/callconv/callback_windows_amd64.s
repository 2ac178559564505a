//go:build windows && amd64

#include "textflag.h"
#include "go_asm.h"

// purectypes_callconv_w64_callback is the C function every callback thunk
// jumps to, with R11 holding the thunk's index (see
// callback_windows_amd64.go). It stores the four register arguments in the
// shadow space the caller reserved (8..39 above SP at entry, just below the
// stack arguments), fills a CallbackFrame on the C stack (the index, the
// address of slot 0, xmm0-xmm3), saves the registers Win64 says a callee
// keeps and Go does not (rbx, rbp, rdi, rsi, r12-r15, xmm6-xmm15), and
// calls runtime.cgocallback(callbackGo, &frame, 0) with the Go ABI0
// convention, as the runtime's callbackasm1 does. Then it loads the result
// registers (rax, xmm0) the handler left in the frame.
//
// Stack, from SP after the prologue: 0..23 cgocallback's arguments, 32 the
// CallbackFrame, then the saved general registers (64 bytes) and xmm6-xmm15
// (160 bytes). BP is SP at entry less 8: slot 0 is at 16(BP).
GLOBL ·callbackEntryABI0(SB), NOPTR|RODATA, $8
DATA ·callbackEntryABI0(SB)/8, $purectypes_callconv_w64_callback(SB)

#define CF 32
#define SAVED (CF+CallbackFrame__size)
#define FRAME (SAVED+64+160)

TEXT purectypes_callconv_w64_callback(SB), NOSPLIT|NOFRAME, $0
	// A leaf call in progress on this thread (its record below the TEB's
	// StackBase, see leaf_windows_amd64.s) makes a callback fatal.
	MOVQ 0x30(GS), AX
	MOVQ 8(AX), AX
	LEAQ -const_leafRec(AX), AX
	MOVQ const_leafRecMagic(AX), R10
	XORQ AX, R10
	MOVQ $const_leafMagic, AX
	CMPQ R10, AX
	JEQ  leafcallback

	MOVQ CX, 8(SP)
	MOVQ DX, 16(SP)
	MOVQ R8, 24(SP)
	MOVQ R9, 32(SP)

	// Entry: SP = 8 mod 16; after PUSHQ BP it is 16-aligned, and FRAME (a
	// multiple of 16) keeps it so.
	PUSHQ BP
	MOVQ  SP, BP
	SUBQ  $FRAME, SP

	MOVQ   DI, (SAVED+0)(SP)
	MOVQ   SI, (SAVED+8)(SP)
	MOVQ   BX, (SAVED+16)(SP)
	MOVQ   R12, (SAVED+24)(SP)
	MOVQ   R13, (SAVED+32)(SP)
	MOVQ   R14, (SAVED+40)(SP)
	MOVQ   R15, (SAVED+48)(SP)
	MOVUPS X6, (SAVED+64)(SP)
	MOVUPS X7, (SAVED+80)(SP)
	MOVUPS X8, (SAVED+96)(SP)
	MOVUPS X9, (SAVED+112)(SP)
	MOVUPS X10, (SAVED+128)(SP)
	MOVUPS X11, (SAVED+144)(SP)
	MOVUPS X12, (SAVED+160)(SP)
	MOVUPS X13, (SAVED+176)(SP)
	MOVUPS X14, (SAVED+192)(SP)
	MOVUPS X15, (SAVED+208)(SP)

	MOVQ R11, (CF+CallbackFrame_Index)(SP)
	LEAQ 16(BP), AX
	MOVQ AX, (CF+CallbackFrame_slots)(SP)
	MOVQ X0, (CF+CallbackFrame_xmm+0)(SP)
	MOVQ X1, (CF+CallbackFrame_xmm+8)(SP)
	MOVQ X2, (CF+CallbackFrame_xmm+16)(SP)
	MOVQ X3, (CF+CallbackFrame_xmm+24)(SP)
	MOVQ $0, (CF+CallbackFrame_ret+0)(SP)
	MOVQ $0, (CF+CallbackFrame_ret+8)(SP)

	MOVQ ·callbackGoFn(SB), AX // a func value: its first word is the code address
	MOVQ (AX), AX
	MOVQ AX, 0(SP)             // fn
	LEAQ CF(SP), AX
	MOVQ AX, 8(SP)             // frame
	MOVQ $0, 16(SP)            // ctxt
	CALL runtime·cgocallback(SB)

	MOVQ (CF+CallbackFrame_ret+0)(SP), AX
	MOVQ (CF+CallbackFrame_ret+8)(SP), X0

	MOVQ   (SAVED+0)(SP), DI
	MOVQ   (SAVED+8)(SP), SI
	MOVQ   (SAVED+16)(SP), BX
	MOVQ   (SAVED+24)(SP), R12
	MOVQ   (SAVED+32)(SP), R13
	MOVQ   (SAVED+40)(SP), R14
	MOVQ   (SAVED+48)(SP), R15
	MOVUPS (SAVED+64)(SP), X6
	MOVUPS (SAVED+80)(SP), X7
	MOVUPS (SAVED+96)(SP), X8
	MOVUPS (SAVED+112)(SP), X9
	MOVUPS (SAVED+128)(SP), X10
	MOVUPS (SAVED+144)(SP), X11
	MOVUPS (SAVED+160)(SP), X12
	MOVUPS (SAVED+176)(SP), X13
	MOVUPS (SAVED+192)(SP), X14
	MOVUPS (SAVED+208)(SP), X15
	MOVQ   BP, SP
	POPQ   BP
	RET

leafcallback:
	// Resume as the leaf trampoline's callee: leaf_windows_amd64.s's
	// leaffault ends the program naming the function.
	MOVQ 0x30(GS), AX
	MOVQ 8(AX), AX
	LEAQ -const_leafRec(AX), AX
	MOVQ $0, const_leafRecCode(AX)
	MOVQ R11, const_leafRecAddr(AX)
	MOVQ $0, const_leafRecPC(AX)
	LEAQ -8(AX), SP
	JMP  purectypes_callconv_w64_leaffault(SB)
