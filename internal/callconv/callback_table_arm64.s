//go:build arm64 && (linux || darwin)

#include "textflag.h"

// The text segment's table of callback entries (entries_darwin_arm64.go;
// built on Linux too, where the tests call it): entry i is the 8 bytes at
// thunkTableABI0 + 8*i, which load i into x9 and branch to
// purectypes_callconv_callback_a64. The macros double the entries at each
// level: tableThunks (2048) in all.
GLOBL ·thunkTableABI0(SB), NOPTR|RODATA, $8
DATA ·thunkTableABI0(SB)/8, $purectypes_callconv_thunks(SB)

#define T1(n) MOVD $(n), R9; B purectypes_callconv_callback_a64(SB)
#define T2(n) T1(n); T1(n+1)
#define T4(n) T2(n); T2(n+2)
#define T8(n) T4(n); T4(n+4)
#define T16(n) T8(n); T8(n+8)
#define T32(n) T16(n); T16(n+16)
#define T64(n) T32(n); T32(n+32)
#define T128(n) T64(n); T64(n+64)
#define T256(n) T128(n); T128(n+128)
#define T512(n) T256(n); T256(n+256)
#define T1024(n) T512(n); T512(n+512)

TEXT purectypes_callconv_thunks(SB), NOSPLIT|NOFRAME, $0
	T1024(0); T1024(1024)
