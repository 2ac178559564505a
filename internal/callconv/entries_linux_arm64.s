//go:build arm64 && linux

#include "textflag.h"

GLOBL ·callbackEntryABI0(SB), NOPTR|RODATA, $8
DATA ·callbackEntryABI0(SB)/8, $purectypes_callconv_callback_a64(SB)

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
