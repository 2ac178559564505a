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
GLOBL ·callbackEntryABI0(SB), NOPTR|RODATA, $8
DATA ·callbackEntryABI0(SB)/8, $purectypes_callconv_callback_a64(SB)

TEXT purectypes_callconv_callback_a64(SB), NOSPLIT|NOFRAME, $0
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

// func clearICache(start, end uintptr)
//
// Cleans the data cache and invalidates the instruction cache over
// [start, end) by line, the line sizes read from CTR_EL0, then
// synchronises (what __builtin___clear_cache does on arm64). The system
// instructions are written as words.
TEXT ·clearICache(SB), NOSPLIT, $0-16
	MOVD start+0(FP), R0
	MOVD end+8(FP), R1
	WORD $0xd53b0022 // mrs x2, ctr_el0
	UBFX $16, R2, $4, R3
	MOVD $4, R4
	LSL  R3, R4, R3  // the smallest data cache line
	AND  $15, R2, R5
	LSL  R5, R4, R5  // the smallest instruction cache line
	SUB  $1, R3, R6
	BIC  R6, R0, R7

dline:
	CMP  R1, R7
	BHS  ddone
	WORD $0xd50b7b27 // dc cvau, x7
	ADD  R3, R7, R7
	B    dline

ddone:
	WORD $0xd5033b9f // dsb ish
	SUB  $1, R5, R6
	BIC  R6, R0, R7

iline:
	CMP  R1, R7
	BHS  idone
	WORD $0xd50b7527 // ic ivau, x7
	ADD  R5, R7, R7
	B    iline

idone:
	WORD $0xd5033b9f // dsb ish
	WORD $0xd5033fdf // isb
	RET
