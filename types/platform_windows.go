package types

import (
	"unicode/utf16"
	"unsafe"
)

// wcharUnit is the Go type of one wchar_t: a UTF-16 code unit.
type wcharUnit = uint16

// wcharSize is sizeof(wchar_t): 2 bytes (UTF-16) on Windows.
const wcharSize = 2

// wcharSigned reports whether wchar_t is a signed type: wchar_t is unsigned (unsigned short) on Windows.
const wcharSigned = false

// msBitfields selects the Microsoft layout of bitfields in structs: Windows uses it, as
// MSVC does, mingw-w64 does by default (-mms-bitfields), and ctypes does
// there.
const msBitfields = true

// longSize is sizeof(long): 4 bytes on Windows, 32-bit and 64-bit alike
// (LLP64).
const longSize = 4

// wideString converts s to a NUL-terminated wchar_t string: UTF-16, a
// character outside the Basic Multilingual Plane taking two wchar_t (a
// surrogate pair).
func wideString(s string) []wcharUnit {
	return append(utf16.Encode([]rune(s)), 0)
}

// wString copies the wchar_t string at addr: n wchar_t, or up to the
// first NUL when n < 0 (or the first NUL within n), decoded from UTF-16.
func wString(addr uintptr, n int) string {
	p := addrPtr(addr)
	var units []uint16
	for i := 0; n < 0 || i < n; i++ {
		u := *(*uint16)(unsafe.Add(p, uintptr(i)*wcharSize))
		if u == 0 {
			break
		}
		units = append(units, u)
	}
	return string(utf16.Decode(units))
}

// unnamedBitfieldsAlign reports whether unnamed bitfields raise the
// alignment of the struct or union holding them: under the Microsoft
// layout they do not.
const unnamedBitfieldsAlign = false
