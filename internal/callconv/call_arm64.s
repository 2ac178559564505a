//go:build arm64 && (linux || darwin)

#include "textflag.h"
#include "go_asm.h"

// The AAPCS64 trampoline runs on the system stack, called by
// runtime.cgocall (through asmcgocall) with the C calling convention: R0
// holds the *callFrame (plan_arm64.go). It reserves frame.reserve bytes of
// system stack, aligned to frame.align: the outgoing stack arguments (copied from frame.stack),
// the copies of aggregates passed by reference (copied from the argument
// values, their addresses stored where the plan says) and room for an
// indirect result (its address in x8). It loads x0-x7 and d0-d7, calls
// frame.fn, and stores x0, x1 and d0-d3 in frame.res.
//
// The frame lives on the calling goroutine's stack. If the C function
// calls back into Go and the goroutine's stack grows, the stack is copied
// and the frame moves. As cgo's generated wrappers do (and
// call_amd64.s), the trampoline asks _cgo_topofstack before and after the
// call and moves its frame pointer by the difference before writing the
// results; an indirect result goes to frame.ret, moved too when it points
// into the goroutine stack (between frame.sp and the stack's old top).
//
// Registers kept across the calls (callee-saved, saved here): R19 the
// frame, R20 the stack's top before the call, R21 the reserved area, R22
// the stack's move.
GLOBL ·trampolineA64ABI0(SB), NOPTR|RODATA, $8
DATA ·trampolineA64ABI0(SB)/8, $purectypes_callconv_trampoline_a64(SB)

TEXT purectypes_callconv_trampoline_a64(SB), NOSPLIT|NOFRAME, $0
	STP.W (R29, R30), -64(RSP)
	MOVD  RSP, R29
	STP   (R19, R20), 16(RSP)
	STP   (R21, R22), 32(RSP)
	STP   (R23, R24), 48(RSP)
	MOVD  R0, R19
	BL    _cgo_topofstack(SB)
	MOVD  R0, R20

	MOVD callFrame_reserve(R19), R1
	MOVD RSP, R21
	SUB  R1, R21, R21
	MOVD callFrame_align(R19), R2
	NEG  R2, R2
	AND  R2, R21, R21 // aligned as the copies ask (a power of 2, at least 16)
	MOVD R21, RSP

	// The stack arguments: nstack bytes, whole words.
	MOVD callFrame_stack(R19), R2
	MOVD callFrame_nstack(R19), R3
	MOVD $0, R4

stackloop:
	CMP  R3, R4
	BGE  copies
	MOVD (R2)(R4), R5
	MOVD R5, (R21)(R4)
	ADD  $8, R4
	B    stackloop

copies:
	// The copies of aggregates passed by reference (a64Copy: arg, size,
	// off, dst).
	MOVD callFrame_copies(R19), R2
	MOVD callFrame_ncopies(R19), R3
	MOVD callFrame_args(R19), R22

copyloop:
	CBZ  R3, regs
	MOVD 0(R2), R4
	MOVD (R22)(R4), R4  // the argument's value
	MOVD 8(R2), R5      // its size
	MOVD 16(R2), R6
	ADD  R21, R6, R6    // the copy
	MOVD $0, R7
	AND  $~7, R5, R8

copywords:
	CMP   R8, R7
	BGE   copybytes
	MOVD  (R4)(R7), R10
	MOVD  R10, (R6)(R7)
	ADD   $8, R7
	B     copywords

copybytes:
	CMP   R5, R7
	BGE   patch
	MOVBU (R4)(R7), R10
	MOVB  R10, (R6)(R7)
	ADD   $1, R7
	B     copybytes

patch:
	MOVD 24(R2), R7
	TBNZ $63, R7, patchstack
	LSL  $3, R7, R7
	ADD  R19, R7, R7
	MOVD R6, callFrame_regs(R7) // x<dst>
	B    nextcopy

patchstack:
	AND  $~(1<<63), R7, R7
	MOVD R6, (R21)(R7)

nextcopy:
	ADD $32, R2
	SUB $1, R3
	B   copyloop

regs:
	MOVD callFrame_x8(R19), R8
	MOVD callFrame_sret(R19), R1
	CBZ  R1, load
	MOVD callFrame_sretOff(R19), R2
	ADD  R21, R2, R8 // the indirect result, on this stack

load:
	FLDPD (callFrame_regs+64)(R19), (F0, F1)
	FLDPD (callFrame_regs+80)(R19), (F2, F3)
	FLDPD (callFrame_regs+96)(R19), (F4, F5)
	FLDPD (callFrame_regs+112)(R19), (F6, F7)
	MOVD  callFrame_fn(R19), R9
	LDP   (callFrame_regs+0)(R19), (R0, R1)
	LDP   (callFrame_regs+16)(R19), (R2, R3)
	LDP   (callFrame_regs+32)(R19), (R4, R5)
	LDP   (callFrame_regs+48)(R19), (R6, R7)
	BL    (R9)

	// Keep the results on this stack across _cgo_topofstack, move the
	// frame pointer by how far the goroutine stack moved, store them.
	SUB   $48, RSP
	STP   (R0, R1), 0(RSP)
	FSTPD (F0, F1), 16(RSP)
	FSTPD (F2, F3), 32(RSP)
	BL    _cgo_topofstack(SB)
	SUB   R20, R0, R22
	ADD   R22, R19, R19
	LDP   0(RSP), (R1, R2)
	STP   (R1, R2), (callFrame_res+0)(R19)
	LDP   16(RSP), (R1, R2)
	STP   (R1, R2), (callFrame_res+16)(R19)
	LDP   32(RSP), (R1, R2)
	STP   (R1, R2), (callFrame_res+32)(R19)

	// Copy an indirect result to frame.ret, moved with the stack if it
	// pointed into it.
	MOVD callFrame_sret(R19), R5
	CBZ  R5, done
	MOVD callFrame_ret(R19), R6
	CBZ  R6, done    // the caller ignores the result
	MOVD callFrame_sp(R19), R7
	SUB  R7, R6, R8  // ret - sp
	SUB  R7, R20, R10 // old top - sp
	CMP  R10, R8
	BHS  copyret     // unsigned: ret below sp or above the top, not on this stack
	ADD  R22, R6, R6

copyret:
	MOVD callFrame_sretOff(R19), R4
	ADD  R21, R4, R4
	MOVD $0, R7
	AND  $~7, R5, R8

retwords:
	CMP  R8, R7
	BGE  retbytes
	MOVD (R4)(R7), R10
	MOVD R10, (R6)(R7)
	ADD  $8, R7
	B    retwords

retbytes:
	CMP   R5, R7
	BGE   done
	MOVBU (R4)(R7), R10
	MOVB  R10, (R6)(R7)
	ADD   $1, R7
	B     retbytes

done:
	MOVD  R29, RSP
	LDP   16(RSP), (R19, R20)
	LDP   32(RSP), (R21, R22)
	LDP   48(RSP), (R23, R24)
	LDP.P 64(RSP), (R29, R30)
	MOVD  $0, R0
	RET
