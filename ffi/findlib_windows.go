package ffi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"unsafe"
)

// ErrLibraryNotFound reports that FindLibrary found no library of that name.
var ErrLibraryNotFound = errors.New("library not found")

// FindLibrary returns a name that [CDLL] can load for the library called
// name, like Python's ctypes.util.find_library on Windows: the absolute
// path of name.dll (or name itself when it ends in ".dll", or the mingw
// spelling libname.dll) found along Windows' search order for DLLs: the
// program's directory, the system directory (System32), the Windows
// directory, the current directory, then the directories of %PATH%. "c"
// and "m" name the C runtime, msvcrt.dll, as ctypes' find_msvcrt does. A
// library that is not found gives an error wrapping [ErrLibraryNotFound].
func FindLibrary(name string) (string, error) { return FindLibraryPath(name) }

// FindLibraryPath is like [FindLibrary]: on Windows both return the DLL's
// absolute path.
func FindLibraryPath(name string) (string, error) {
	if name == "" || strings.ContainsAny(name, `/\:`+"\x00") {
		return "", fmt.Errorf("ffi: FindLibrary(%q): %w: invalid name (want a bare name like \"kernel32\")", name, ErrLibraryNotFound)
	}
	if name == "c" || name == "m" {
		name = "msvcrt"
	}
	files := []string{name + ".dll", "lib" + name + ".dll"}
	if strings.EqualFold(filepath.Ext(name), ".dll") {
		files = []string{name}
	}
	dirs := dllSearchDirs()
	for _, dir := range dirs {
		for _, f := range files {
			p := filepath.Join(dir, f)
			if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
				if abs, err := filepath.Abs(p); err == nil {
					return abs, nil
				}
				return p, nil
			}
		}
	}
	return "", fmt.Errorf("ffi: FindLibrary(%q): %w (searched %s)", name, ErrLibraryNotFound, strings.Join(dirs, ";"))
}

// dllSearchDirs is the standard search order for DLLs (safe DLL search
// mode, without the known-DLLs list and the side-by-side manifests).
func dllSearchDirs() []string {
	var dirs []string
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Dir(exe))
	}
	if d, ok := windowsDir("GetSystemDirectoryW"); ok {
		dirs = append(dirs, d)
	}
	if d, ok := windowsDir("GetWindowsDirectoryW"); ok {
		dirs = append(dirs, d)
	}
	if wd, err := os.Getwd(); err == nil {
		dirs = append(dirs, wd)
	}
	for _, d := range filepath.SplitList(os.Getenv("PATH")) {
		if d != "" {
			dirs = append(dirs, d)
		}
	}
	return dirs
}

// windowsDir calls kernel32's GetSystemDirectoryW or GetWindowsDirectoryW.
func windowsDir(proc string) (string, bool) {
	p := syscall.NewLazyDLL("kernel32.dll").NewProc(proc)
	if p.Find() != nil {
		return "", false
	}
	buf := make([]uint16, syscall.MAX_PATH)
	n, _, _ := p.Call(uintptr(unsafe.Pointer(&buf[0])), uintptr(len(buf)))
	if n == 0 || int(n) > len(buf) {
		return "", false
	}
	return syscall.UTF16ToString(buf[:n]), true
}
