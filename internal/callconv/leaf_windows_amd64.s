//go:build windows && amd64

#include "textflag.h"
#include "go_asm.h"

// The Win64 leaf trampolines (see leaf_windows_amd64.go). Each has a frame
// of its bound plus leafTop bytes, so that its prologue grows the
// goroutine stack to hold it before C runs. It moves SP to the frame's top
// (ADJSP: every PC stays unwindable), writes the leaf record there, moves
// the TEB's StackBase to the record's end and StackLimit to the frame's
// bottom (rounded up to a page), and calls the Win64 trampoline
// (call_windows_amd64.s), which runs the plan's steps, calls C and stores
// the results in the w64Frame as for an ordinary call. Then it puts the
// TEB's bounds back. The Win64 trampoline keeps R13 (Win64 callee-saved).

#define LEAF(NAME, FRAME) \
TEXT NAME(SB), 0, $FRAME-8 \
	MOVQ fr+0(FP), CX \
	ADJSP $-(FRAME-const_leafRec) \
	MOVQ 0x30(GS), R13 \
	MOVQ 8(R13), AX \
	MOVQ AX, const_leafRecBase(SP) \
	MOVQ 16(R13), AX \
	MOVQ AX, const_leafRecLimit(SP) \
	MOVQ w64Frame_fn(CX), AX \
	MOVQ AX, const_leafRecFn(SP) \
	MOVQ SP, DX \
	MOVQ $const_leafMagic, AX \
	XORQ DX, AX \
	MOVQ AX, const_leafRecMagic(SP) \
	LEAQ const_leafRec(DX), AX \
	MOVQ AX, 8(R13) \
	LEAQ -(FRAME-const_leafRec-4095)(DX), AX \
	ANDQ $~4095, AX \
	MOVQ AX, 16(R13) \
	CALL purectypes_callconv_w64_trampoline(SB) \
	MOVQ const_leafRecBase(SP), AX \
	MOVQ AX, 8(R13) \
	MOVQ const_leafRecLimit(SP), AX \
	MOVQ AX, 16(R13) \
	MOVQ $0, const_leafRecMagic(SP) \
	ADJSP $(FRAME-const_leafRec) \
	RET

LEAF(·leafCall16K, const_leafFrame16K)
LEAF(·leafCall64K, const_leafFrame64K)
LEAF(·leafCall256K, const_leafFrame256K)
LEAF(·leafCall1M, const_leafFrame1M)

GLOBL ·leafVEHABI0(SB), NOPTR|RODATA, $8
DATA ·leafVEHABI0(SB)/8, $purectypes_callconv_w64_leafveh(SB)

// purectypes_callconv_w64_leafveh is the vectored exception handler (C
// ABI, CX = EXCEPTION_POINTERS). With a leaf call in progress on this
// thread (the record below the TEB's StackBase holds the magic word), it
// notes the exception code, address and PC in the record and resumes at
// purectypes_callconv_w64_leaffault with SP at the leaf trampoline's
// return address, as if the trampoline had called it; otherwise it lets
// the search go on (Go's handler is next).
TEXT purectypes_callconv_w64_leafveh(SB), NOSPLIT|NOFRAME, $0
	MOVQ  0x30(GS), AX
	MOVQ  8(AX), AX
	LEAQ  -const_leafRec(AX), R9 // the record, if any
	MOVQ  const_leafRecMagic(R9), R8
	XORQ  R9, R8
	MOVQ  $const_leafMagic, R10
	CMPQ  R8, R10
	JNE   search
	MOVQ  0(CX), R8              // EXCEPTION_RECORD
	MOVL  0(R8), R10             // ExceptionCode
	MOVQ  R10, const_leafRecCode(R9)
	MOVQ  16(R8), R10            // ExceptionAddress
	MOVQ  R10, const_leafRecPC(R9)
	MOVQ  40(R8), R10            // ExceptionInformation[1]: an access violation's address
	MOVQ  R10, const_leafRecAddr(R9)
	MOVQ  8(CX), R8              // CONTEXT
	LEAQ  -8(R9), R10
	MOVQ  R10, 0x98(R8)          // Rsp
	LEAQ  purectypes_callconv_w64_leaffault(SB), R10
	MOVQ  R10, 0xF8(R8)          // Rip
	MOVL  $-1, AX                // EXCEPTION_CONTINUE_EXECUTION
	RET

search:
	XORL AX, AX // EXCEPTION_CONTINUE_SEARCH
	RET

// purectypes_callconv_w64_leaffault runs on the leaf frame, its return
// address the leaf trampoline's (reached from the handler above, or from a
// callback entry during a leaf call): it puts the TEB's bounds back and
// calls leafFatal with the record's function, code, address and PC.
TEXT purectypes_callconv_w64_leaffault(SB), NOSPLIT, $32-0
	MOVQ 0x30(GS), AX
	MOVQ 8(AX), DX
	LEAQ -const_leafRec(DX), R9
	MOVQ const_leafRecBase(R9), R10
	MOVQ R10, 8(AX)
	MOVQ const_leafRecLimit(R9), R10
	MOVQ R10, 16(AX)
	MOVQ $0, const_leafRecMagic(R9)
	MOVQ const_leafRecFn(R9), R10
	MOVQ R10, 0(SP)
	MOVQ const_leafRecCode(R9), R10
	MOVQ R10, 8(SP)
	MOVQ const_leafRecAddr(R9), R10
	MOVQ R10, 16(SP)
	MOVQ const_leafRecPC(R9), R10
	MOVQ R10, 24(SP)
	CALL ·leafFatal(SB)
	INT  $3
