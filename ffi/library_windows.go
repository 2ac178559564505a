//go:build windows

package ffi

// WinDLL loads a DLL whose functions use the stdcall convention, like
// ctypes.WinDLL. On 64-bit Windows there is one calling convention, so it
// is [CDLL].
func WinDLL(name string, mode ...Mode) (*Library, error) { return CDLL(name, mode...) }
