package ffi

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

func TestFindLibraryWindows(t *testing.T) {
	for _, tc := range []struct{ name, file, sym string }{
		{"kernel32", "kernel32.dll", "GetTickCount"}, {"c", "msvcrt.dll", "strlen"},
		{"m", "msvcrt.dll", "sin"}, {"msvcrt.dll", "msvcrt.dll", "_errno"},
	} {
		p, err := FindLibrary(tc.name)
		if err != nil {
			t.Errorf("FindLibrary(%q): %v", tc.name, err)
			continue
		}
		if !filepath.IsAbs(p) || !strings.EqualFold(filepath.Base(p), tc.file) {
			t.Errorf("FindLibrary(%q) = %q, want an absolute path to %s", tc.name, p, tc.file)
			continue
		}
		lib, err := CDLL(p)
		if err != nil {
			t.Errorf("CDLL(FindLibrary(%q)): %v", tc.name, err)
			continue
		}
		if _, err := lib.Sym(tc.sym); err != nil {
			t.Errorf("%s: %v", p, err)
		}
		lib.Close()
	}
	for _, bad := range []string{"no_such_library_xyz", "", `..\m`, "a/b"} {
		if _, err := FindLibrary(bad); !errors.Is(err, ErrLibraryNotFound) {
			t.Errorf("FindLibrary(%q): %v, want ErrLibraryNotFound", bad, err)
		}
	}
}

// TestFindLibraryPATH finds a test DLL through %PATH%, as Windows' loader
// would.
func TestFindLibraryPATH(t *testing.T) {
	dll := cbuild.Test(t, "ctest")
	t.Setenv("PATH", filepath.Dir(dll))
	p, err := FindLibrary("ctest")
	if err != nil || !strings.EqualFold(p, dll) {
		t.Fatalf("FindLibrary(ctest) = %q, %v; want %q", p, err, dll)
	}
	lib, err := CDLL(p)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if _, err := lib.Sym("iadd"); err != nil {
		t.Error(err)
	}
}

// TestLoadErrorWindows: a DLL that cannot be loaded names itself and
// carries Windows' error text.
func TestLoadErrorWindows(t *testing.T) {
	_, err := CDLL(`C:\nonexistent\nothere.dll`)
	var le *LoadError
	if !errors.As(err, &le) || !strings.Contains(err.Error(), "nothere.dll") || le.Dlerror == "" {
		t.Fatalf("CDLL(missing) = %v", err)
	}
}

// TestWinDLL calls a kernel32 function through WinDLL and compares with
// the same call made through Go's syscall package.
func TestWinDLL(t *testing.T) {
	k, err := WinDLL("kernel32.dll")
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	f, err := k.Func("GetCurrentProcessId")
	if err != nil {
		t.Fatal(err)
	}
	f.Restype = types.Uint32
	pid, err := CallAs[uint32](f)
	if want := uint32(syscall.Getpid()); err != nil || pid != want {
		t.Errorf("GetCurrentProcessId() = %d, %v; want %d", pid, err, want)
	}
}

// TestCallLastError: GetFileAttributesW of a missing file fails with the
// error code Windows gives Go's own syscall.GetFileAttributes for it.
func TestCallLastError(t *testing.T) {
	// Not in t.TempDir: under Wine, Go's RemoveAll of it fails.
	path := filepath.Join(os.TempDir(), fmt.Sprintf("purectypes-missing-%d-%d.txt", os.Getpid(), time.Now().UnixNano()))
	_, want := syscall.GetFileAttributes(syscall.StringToUTF16Ptr(path))
	if want == nil {
		t.Fatal("GetFileAttributes of a missing file succeeded")
	}
	k, err := WinDLL("kernel32.dll")
	if err != nil {
		t.Fatal(err)
	}
	defer k.Close()
	gfa, err := k.Func("GetFileAttributesW")
	if err != nil {
		t.Fatal(err)
	}
	gfa.Restype, gfa.Argtypes = types.Uint32, []*types.Type{types.WCharP}
	r, code, err := gfa.CallLastError(path)
	if err != nil {
		t.Fatal(err)
	}
	if r != uint64(0xFFFFFFFF) || code != want {
		t.Errorf("GetFileAttributesW(missing) = %v, last error %d (%v); want INVALID_FILE_ATTRIBUTES, %d (%v)", r, code, code, want, want)
	}
	if !errors.Is(code, os.ErrNotExist) {
		t.Errorf("last error %v is not os.ErrNotExist", code)
	}
	// A call that succeeds leaves 0: it was cleared before.
	tick, _ := k.Func("GetTickCount")
	if _, code, _ := tick.CallLastError(); code != 0 {
		t.Errorf("GetTickCount left last error %d", code)
	}
}
