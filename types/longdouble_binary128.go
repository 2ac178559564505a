//go:build (arm64 && !darwin && !windows) || riscv64 || loong64 || s390x || mips64 || mips64le

package types

// long double on the 64-bit Unix targets whose ABI makes it IEEE 754
// binary128 (AAPCS64 on Linux and the BSDs, RISC-V, LoongArch, s390x,
// MIPS n64): 16 bytes aligned to 16.
const (
	longDoubleFormat     = ldBinary128
	longDoubleFormatName = "binary128"
	longDoublePrec       = 113
	longDoubleSize       = 16
	longDoubleAlign      = 16
)
