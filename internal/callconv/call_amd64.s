//go:build linux && amd64

#include "textflag.h"
#include "go_asm.h"

// The trampoline runs on the system stack, called by runtime.cgocall
// (through asmcgocall) with the C calling convention: DI holds the
// *Frame. It loads the argument registers and outgoing stack words from
// the frame, calls frame.fn, and stores rax, rdx, xmm0 and xmm1 back.
//
// The frame lives on the calling goroutine's stack. If the C function
// calls back into Go and the goroutine's stack grows, the stack is copied
// and the frame moves. As cgo's generated wrappers do, the trampoline asks
// _cgo_topofstack (the goroutine stack's top, from the runtime) before and
// after the call and moves its frame pointer by the difference before
// writing the results. The stack words are only read before the call.
GLOBL ·trampolineABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineABI0(SB)/8, $purectypes_callconv_trampoline(SB)

TEXT purectypes_callconv_trampoline(SB), NOSPLIT|NOFRAME, $0
	// Entry: SP = 8 mod 16. Save BP and the callee-saved registers used
	// (6 pushes with BP: SP = 0 mod 16 again).
	PUSHQ BP
	MOVQ  SP, BP
	PUSHQ BX
	PUSHQ R12
	PUSHQ R13
	PUSHQ R14
	PUSHQ R15
	PUSHQ $0

	MOVQ DI, BX // BX = frame (callee-saved across the calls below)
	CALL _cgo_topofstack(SB)
	MOVQ AX, R12 // R12 = top of the goroutine stack before the call

	// Outgoing stack words: reserve round_up(8*n+sret+7, 16) bytes (the
	// stack words, then room for a result of the MEMORY class, sret bytes),
	// copy them.
	MOVQ Frame_nstack(BX), CX
	MOVQ CX, AX
	SHLQ $3, AX
	ADDQ Frame_sret(BX), AX
	ADDQ $7, AX
	ADDQ $15, AX
	ANDQ $~15, AX
	SUBQ AX, SP
	MOVQ Frame_stack(BX), SI
	XORQ DX, DX

copy:
	CMPQ DX, CX
	JGE  loaded
	MOVQ (SI)(DX*8), AX
	MOVQ AX, (SP)(DX*8)
	INCQ DX
	JMP  copy

loaded:
	// A result of the MEMORY class goes to the room above the stack words,
	// on this (system) stack, which no callback can move: its address is
	// the hidden first argument.
	CMPQ Frame_sret(BX), $0
	JEQ  regs
	LEAQ (SP)(CX*8), AX
	MOVQ AX, (Frame_regs+0*8)(BX)

regs:
	MOVQ (Frame_regs+6*8)(BX), X0
	MOVQ (Frame_regs+7*8)(BX), X1
	MOVQ (Frame_regs+8*8)(BX), X2
	MOVQ (Frame_regs+9*8)(BX), X3
	MOVQ (Frame_regs+10*8)(BX), X4
	MOVQ (Frame_regs+11*8)(BX), X5
	MOVQ (Frame_regs+12*8)(BX), X6
	MOVQ (Frame_regs+13*8)(BX), X7
	MOVQ (Frame_regs+0*8)(BX), DI
	MOVQ (Frame_regs+1*8)(BX), SI
	MOVQ (Frame_regs+2*8)(BX), DX
	MOVQ (Frame_regs+3*8)(BX), CX
	MOVQ (Frame_regs+4*8)(BX), R8
	MOVQ (Frame_regs+5*8)(BX), R9
	MOVQ Frame_nsse(BX), AX // %al: vector registers used, for variadic callees
	MOVQ Frame_fn(BX), R10
	CALL R10

	// Keep the results across _cgo_topofstack: rax, rdx in callee-saved
	// registers, xmm0 and xmm1 in the stack area (16 bytes, still aligned).
	MOVQ AX, R13
	MOVQ DX, R14
	MOVQ X0, R15
	SUBQ $16, SP
	MOVQ X1, 0(SP)
	CALL _cgo_topofstack(SB)
	SUBQ R12, AX // how far the goroutine stack moved
	ADDQ AX, BX  // the frame moved with it
	MOVQ R13, (Frame_regs+0*8)(BX) // rax
	MOVQ R14, (Frame_regs+1*8)(BX) // rdx
	MOVQ R15, (Frame_regs+6*8)(BX) // xmm0
	MOVQ 0(SP), R13
	MOVQ R13, (Frame_regs+7*8)(BX) // xmm1

	// Copy a MEMORY-class result to frame.ret. If frame.ret pointed into
	// the goroutine stack, between the Go caller's stack pointer (frame.sp,
	// below every frame that can hold it) and the stack's top, it moved
	// with the stack: move it too.
	MOVQ Frame_sret(BX), CX
	CMPQ CX, $0
	JEQ  done
	MOVQ Frame_ret(BX), DI
	MOVQ Frame_sp(BX), R13
	MOVQ DI, R14
	SUBQ R13, R14 // ret - sp
	MOVQ R12, R15
	SUBQ R13, R15 // old top - sp
	CMPQ R14, R15
	JAE  copyret // unsigned: ret below sp or above the top, not on this stack
	ADDQ AX, DI

copyret:
	MOVQ Frame_nstack(BX), SI
	LEAQ 16(SP)(SI*8), SI // the result, above the saved xmm1 and the stack words
	XORQ DX, DX
	MOVQ CX, R15
	ANDQ $~7, R15 // whole words first, then the bytes left

retwords:
	CMPQ DX, R15
	JGE  retbytes
	MOVQ (SI)(DX*1), R13
	MOVQ R13, (DI)(DX*1)
	ADDQ $8, DX
	JMP  retwords

retbytes:
	CMPQ DX, CX
	JGE  done
	MOVB (SI)(DX*1), R13
	MOVB R13, (DI)(DX*1)
	INCQ DX
	JMP  retbytes

done:

	// Restore the callee-saved registers and return 0 to cgocall.
	LEAQ -48(BP), SP
	POPQ AX
	POPQ R15
	POPQ R14
	POPQ R13
	POPQ R12
	POPQ BX
	POPQ BP
	XORL AX, AX
	RET

// The simple trampolines serve calls with no outgoing stack words
// (Plan.CallSimple): the same steps as the trampoline above with fewer
// registers to save and no stack copy. trampolineSimple loads every
// argument register; trampolineInts only the integer ones (no float
// arguments) and trampolineFloats only the vector ones (no integer
// arguments), which saves a few loads per call in the commonest signatures.
GLOBL ·trampolineSimpleABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineSimpleABI0(SB)/8, $purectypes_callconv_trampoline_simple(SB)
GLOBL ·trampolineIntsABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineIntsABI0(SB)/8, $purectypes_callconv_trampoline_ints(SB)
GLOBL ·trampolineFloatsABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineFloatsABI0(SB)/8, $purectypes_callconv_trampoline_floats(SB)

// Entry: SP = 8 mod 16; three pushes make it 0 mod 16. BX = frame, R12 =
// the top of the goroutine stack before the call.
#define SIMPLE_ENTER \
	PUSHQ BP \
	MOVQ  SP, BP \
	PUSHQ BX \
	PUSHQ R12 \
	MOVQ  DI, BX \
	CALL  _cgo_topofstack(SB) \
	MOVQ  AX, R12

#define LOAD_FLOATS \
	MOVQ (Frame_regs+6*8)(BX), X0 \
	MOVQ (Frame_regs+7*8)(BX), X1 \
	MOVQ (Frame_regs+8*8)(BX), X2 \
	MOVQ (Frame_regs+9*8)(BX), X3 \
	MOVQ (Frame_regs+10*8)(BX), X4 \
	MOVQ (Frame_regs+11*8)(BX), X5 \
	MOVQ (Frame_regs+12*8)(BX), X6 \
	MOVQ (Frame_regs+13*8)(BX), X7

#define LOAD_INTS \
	MOVQ (Frame_regs+0*8)(BX), DI \
	MOVQ (Frame_regs+1*8)(BX), SI \
	MOVQ (Frame_regs+2*8)(BX), DX \
	MOVQ (Frame_regs+3*8)(BX), CX \
	MOVQ (Frame_regs+4*8)(BX), R8 \
	MOVQ (Frame_regs+5*8)(BX), R9

// Call frame.fn (%al: vector registers used, for variadic callees), keep
// the results on this (system) stack across _cgo_topofstack, move the
// frame pointer by how far the goroutine stack moved, store the results
// in the frame and return 0 to cgocall.
#define SIMPLE_CALL_LEAVE \
	MOVQ  Frame_nsse(BX), AX \
	MOVQ  Frame_fn(BX), R10 \
	CALL  R10 \
	SUBQ  $32, SP \
	MOVQ  AX, 0(SP) \
	MOVQ  DX, 8(SP) \
	MOVQ  X0, 16(SP) \
	MOVQ  X1, 24(SP) \
	CALL  _cgo_topofstack(SB) \
	SUBQ  R12, AX \
	ADDQ  AX, BX \
	MOVQ  0(SP), AX \
	MOVQ  AX, (Frame_regs+0*8)(BX) \
	MOVQ  8(SP), AX \
	MOVQ  AX, (Frame_regs+1*8)(BX) \
	MOVQ  16(SP), AX \
	MOVQ  AX, (Frame_regs+6*8)(BX) \
	MOVQ  24(SP), AX \
	MOVQ  AX, (Frame_regs+7*8)(BX) \
	ADDQ  $32, SP \
	POPQ  R12 \
	POPQ  BX \
	POPQ  BP \
	XORL  AX, AX \
	RET

TEXT purectypes_callconv_trampoline_simple(SB), NOSPLIT|NOFRAME, $0
	SIMPLE_ENTER
	LOAD_FLOATS
	LOAD_INTS
	SIMPLE_CALL_LEAVE

TEXT purectypes_callconv_trampoline_ints(SB), NOSPLIT|NOFRAME, $0
	SIMPLE_ENTER
	LOAD_INTS
	SIMPLE_CALL_LEAVE

TEXT purectypes_callconv_trampoline_floats(SB), NOSPLIT|NOFRAME, $0
	SIMPLE_ENTER
	LOAD_FLOATS
	SIMPLE_CALL_LEAVE

// trampolineIntFrame calls IntFrame.fn with the six integer argument
// registers loaded from the IntFrame (no vector registers: %al = 0) and
// stores rax in regs[0], correcting the frame's address as above.
GLOBL ·trampolineIntFrameABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineIntFrameABI0(SB)/8, $purectypes_callconv_trampoline_intframe(SB)

TEXT purectypes_callconv_trampoline_intframe(SB), NOSPLIT|NOFRAME, $0
	SIMPLE_ENTER
	MOVQ (IntFrame_Regs+0*8)(BX), DI
	MOVQ (IntFrame_Regs+1*8)(BX), SI
	MOVQ (IntFrame_Regs+2*8)(BX), DX
	MOVQ (IntFrame_Regs+3*8)(BX), CX
	MOVQ (IntFrame_Regs+4*8)(BX), R8
	MOVQ (IntFrame_Regs+5*8)(BX), R9
	XORL AX, AX
	MOVQ IntFrame_fn(BX), R10
	CALL R10
	SUBQ $16, SP
	MOVQ AX, 0(SP)
	CALL _cgo_topofstack(SB)
	SUBQ R12, AX
	ADDQ AX, BX
	MOVQ 0(SP), AX
	MOVQ AX, (IntFrame_Regs+0*8)(BX)
	ADDQ $16, SP
	POPQ R12
	POPQ BX
	POPQ BP
	XORL AX, AX
	RET
