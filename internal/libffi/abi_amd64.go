//go:build amd64 && !windows

package libffi

// DefaultABI is FFI_DEFAULT_ABI, FFI_UNIX64 on x86-64 outside Windows.
const DefaultABI = 2
