//go:build linux && amd64

#include "textflag.h"
#include "go_asm.h"

// purectypes_callconv_exec runs a call plan (Plan.Invoke): on the system
// stack, called by runtime.cgocall (through asmcgocall) with the C calling
// convention, DI holding the *execFrame.
//
// It executes the plan's moves, each loading one word of an argument's C
// value (through the argument array, execFrame.args) into a block of words
// on this stack: the 14 argument registers (rdi, rsi, rdx, rcx, r8, r9,
// xmm0-xmm7), then the outgoing stack words, which are then copied to the
// bottom of the stack where the callee finds them. A move is 24 bytes:
// argOff (uint32, the argument's pointer in the array), off (uint32, in the
// argument), dstOff (uint32, in the block), op (uint32) and n (uint64,
// bytes, for ops past opU1). The arguments are Go memory, possibly on the
// goroutine stack: they are read here, before the call, while the
// goroutine is in a system call and its stack cannot move.
//
// After the call it stores rax, rdx, xmm0 and xmm1 in execFrame.res and
// copies a result of the MEMORY class (written by the callee on this
// stack, which no callback can move) to execFrame.ret. If the C function
// called back into Go and the goroutine stack grew, the stack was copied
// and the frame moved (and ret with it, if it pointed into that stack): as
// cgo's generated wrappers do, the trampoline asks _cgo_topofstack before
// and after the call and moves its pointers by the difference.
// MOVES runs the plan's moves: CX moves from MV, each loading from
// the argument array ARGS into the word block BLOCK (see above). It uses
// AX, SI, DI and DX; at the end count is 0. (Labels are per TEXT: use it
// once in each.)
#define MOVES(ARGS, MV, BLOCK) \
move: \
	TESTQ CX, CX \
	JEQ   moved \
	MOVL  0(MV), AX \
	MOVQ  (ARGS)(AX*1), SI \
	MOVL  4(MV), AX \
	ADDQ  AX, SI \
	MOVL  8(MV), DI \
	ADDQ  BLOCK, DI \
	MOVL  12(MV), AX \
	CMPL  AX, $0 \
	JNE   nots8 \
	MOVQ  (SI), AX \
	MOVQ  AX, (DI) \
	JMP   next \
nots8: \
	CMPL    AX, $1 \
	JNE     notS4 \
	MOVLQSX (SI), AX \
	MOVQ    AX, (DI) \
	JMP     next \
notS4: \
	CMPL AX, $2 \
	JNE  notU4 \
	MOVL (SI), AX \
	MOVQ AX, (DI) \
	JMP  next \
notU4: \
	CMPL    AX, $3 \
	JNE     notS2 \
	MOVWQSX (SI), AX \
	MOVQ    AX, (DI) \
	JMP     next \
notS2: \
	CMPL    AX, $4 \
	JNE     notU2 \
	MOVWQZX (SI), AX \
	MOVQ    AX, (DI) \
	JMP     next \
notU2: \
	CMPL    AX, $5 \
	JNE     notS1 \
	MOVBQSX (SI), AX \
	MOVQ    AX, (DI) \
	JMP     next \
notS1: \
	CMPL    AX, $6 \
	JNE     bytes \
	MOVBQZX (SI), AX \
	MOVQ    AX, (DI) \
	JMP     next \
bytes: \
	MOVQ 16(MV), DX \
words: \
	CMPQ DX, $8 \
	JB   byte \
	MOVQ (SI), AX \
	MOVQ AX, (DI) \
	ADDQ $8, SI \
	ADDQ $8, DI \
	SUBQ $8, DX \
	JMP  words \
byte: \
	TESTQ DX, DX \
	JEQ   next \
	MOVB  (SI), AX \
	MOVB  AX, (DI) \
	INCQ  SI \
	INCQ  DI \
	DECQ  DX \
	JMP   byte \
next: \
	ADDQ $24, MV \
	DECQ CX \
	JMP  move \
moved:

GLOBL ·execABI0(SB), NOPTR|RODATA, $8
DATA ·execABI0(SB)/8, $purectypes_callconv_exec(SB)

// _cgo_topofstack's address, for the callers of register results
// (loader_amd64.go), which call it as the trampolines do.
GLOBL ·cgoTopOfStackABI0(SB), NOPTR|RODATA, $8
DATA ·cgoTopOfStackABI0(SB)/8, $_cgo_topofstack(SB)

TEXT purectypes_callconv_exec(SB), NOSPLIT|NOFRAME, $0
	// Entry: SP = 8 mod 16. BP and five callee-saved registers, plus a
	// pad word: SP = 0 mod 16.
	PUSHQ BP
	MOVQ  SP, BP
	PUSHQ BX
	PUSHQ R12
	PUSHQ R13
	PUSHQ R14
	PUSHQ R15
	PUSHQ $0

	MOVQ DI, BX // BX = frame (callee-saved across the calls below)
	MOVQ execFrame_hdr(BX), R15 // R15 = the plan's execHdr (not moved by anything)
	CALL _cgo_topofstack(SB)
	MOVQ AX, R12 // R12 = top of the goroutine stack before the call

	// The word block: 14 registers + nstack words, rounded up to 16 bytes.
	MOVQ execHdr_nstack(R15), CX
	LEAQ (14*8+15)(CX*8), AX
	ANDQ $~15, AX
	SUBQ AX, SP
	MOVQ SP, R13 // R13 = the word block

	// A plan with a loader (loader_amd64.go): it loads the registers and
	// writes the stack words itself.
	MOVQ  execHdr_loader(R15), AX
	TESTQ AX, AX
	JNE   load

	// The moves.
	MOVQ execFrame_args(BX), R14
	MOVQ execHdr_moves(R15), R11
	MOVQ execHdr_nmoves(R15), CX

	MOVES(R14, R11, R13)

	// No stack words and no result in memory (the commonest calls): the
	// registers only.
	MOVQ execHdr_nstack(R15), CX
	ORQ  execHdr_sret(R15), CX
	JEQ  regs

	// The outgoing area: nstack words and room for a MEMORY-class result
	// (sret bytes), rounded up to 16 bytes, at the bottom of the stack.
	MOVQ execHdr_nstack(R15), CX
	LEAQ 15(CX*8), AX
	ADDQ execHdr_sret(R15), AX
	ANDQ $~15, AX
	SUBQ AX, SP
	XORQ DX, DX

stackword:
	CMPQ DX, CX
	JGE  stacked
	MOVQ (14*8)(R13)(DX*8), AX
	MOVQ AX, (SP)(DX*8)
	INCQ DX
	JMP  stackword

stacked:
	// A MEMORY-class result: its room, above the stack words, is the hidden
	// first argument (rdi; the plan put no argument there).
	CMPQ execHdr_sret(R15), $0
	JEQ  regs
	LEAQ (SP)(CX*8), AX
	MOVQ AX, 0(R13)

regs:
	// The vector registers if any is used (nsse is also %al below), the
	// integer ones if any is.
	CMPQ execHdr_nsse(R15), $0
	JEQ  ints
	MOVQ 48(R13), X0
	MOVQ 56(R13), X1
	MOVQ 64(R13), X2
	MOVQ 72(R13), X3
	MOVQ 80(R13), X4
	MOVQ 88(R13), X5
	MOVQ 96(R13), X6
	MOVQ 104(R13), X7

ints:
	CMPQ execHdr_nint(R15), $0
	JEQ  call
	MOVQ 0(R13), DI
	MOVQ 8(R13), SI
	MOVQ 16(R13), DX
	MOVQ 24(R13), CX
	MOVQ 32(R13), R8
	MOVQ 40(R13), R9

	JMP call

load:
	// The loader's path: the outgoing area as above, the loader called
	// with R11 = the argument array, then the hidden result pointer.
	MOVQ AX, R14
	MOVQ execHdr_nstack(R15), CX
	LEAQ 15(CX*8), AX
	ADDQ execHdr_sret(R15), AX
	ANDQ $~15, AX
	SUBQ AX, SP
	MOVQ execFrame_args(BX), R11
	CALL R14
	CMPQ execHdr_sret(R15), $0
	JEQ  call
	MOVQ execHdr_nstack(R15), DI
	LEAQ (SP)(DI*8), DI

call:
	// frame.ret as it is before the call, in a word of the block the
	// registers were loaded from (free now; 0 to 16 hold results below):
	// the runtime adjusts the frame's copy if a callback moves the stack,
	// and the range check below is right only for the old value.
	MOVQ execFrame_ret(BX), R11
	MOVQ R11, 24(R13)
	MOVQ execHdr_nsse(R15), AX // %al: vector registers used, for variadic callees
	MOVQ execFrame_fn(BX), R10
	CALL R10

	// Keep the results across _cgo_topofstack: rax, rdx in callee-saved
	// registers, xmm0 and xmm1 in the word block (above SP, so no call
	// overwrites it).
	MOVQ AX, R14
	MOVQ X0, 0(R13)
	MOVQ X1, 8(R13)
	MOVQ DX, 16(R13)
	CALL _cgo_topofstack(SB)
	SUBQ R12, AX // how far the goroutine stack moved
	ADDQ AX, BX  // the frame moved with it
	MOVQ R14, (execFrame_res+0*8)(BX) // rax
	MOVQ 16(R13), R14
	MOVQ R14, (execFrame_res+1*8)(BX) // rdx
	MOVQ 0(R13), R14
	MOVQ R14, (execFrame_res+2*8)(BX) // xmm0
	MOVQ 8(R13), R14
	MOVQ R14, (execFrame_res+3*8)(BX) // xmm1

	// Copy a MEMORY-class result to frame.ret. If frame.ret pointed into
	// the goroutine stack, between the Go caller's stack pointer (frame.sp,
	// below every frame that can hold it) and the stack's top, it moved
	// with the stack: move it too.
	MOVQ execHdr_sret(R15), CX
	CMPQ CX, $0
	JEQ  done
	MOVQ execHdr_nstack(R15), SI
	MOVQ 24(R13), DI // frame.ret as it was (see call)
	MOVQ execFrame_sp(BX), R13
	MOVQ DI, R14
	SUBQ R13, R14 // ret - sp
	MOVQ R12, R15
	SUBQ R13, R15 // old top - sp
	CMPQ R14, R15
	JAE  copyret  // unsigned: ret below sp or above the top, not on this stack
	ADDQ AX, DI

copyret:
	LEAQ (SP)(SI*8), SI // the result, above the stack words
	XORQ DX, DX

retword:
	LEAQ 8(DX), R13
	CMPQ R13, CX
	JGT  retbyte
	MOVQ (SI)(DX*1), R13
	MOVQ R13, (DI)(DX*1)
	ADDQ $8, DX
	JMP  retword

retbyte:
	CMPQ DX, CX
	JGE  done
	MOVB (SI)(DX*1), R13
	MOVB R13, (DI)(DX*1)
	INCQ DX
	JMP  retbyte

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

// purectypes_callconv_exec_regs is purectypes_callconv_exec for the
// commonest plans: no stack words and no result in memory. It saves only
// the two callee-saved registers it needs across the call, keeps the word
// block at a fixed place and runs the moves with caller-saved registers.
GLOBL ·execRegsABI0(SB), NOPTR|RODATA, $8
DATA ·execRegsABI0(SB)/8, $purectypes_callconv_exec_regs(SB)

TEXT purectypes_callconv_exec_regs(SB), NOSPLIT|NOFRAME, $0
	// Entry: SP = 8 mod 16; three pushes and the 112-byte block: 0 mod 16.
	PUSHQ BP
	MOVQ  SP, BP
	PUSHQ BX
	PUSHQ R12
	MOVQ  DI, BX
	CALL  _cgo_topofstack(SB)
	MOVQ  AX, R12
	SUBQ  $(14*8), SP

	MOVQ  execFrame_hdr(BX), R11
	MOVQ  execHdr_loader(R11), AX
	TESTQ AX, AX
	JEQ   moves
	MOVQ  execFrame_args(BX), R11
	CALL  AX
	JMP   call

moves:
	MOVQ execFrame_args(BX), R8
	MOVQ execHdr_moves(R11), R9
	MOVQ execHdr_nmoves(R11), CX
	MOVQ SP, R10
	MOVES(R8, R9, R10)

	CMPQ execHdr_nsse(R11), $0
	JEQ  ints
	MOVQ 48(SP), X0
	MOVQ 56(SP), X1
	MOVQ 64(SP), X2
	MOVQ 72(SP), X3
	MOVQ 80(SP), X4
	MOVQ 88(SP), X5
	MOVQ 96(SP), X6
	MOVQ 104(SP), X7

ints:
	CMPQ execHdr_nint(R11), $0
	JEQ  call
	MOVQ 0(SP), DI
	MOVQ 8(SP), SI
	MOVQ 16(SP), DX
	MOVQ 24(SP), CX
	MOVQ 32(SP), R8
	MOVQ 40(SP), R9

call:
	MOVQ execFrame_hdr(BX), R11
	MOVQ execHdr_nsse(R11), AX
	MOVQ execFrame_fn(BX), R11
	CALL R11

	// The results, kept in the block across _cgo_topofstack, then stored
	// in the frame, wherever the goroutine stack moved it.
	MOVQ AX, 0(SP)
	MOVQ DX, 8(SP)
	MOVQ X0, 16(SP)
	MOVQ X1, 24(SP)
	CALL _cgo_topofstack(SB)
	SUBQ R12, AX
	ADDQ AX, BX
	MOVQ 0(SP), AX
	MOVQ AX, (execFrame_res+0*8)(BX)
	MOVQ 8(SP), AX
	MOVQ AX, (execFrame_res+1*8)(BX)
	MOVQ 16(SP), AX
	MOVQ AX, (execFrame_res+2*8)(BX)
	MOVQ 24(SP), AX
	MOVQ AX, (execFrame_res+3*8)(BX)
	ADDQ $(14*8), SP
	POPQ R12
	POPQ BX
	POPQ BP
	XORL AX, AX
	RET

// purectypes_callconv_exec_ret32 is purectypes_callconv_exec_regs for plans
// whose result is void or an integer of at most 32 bits (and, with a loader,
// for such plans with stack words too): the C function's
// eax is the trampoline's own result, which runtime.cgocall returns to
// Invoke, so nothing is written to the goroutine stack after the call and
// no correction for a moved stack is needed. It saves no register: R11
// holds the frame until the call.
GLOBL ·execRet32ABI0(SB), NOPTR|RODATA, $8
DATA ·execRet32ABI0(SB)/8, $purectypes_callconv_exec_ret32(SB)

TEXT purectypes_callconv_exec_ret32(SB), NOSPLIT|NOFRAME, $0
	// Entry: SP = 8 mod 16; BP and the 112-byte block: 0 mod 16.
	PUSHQ BP
	MOVQ  SP, BP

	SUBQ  $(14*8), SP

	// A plan with a loader: fn and %al kept in the block across it.
	// With a loader the plan may have stack words too: their area, 16-byte
	// rounded, goes below the block, and fn and %al are read back through
	// BP.
	MOVQ  execFrame_hdr(DI), R10
	MOVQ  execHdr_loader(R10), AX
	TESTQ AX, AX
	JEQ   moves
	MOVQ  execHdr_nstack(R10), CX
	MOVQ  execHdr_nsse(R10), R10
	MOVQ  R10, 8(SP)
	MOVQ  execFrame_fn(DI), R10
	MOVQ  R10, 0(SP)
	LEAQ  15(CX*8), CX
	ANDQ  $~15, CX
	SUBQ  CX, SP
	MOVQ  execFrame_args(DI), R11
	CALL  AX
	MOVQ  -(14*8-8)(BP), AX
	MOVQ  -(14*8)(BP), R10
	JMP   callfn

moves:
	MOVQ  DI, R11

	MOVQ execFrame_args(R11), R8
	MOVQ execFrame_hdr(R11), R9
	MOVQ execHdr_nmoves(R9), CX
	MOVQ execHdr_moves(R9), R9
	MOVQ SP, R10
	MOVES(R8, R9, R10)
	MOVQ execFrame_hdr(R11), R9

	CMPQ execHdr_nsse(R9), $0
	JEQ  ints
	MOVQ 48(SP), X0
	MOVQ 56(SP), X1
	MOVQ 64(SP), X2
	MOVQ 72(SP), X3
	MOVQ 80(SP), X4
	MOVQ 88(SP), X5
	MOVQ 96(SP), X6
	MOVQ 104(SP), X7

ints:
	MOVQ execHdr_nsse(R9), AX // %al (R9 is an argument register below)
	CMPQ execHdr_nint(R9), $0
	JEQ  call
	MOVQ 0(SP), DI
	MOVQ 8(SP), SI
	MOVQ 16(SP), DX
	MOVQ 24(SP), CX
	MOVQ 32(SP), R8
	MOVQ 40(SP), R9

call:
	MOVQ execFrame_fn(R11), R10

callfn:
	CALL R10
	MOVQ BP, SP
	POPQ BP
	RET

// purectypes_callconv_execmoves runs a plan's moves for a trampoline that
// cannot hold MOVES' labels (a leaf trampoline expands its body twice):
// R8 the argument array, R9 the moves, CX their count, R10 the word
// block. Clobbers AX, SI, DI, DX, CX, R9.
TEXT purectypes_callconv_execmoves(SB), NOSPLIT|NOFRAME, $0
	MOVES(R8, R9, R10)
	RET
