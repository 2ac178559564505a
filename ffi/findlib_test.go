//go:build !windows

package ffi

import (
	"debug/elf"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
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

// TestReadLDCache reads the machine's real ld.so.cache. The cache is the
// host's: under user-mode emulation (an arm64 test binary run by qemu on
// an amd64 host) it lists the host's libraries only, so the test checks
// what holds for any host: every libc.so.6 entry whose library-type flags
// name an architecture points to a shared object of that architecture,
// and when the cache lists libraries of this process's architecture at
// all, libc.so.6 is among them.
func TestReadLDCache(t *testing.T) {
	entries, err := readLDCache("/etc/ld.so.cache")
	if os.IsNotExist(err) {
		testenv.Skip(t, "no /etc/ld.so.cache on this machine")
	}
	if err != nil {
		t.Fatal(err)
	}
	machines := map[int32]elf.Machine{
		0x0300: elf.EM_X86_64,  // FLAG_X8664_LIB64
		0x0a00: elf.EM_AARCH64, // FLAG_AARCH64_LIB64
		0x0500: elf.EM_PPC64,   // FLAG_POWERPC_LIB64
		0x0400: elf.EM_S390,    // FLAG_S390_LIB64
	}
	libcs, ours, ourLibc := 0, 0, false
	for _, e := range entries {
		arch := e.flags & 0xff00
		if arch == cacheArch() {
			ours++
		}
		if e.key != "libc.so.6" {
			continue
		}
		libcs++
		want, known := machines[arch]
		if !known {
			continue
		}
		f, err := elf.Open(e.value)
		if err != nil {
			t.Errorf("cache entry libc.so.6 (flags %#x) -> %s: %v", e.flags, e.value, err)
			continue
		}
		if f.Machine != want || f.Type != elf.ET_DYN {
			t.Errorf("cache entry libc.so.6 (flags %#x) -> %s is a %v %v, want a %v shared object", e.flags, e.value, f.Machine, f.Type, want)
		}
		f.Close()
		if arch == cacheArch() {
			ourLibc = true
		}
	}
	if libcs == 0 {
		t.Errorf("libc.so.6 not in the %d entries of /etc/ld.so.cache", len(entries))
	}
	if ours > 0 && !ourLibc {
		t.Errorf("/etc/ld.so.cache lists %d libraries of this machine (flags %#x) but not its libc.so.6", ours, cacheArch())
	}
}
