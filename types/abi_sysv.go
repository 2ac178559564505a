//go:build !windows && (darwin || !(arm64 || arm))

package types

// x86 (System V) and the other Unix targets, and Apple's arm64.

// wcharSigned reports whether wchar_t is a signed type: it is int here.
const wcharSigned = true

// unnamedBitfieldsAlign reports whether unnamed bitfields raise the
// alignment of the struct or union holding them: here they do not.
const unnamedBitfieldsAlign = false
