//go:build !amd64 && !386 && !ppc64 && !ppc64le && !((arm64 && !darwin && !windows) || riscv64 || loong64 || s390x || mips64 || mips64le)

package types

// long double is double on darwin/arm64, windows/arm64 and the 32-bit ARM
// and MIPS targets (and on any other target not named in longdouble_*.go).
const (
	longDoubleFormat     = ldDouble
	longDoubleFormatName = "double"
	longDoublePrec       = 53
	longDoubleSize       = 8
	longDoubleAlign      = align8
)
