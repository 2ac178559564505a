package ffi

import (
	"path/filepath"
	"syscall"
	"unsafe"
)

// Library modes. Windows has no dlopen modes: they are accepted, with the
// values they have on Linux, and ignored, as ctypes ignores mode there.
const (
	ModeLazy   Mode = 0x1   // accepted and ignored on Windows
	ModeNow    Mode = 0x2   // accepted and ignored on Windows
	ModeGlobal Mode = 0x100 // accepted and ignored on Windows
	ModeLocal  Mode = 0     // accepted and ignored on Windows
)

// loadLibraryEx is kernel32's LoadLibraryExW: the syscall package has
// LoadLibrary only, which cannot be told how to find a DLL's dependencies.
var loadLibraryEx = syscall.NewLazyDLL("kernel32.dll").NewProc("LoadLibraryExW")

// loadWithAlteredSearchPath (LOAD_WITH_ALTERED_SEARCH_PATH) makes the
// loader look for a DLL's dependencies in the DLL's own directory when it
// is loaded by absolute path, as dlopen finds them through the library's
// RUNPATH.
const loadWithAlteredSearchPath = 0x00000008

// dlopen loads name with LoadLibraryExW: a path ("C:\\lib\\ctest.dll",
// forward slashes allowed) or a name searched the way Windows searches
// ("msvcrt.dll", "kernel32"; ".dll" is added when the name has no
// extension).
func dlopen(name string, _ Mode) (uintptr, error) {
	flags := uintptr(0)
	if filepath.IsAbs(name) {
		flags = loadWithAlteredSearchPath
	}
	name = filepath.FromSlash(name)
	p, err := syscall.UTF16PtrFromString(name)
	if err != nil {
		return 0, err
	}
	if err := loadLibraryEx.Find(); err != nil {
		return 0, err
	}
	h, _, e := loadLibraryEx.Call(uintptr(unsafe.Pointer(p)), 0, flags)
	if h == 0 {
		if e == nil || e == syscall.Errno(0) {
			e = syscall.EINVAL
		}
		return 0, e
	}
	return h, nil
}

// dlsym is GetProcAddress: functions and exported variables alike.
func dlsym(h uintptr, name string) (uintptr, error) {
	return syscall.GetProcAddress(syscall.Handle(h), name)
}

// dlclose is FreeLibrary.
func dlclose(h uintptr) error { return syscall.FreeLibrary(syscall.Handle(h)) }

// dlerrorText is the text of a loader error: the Windows error message
// (FormatMessage's text for GetLastError's code).
func dlerrorText(err error) string { return err.Error() }
