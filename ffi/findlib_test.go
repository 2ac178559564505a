package ffi

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
)

func TestFindLibrary(t *testing.T) {
	for _, tc := range []struct{ name, prefix string }{
		{"m", "libm.so."}, {"c", "libc.so."}, {"ffi", "libffi.so."}, {"pthread", "libpthread.so."},
	} {
		got, err := FindLibrary(tc.name)
		if err != nil {
			t.Errorf("FindLibrary(%q): %v", tc.name, err)
			continue
		}
		if !strings.HasPrefix(got, tc.prefix) {
			t.Errorf("FindLibrary(%q) = %q, want %s*", tc.name, got, tc.prefix)
		}
		lib, err := CDLL(got)
		if err != nil {
			t.Errorf("FindLibrary(%q) = %q, which CDLL cannot load: %v", tc.name, got, err)
			continue
		}
		lib.Close()
		p, err := FindLibraryPath(tc.name)
		if err != nil || !filepath.IsAbs(p) {
			t.Errorf("FindLibraryPath(%q) = %q, %v", tc.name, p, err)
		} else if _, ok := elfSoname(p); !ok {
			t.Errorf("FindLibraryPath(%q) = %q is not a shared object of this machine", tc.name, p)
		}
	}
	for _, bad := range []string{"no_such_library_xyz", "", "../m"} {
		if _, err := FindLibrary(bad); !errors.Is(err, ErrLibraryNotFound) {
			t.Errorf("FindLibrary(%q): %v, want ErrLibraryNotFound", bad, err)
		}
	}
}

// TestFindLibraryLDPath builds a library with a soname into a temporary
// directory and finds it through LD_LIBRARY_PATH; the ld.so cache is
// pointed elsewhere so that only the directory search can find it.
func TestFindLibraryLDPath(t *testing.T) {
	cc, err := cbuild.Compiler()
	if errors.Is(err, cbuild.ErrNoCompiler) {
		t.Skipf("skipping: %v", err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "findme.c")
	os.WriteFile(src, []byte("int findme(void) { return 7; }\n"), 0o644)
	out := filepath.Join(dir, "libfindme.so.3")
	if b, err := exec.Command(cc, "-shared", "-fPIC", "-Wl,-soname,libfindme.so.3", "-o", out, src).CombinedOutput(); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	// A text file with the library's name (like libc.so, a linker script)
	// must be skipped.
	os.WriteFile(filepath.Join(dir, "libfindme.so"), []byte("/* GNU ld script */\n"), 0o644)
	t.Setenv("LD_LIBRARY_PATH", dir)
	old := ldCachePath
	ldCachePath = filepath.Join(dir, "no-cache")
	defer func() { ldCachePath = old }()
	got, err := FindLibrary("findme")
	if err != nil || got != "libfindme.so.3" {
		t.Fatalf("FindLibrary(findme) = %q, %v", got, err)
	}
	p, _ := FindLibraryPath("findme")
	lib, err := CDLL(p)
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	if n, err := CallAs[int](mustFunc(t, lib, "findme")); n != 7 || err != nil {
		t.Errorf("findme() = %d, %v", n, err)
	}
}

func TestReadLDCache(t *testing.T) {
	entries, err := readLDCache("/etc/ld.so.cache")
	if os.IsNotExist(err) {
		t.Skip("skipping: no /etc/ld.so.cache on this machine")
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.key == "libc.so.6" && e.flags&0xff00 == cacheArch() {
			if _, ok := elfSoname(e.value); !ok {
				t.Errorf("cache entry libc.so.6 -> %s is not a shared object of this machine", e.value)
			}
			return
		}
	}
	t.Errorf("libc.so.6 not in the %d entries of /etc/ld.so.cache", len(entries))
}
