//go:build !windows && !darwin && (arm64 || arm)

package types

// The ARM procedure call standards (AAPCS, AAPCS64), as GCC implements them
// on Linux and the BSDs.

// wcharSigned reports whether wchar_t is a signed type: it is unsigned int
// here.
const wcharSigned = false

// unnamedBitfieldsAlign reports whether unnamed bitfields raise the
// alignment of the struct or union holding them: here they do, a
// zero-width one (T :0) to T's own alignment whatever #pragma pack says.
const unnamedBitfieldsAlign = true
