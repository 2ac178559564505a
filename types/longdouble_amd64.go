package types

// long double on amd64 (System V and Windows with mingw-w64): x87 extended
// precision in 16 bytes aligned to 16, the last six padding.
const (
	longDoubleFormat     = ldX87
	longDoubleFormatName = "x87 extended"
	longDoublePrec       = 64
	longDoubleSize       = 16
	longDoubleAlign      = 16
)
