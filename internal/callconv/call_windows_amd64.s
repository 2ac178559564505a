//go:build windows && amd64

#include "textflag.h"
#include "go_asm.h"

// The Win64 trampoline runs on the system stack, called by runtime.cgocall
// (through asmcgocall) with the Win64 convention: CX holds the *w64Frame.
// It reserves the callee's argument area (shadow space, stack words, copies
// of arguments passed by reference, the result memory), runs the plan's
// steps (w64Op) to fill it from the argument values, loads slots 0-3 into
// both rcx/rdx/r8/r9 and xmm0-xmm3 (a variadic callee wants floats in
// both; any other ignores the register of the wrong kind), calls frame.fn
// and stores rax, xmm0 and the thread's last-error value back in the frame.
//
// The frame lives on the calling goroutine's stack, which moves if C calls
// back into Go and the goroutine's stack grows meanwhile. As cgo's wrappers
// do, the trampoline asks _cgo_topofstack (the runtime's, on every amd64
// system) for the goroutine stack's top before and after the call and
// moves its frame pointer by the difference. A result in memory is copied
// to frame.ret, read after the call from the moved frame: a pointer, which
// the stack copier adjusted if it pointed into the stack.
GLOBL ·w64TrampolineABI0(SB), NOPTR|RODATA, $8
DATA ·w64TrampolineABI0(SB)/8, $purectypes_callconv_w64_trampoline(SB)

TEXT purectypes_callconv_w64_trampoline(SB), NOSPLIT|NOFRAME, $0
	// Entry: SP = 8 mod 16. Save BP and the Win64 callee-saved registers
	// used (nine pushes with BP and the pad: SP = 0 mod 16).
	PUSHQ BP
	MOVQ  SP, BP
	PUSHQ BX
	PUSHQ SI
	PUSHQ DI
	PUSHQ R12
	PUSHQ R13
	PUSHQ R14
	PUSHQ R15
	PUSHQ $0

	MOVQ CX, BX // BX = frame (callee-saved across the calls below)
	CALL _cgo_topofstack(SB)
	MOVQ AX, R12 // R12 = top of the goroutine stack before the call

	SUBQ w64Frame_bytes(BX), SP // a multiple of 16
	ANDQ $~(const_w64MaxAlign-1), SP // copies aligned up to w64MaxAlign (the epilogue restores SP from BP)
	MOVQ w64Frame_ops(BX), R13
	MOVQ w64Frame_nops(BX), R14
	MOVQ w64Frame_args(BX), R15

step:
	TESTQ R14, R14
	JZ    loaded
	MOVQ  w64Op_dst(R13), DI
	MOVQ  w64Op_kind(R13), AX
	CMPQ  AX, $const_w64Sret
	JEQ   sret
	MOVQ  w64Op_arg(R13), DX
	MOVQ  (R15)(DX*8), SI // the argument's value
	MOVQ  w64Op_size(R13), CX
	CMPQ  AX, $const_w64Ref
	JEQ   ref
	CMPQ  CX, $8
	JNE   value4
	MOVQ  (SI), AX
	JMP   store

value4:
	CMPQ CX, $4
	JNE  value2
	MOVL (SI), AX // zero-extends
	JMP  store

value2:
	CMPQ    CX, $2
	JNE     value1
	MOVWQZX (SI), AX
	JMP     store

value1:
	MOVBQZX (SI), AX

store:
	MOVQ AX, (SP)(DI*1)
	JMP  next

ref:
	// A copy on this stack; its address in the slot.
	MOVQ w64Op_copy(R13), DX
	LEAQ (SP)(DX*1), DX
	MOVQ DX, (SP)(DI*1)
	MOVQ DX, DI
	CALL w64copy<>(SB)
	JMP  next

sret:
	MOVQ w64Op_copy(R13), DX
	LEAQ (SP)(DX*1), DX
	MOVQ DX, (SP)(DI*1)

next:
	ADDQ $w64Op__size, R13
	DECQ R14
	JMP  step

loaded:
	MOVQ 0(SP), CX
	MOVQ 8(SP), DX
	MOVQ 16(SP), R8
	MOVQ 24(SP), R9
	MOVQ CX, X0
	MOVQ DX, X1
	MOVQ R8, X2
	MOVQ R9, X3
	MOVQ w64Frame_fn(BX), AX
	CALL AX

	// Keep the results in callee-saved registers across _cgo_topofstack,
	// with the thread's last-error value (GetLastError: the TEB, at GS:0x30,
	// holds it at 0x68).
	MOVQ AX, R13
	MOVQ X0, R14
	MOVQ 0x30(GS), R15
	MOVL 0x68(R15), R15
	CALL _cgo_topofstack(SB)
	SUBQ R12, AX // how far the goroutine stack moved
	ADDQ AX, BX  // the frame moved with it
	MOVQ R13, w64Frame_rax(BX)
	MOVQ R14, w64Frame_xmm0(BX)
	MOVQ R15, w64Frame_errno(BX)

	// A result in memory: copy it to frame.ret.
	MOVQ w64Frame_rsize(BX), CX
	TESTQ CX, CX
	JZ   done
	MOVQ w64Frame_sret(BX), SI
	LEAQ (SP)(SI*1), SI
	MOVQ w64Frame_ret(BX), DI
	CALL w64copy<>(SB)

done:
	// Restore the callee-saved registers and return 0 to cgocall.
	LEAQ -64(BP), SP
	POPQ AX
	POPQ R15
	POPQ R14
	POPQ R13
	POPQ R12
	POPQ DI
	POPQ SI
	POPQ BX
	POPQ BP
	XORL AX, AX
	RET

// w64copy copies CX bytes from SI to DI (words first, then bytes),
// clobbering R8, R9 and R10.
TEXT w64copy<>(SB), NOSPLIT|NOFRAME, $0
	MOVQ CX, R10
	ANDQ $~7, R10
	XORQ R8, R8

words:
	CMPQ R8, R10
	JGE  bytes
	MOVQ (SI)(R8*1), R9
	MOVQ R9, (DI)(R8*1)
	ADDQ $8, R8
	JMP  words

bytes:
	CMPQ R8, CX
	JGE  copied
	MOVB (SI)(R8*1), R9
	MOVB R9, (DI)(R8*1)
	INCQ R8
	JMP  bytes

copied:
	RET
