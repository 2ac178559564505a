//go:build arm64 && (linux || darwin)

#include "textflag.h"

// purectypes_callconv_callback_a64 is the C function every callback thunk
// jumps to, with x9 holding the thunk's index (see callback_arm64.go). It
// saves the AAPCS64 argument registers (x0-x7, x8, d0-d7) and the address
// of the stack arguments in a CallbackFrame on the C stack, enters Go
// through crosscall2 as cgo's exported functions do (crosscall2 saves the
// C callee-saved registers but for R27 and LR, and calls
// runtime.cgocallback, which runs the handler on a goroutine, taking an
// extra M on a thread Go has never seen), then loads the result registers
// the handler left in the frame (x0, x1, d0-d3).
//
// CallbackFrame layout (callback_arm64.go): index 0, x 8..71, x8 72, v
// 80..143, stack 144, ret 152..199 (x0, x1, d0-d3); 416 bytes in all, and
// R27 is kept at 416.
TEXT purectypes_callconv_callback_a64(SB), NOSPLIT|NOFRAME, $0
	// A C function called during a leaf call (leaf_arm64.s) runs on a
	// user goroutine's stack with that goroutine in the thread's TLS g,
	// where an ordinary C call has g0 (or no g, on a thread Go never
	// saw); only user goroutines have stackguard1 = ~0. Entering Go from
	// there would corrupt the scheduler's state: end the program instead.
	// g comes from TLS (R28 is C's here), which the runtime keeps when
	// runtime·iscgo is set; without it there are no leaf calls. R0, R27,
	// R28 and LR are kept in R10-R13 around the check (R9, the index, and
	// x1-x8 are untouched).
	MOVD  R0, R10
	MOVD  R27, R11
	MOVD  g, R12
	MOVD  R30, R13
	MOVBU runtime·iscgo(SB), R0
	CBZ   R0, enter
	BL    runtime·load_g(SB)
	CBZ   g, enter
	MOVD  24(g), R0
	CMN   $1, R0
	BEQ   leaf

enter:
	MOVD  R10, R0
	MOVD  R11, R27
	MOVD  R12, g
	MOVD  R13, R30
	STP.W (R29, R30), -16(RSP)
	MOVD  RSP, R29
	SUB   $432, RSP // the frame and R27, a multiple of 16
	MOVD  R9, 0(RSP)
	STP   (R0, R1), 8(RSP)
	STP   (R2, R3), 24(RSP)
	STP   (R4, R5), 40(RSP)
	STP   (R6, R7), 56(RSP)
	MOVD  R8, 72(RSP)
	FSTPD (F0, F1), 80(RSP)
	FSTPD (F2, F3), 96(RSP)
	FSTPD (F4, F5), 112(RSP)
	FSTPD (F6, F7), 128(RSP)
	ADD   $16, R29, R10 // the first stack argument: above the saved FP and LR
	MOVD  R10, 144(RSP)
	STP   (ZR, ZR), 152(RSP)
	STP   (ZR, ZR), 168(RSP)
	STP   (ZR, ZR), 184(RSP)

	// R27 is callee-saved in C, but the assembler uses it to load the
	// handler below, before crosscall2 saves it.
	MOVD R27, 416(RSP)
	MOVD ·callbackHandler(SB), R0 // a func value: its first word is the code pointer
	MOVD (R0), R0
	MOVD RSP, R1                  // a = &frame
	MOVD $0, R2                   // n (unused)
	MOVD $0, R3                   // ctxt
	BL   crosscall2(SB)

	LDP   152(RSP), (R0, R1)
	FLDPD 168(RSP), (F0, F1)
	FLDPD 184(RSP), (F2, F3)
	MOVD  416(RSP), R27
	MOVD  R29, RSP
	LDP.P 16(RSP), (R29, R30)
	RET

leaf:
	B purectypes_callconv_leafcallback(SB)
