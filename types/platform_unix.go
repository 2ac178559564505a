//go:build !windows

package types

import "unsafe"

// wcharUnit is the Go type of one wchar_t: a code point.
type wcharUnit = int32

// wcharSize is sizeof(wchar_t): 4 bytes (UTF-32) on Unix systems. Whether
// it is signed depends on the architecture (abi_*.go).
const wcharSize = 4

// msBitfields selects the Microsoft layout of bitfields in structs: Unix systems use the
// GCC (System V) layout.
const msBitfields = false

// longSize is sizeof(long): the pointer size on Unix systems (LP64 on
// 64-bit, ILP32 on 32-bit).
const longSize = ptrSize

// wideString converts s to a NUL-terminated wchar_t string (UTF-32: one
// code point per wchar_t).
func wideString(s string) []wcharUnit {
	w := make([]int32, 0, len(s)+1)
	for _, r := range s {
		w = append(w, r)
	}
	return append(w, 0)
}

// wString copies the wchar_t string at addr: n characters, or up to the
// first NUL when n < 0 (or the first NUL within n); each wchar_t is a
// code point (UTF-32).
func wString(addr uintptr, n int) string {
	p := addrPtr(addr)
	var rs []rune
	for i := 0; n < 0 || i < n; i++ {
		r := *(*int32)(unsafe.Add(p, uintptr(i)*wcharSize))
		if r == 0 {
			break
		}
		rs = append(rs, r)
	}
	return string(rs)
}
