//go:build 386 && !windows

package types

// align8 is the alignment of 8-byte scalars (long long, double, int64_t)
// in structs and arrays: 4 bytes in the i386 System V ABI (gcc -m32 gives
// _Alignof(double) == 4, and struct { char c; double d; } is 12 bytes).
const align8 = 4
