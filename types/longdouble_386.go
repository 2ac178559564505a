package types

// long double on 386 (gcc -m32 and mingw-w64): x87 extended precision in 12
// bytes aligned to 4, the last two padding.
const (
	longDoubleFormat     = ldX87
	longDoubleFormatName = "x87 extended"
	longDoublePrec       = 64
	longDoubleSize       = 12
	longDoubleAlign      = 4
)
