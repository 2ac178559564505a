//go:build !(amd64 && !windows)

package libffi

// DefaultABI is FFI_DEFAULT_ABI: FFI_SYSV (1) on arm64 and the 32-bit
// targets, FFI_WIN64 (1) on windows/amd64.
const DefaultABI = 1
