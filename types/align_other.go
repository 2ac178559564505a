//go:build !386 || windows

package types

// align8 is the alignment of 8-byte scalars (long long, double, int64_t):
// their size, on every platform but i386 System V (see align_386.go);
// Windows aligns them to 8 on 386 too.
const align8 = 8
