//go:build ppc64 || ppc64le

package types

// long double on ppc64 and ppc64le: GCC's default, IBM double-double (a
// pair of doubles whose sum is the value), 16 bytes aligned to 16.
const (
	longDoubleFormat     = ldDoubleDouble
	longDoubleFormatName = "double-double"
	longDoublePrec       = 106
	longDoubleSize       = 16
	longDoubleAlign      = 16
)
