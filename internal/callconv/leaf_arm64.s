//go:build arm64 && (linux || darwin)

#include "textflag.h"
#include "funcdata.h"
#include "go_asm.h"

// Leaf trampolines of the AAPCS64 engine: call a C function on the
// goroutine stack, without runtime.cgocall (see leaf_arm64.go for the
// contract and why the work is split in two).
//
// ·leafCall<bound> is an ABI0 function with a large frame, NOT NOSPLIT: its
// prologue compares the frame size with the goroutine's stack guard and
// grows the stack through morestack like any Go function's, and saves LR
// at the frame's bottom and the caller's frame pointer below it. It never
// moves its SP again: it calls purectypes_callconv_leafenter with R0 = the
// *leafFrame and R1 = the record's offset from its SP, and returns. Every
// PC of it is unwindable. The frame, from its bottom (RSP) up:
//
//	0(RSP)                     the saved LR
//	16(RSP) ..                 the C function's own stack, at least the bound
//	.. C_SP + reserve          the outgoing stack arguments, the copies of
//	                           aggregates passed by reference, the indirect
//	                           result: leafArgs bytes at most, C_SP at their
//	                           bottom aligned as the plan asks
//	FRAME-48(RSP)              the leaf record: leafMagic^C_SP, the
//	                           *leafFrame, the trampoline's SP, the PC after
//	                           its call of leafenter, its R29
#define LEAF(NAME, FRAME) \
TEXT NAME(SB), 0, $FRAME-8 \
	NO_LOCAL_POINTERS \
	MOVD fr+0(FP), R0 \
	MOVD $(FRAME-48), R1 \
	BL   purectypes_callconv_leafenter(SB) \
	RET

LEAF(·leafCall16K, const_leafFrame16K)
LEAF(·leafCall64K, const_leafFrame64K)
LEAF(·leafCall256K, const_leafFrame256K)
LEAF(·leafCall1M, const_leafFrame1M)

// purectypes_callconv_leafenter makes the C call of a leaf trampoline: R0
// the *leafFrame, R1 the record's offset from RSP (the trampoline's SP),
// LR the return into the trampoline. It writes the record, copies the
// stack arguments and the aggregates passed by reference to C_SP and up
// (as call_arm64.s does on the system stack), points x8 at the indirect
// result's place, loads x0-x7 and d0-d7, sets RSP to C_SP (a direct write:
// this function is SPWRITE, where the profiler's unwinder stops), calls
// fn, restores RSP, clears the record and stores x0, x1, d0-d3 in the
// frame, and an indirect result at frame.ret.
//
// Kept across the C call (callee-saved in AAPCS64): R19 the frame, R20
// the record, R21 the trampoline's SP, R22 the return into it, R23 C_SP.
TEXT purectypes_callconv_leafenter(SB), NOSPLIT|NOFRAME, $0
	MOVD RSP, R21
	ADD  R1, R21, R20
	MOVD R30, R22
	MOVD R0, R19
	MOVD leafFrame_reserve(R19), R2
	SUB  R2, R20, R23
	SUB  $16, R23, R23
	MOVD leafFrame_align(R19), R2
	NEG  R2, R2
	AND  R2, R23, R23 // C_SP
	MOVD $const_leafMagic, R2
	EOR  R23, R2, R2
	STP  (R2, R19), 0(R20)
	STP  (R21, R22), 16(R20)
	MOVD R29, 32(R20)

	// The stack arguments: nstack bytes, whole words.
	MOVD leafFrame_stack(R19), R2
	MOVD leafFrame_nstack(R19), R3
	MOVD $0, R4

stackloop:
	CMP  R3, R4
	BGE  copies
	MOVD (R2)(R4), R5
	MOVD R5, (R23)(R4)
	ADD  $8, R4
	B    stackloop

copies:
	// The copies of aggregates passed by reference (a64Copy: arg, size,
	// off, dst), at C_SP+off.
	MOVD leafFrame_copies(R19), R2
	MOVD leafFrame_ncopies(R19), R3
	MOVD leafFrame_args(R19), R24

copyloop:
	CBZ  R3, regs
	MOVD 0(R2), R4
	MOVD (R24)(R4), R4 // the argument's value
	MOVD 8(R2), R5     // its size
	MOVD 16(R2), R6
	ADD  R23, R6, R6   // the copy
	MOVD $0, R7
	AND  $~7, R5, R8

copywords:
	CMP  R8, R7
	BGE  copybytes
	MOVD (R4)(R7), R10
	MOVD R10, (R6)(R7)
	ADD  $8, R7
	B    copywords

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
	MOVD R6, leafFrame_regs(R7) // x<dst>
	B    nextcopy

patchstack:
	AND  $~(1<<63), R7, R7
	MOVD R6, (R23)(R7)

nextcopy:
	ADD $32, R2
	SUB $1, R3
	B   copyloop

regs:
	MOVD  leafFrame_sretOff(R19), R8
	ADD   R23, R8, R8 // the indirect result's place (unused by other callees)
	FLDPD (leafFrame_regs+64)(R19), (F0, F1)
	FLDPD (leafFrame_regs+80)(R19), (F2, F3)
	FLDPD (leafFrame_regs+96)(R19), (F4, F5)
	FLDPD (leafFrame_regs+112)(R19), (F6, F7)
	MOVD  leafFrame_fn(R19), R9
	LDP   (leafFrame_regs+0)(R19), (R0, R1)
	LDP   (leafFrame_regs+16)(R19), (R2, R3)
	LDP   (leafFrame_regs+32)(R19), (R4, R5)
	LDP   (leafFrame_regs+48)(R19), (R6, R7)
	MOVD  R23, RSP
	BL    (R9)
	MOVD  R21, RSP
	MOVD  ZR, 0(R20) // the record is dead
	STP   (R0, R1), (leafFrame_res+0)(R19)
	FSTPD (F0, F1), (leafFrame_res+16)(R19)
	FSTPD (F2, F3), (leafFrame_res+32)(R19)

	// An indirect result, to frame.ret (nothing moved while C ran).
	MOVD leafFrame_sret(R19), R5
	CBZ  R5, done
	MOVD leafFrame_ret(R19), R6
	CBZ  R6, done
	MOVD leafFrame_sretOff(R19), R4
	ADD  R23, R4, R4
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
	MOVD R22, R30
	RET

// purectypes_callconv_leaffind looks for a live leaf record above a stack
// pointer: in R4 the stack pointer, in g the thread's goroutine; out R5
// the record's address, or 0. It reads only inside the goroutine's stack,
// between the stack pointer and at most leafScan bytes above it. A record
// is a word that, XORed with leafMagic, gives a 16-aligned address 16 to
// leafArgs bytes below the word (the C call's SP). Clobbers R3, R4, R6,
// R7, R8, R14, R27.
TEXT purectypes_callconv_leaffind(SB), NOSPLIT|NOFRAME, $0
	MOVD 0(g), R6 // g.stack.lo
	CMP  R6, R4
	BLO  none
	MOVD 8(g), R7 // g.stack.hi
	CMP  R7, R4
	BHS  none
	SUB  $48, R7  // the record's words lie below the top
	MOVD ·leafScan(SB), R6
	ADD  R4, R6, R6
	CMP  R7, R6
	BLS  2(PC)
	MOVD R7, R6   // R6 = min(sp+leafScan, hi-48)
	AND  $~7, R4, R4
	MOVD $const_leafMagic, R8

scan:
	CMP  R6, R4
	BHI  none
	MOVD (R4), R3
	EOR  R8, R3, R3  // the C call's SP, if this is a record
	SUB  R3, R4, R14 // how far above that SP the record lies
	CMP  $16, R14
	BLO  next
	CMP  $const_leafArgs, R14
	BHI  next
	TST  $15, R3
	BNE  next
	MOVD R4, R5
	RET

next:
	ADD $8, R4
	B   scan

none:
	MOVD $0, R5
	RET

// purectypes_callconv_leafcallback: a callback reached during a leaf call
// (from callback_arm64.s: g the goroutine, R9 the callback's index). With
// the leaf record found above RSP, it drops the C frames (RSP, LR and R29
// as when the trampoline called leafenter, so that the traceback shows
// the trampoline and its Go callers) and jumps to ·leafFault; without
// one, it jumps there from where it is.
TEXT purectypes_callconv_leafcallback(SB), NOSPLIT|NOFRAME, $0
	MOVD R29, R13 // C's frame pointer, replaced below (and vet's framepointer check satisfied)
	MOVD R30, R12
	MOVD RSP, R4
	BL   purectypes_callconv_leaffind(SB)
	MOVD $0, R0
	MOVD $0, R1
	MOVD R9, R2
	MOVD $0, R3
	MOVD R12, R30
	CBZ  R5, fault
	MOVD 8(R5), R0
	LDP  16(R5), (R6, R7)
	MOVD 32(R5), R29
	MOVD R7, R30
	MOVD R6, RSP

fault:
	B ·leafFault(SB)

// leafFault ends the program from a leaf call gone wrong: a fault inside
// it (reached from purectypes_callconv_leafsig with RSP, LR and R29 those
// of the trampoline's call of leafenter) or a callback during it (from
// purectypes_callconv_leafcallback). R0 = the frame (0 if unknown), R1 =
// the signal (0: a callback), R2 = the fault address or the callback's
// index, R3 = the faulting PC. It does not return.
TEXT ·leafFault(SB), NOSPLIT, $32-0
	NO_LOCAL_POINTERS
	MOVD R0, 8(RSP)
	MOVD R1, 16(RSP)
	MOVD R2, 24(RSP)
	MOVD R3, 32(RSP)
	BL   ·leafFatal(SB)
	UNDEF
	RET
