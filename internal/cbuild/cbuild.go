// Package cbuild compiles the C test libraries in the repository's testdata
// directory into shared objects, with the system C compiler, and caches them.
//
// Tests and examples use it so that every value they check was computed by
// real C code built on the machine they run on. The cache key is the source
// text, the compiler and the flags, so an edited source is rebuilt and an
// unchanged one is reused across runs and packages.
package cbuild

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/internal/testenv"
)

// ErrNoCompiler reports that no C compiler was found ($CC, cc, gcc, clang).
var ErrNoCompiler = errors.New("cbuild: no C compiler found (set $CC or install cc/gcc/clang)")

// Flags are the compiler flags used for every library.
var Flags = []string{"-shared", "-fPIC", "-O2", "-Wall"}

var (
	mu    sync.Mutex
	built = map[string]string{}
)

// Compiler returns the C compiler to use: $CC when set, otherwise the first
// of cc, gcc and clang found on $PATH.
func Compiler() (string, error) {
	if cc := strings.TrimSpace(os.Getenv("CC")); cc != "" {
		if p, err := exec.LookPath(strings.Fields(cc)[0]); err == nil {
			return p, nil
		}
		return "", fmt.Errorf("%w: $CC=%q is not on $PATH", ErrNoCompiler, cc)
	}
	for _, name := range []string{"cc", "gcc", "clang"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoCompiler
}

// TestdataDir returns the repository's testdata directory, found by walking
// up from the working directory to the directory holding go.mod.
func TestdataDir() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			td := filepath.Join(dir, "testdata")
			if _, err := os.Stat(td); err != nil {
				return "", fmt.Errorf("cbuild: %s has no testdata directory: %w", dir, err)
			}
			return td, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("cbuild: go.mod not found above the working directory; run from inside the module")
		}
		dir = parent
	}
}

// EnvPrebuilt names a directory of test libraries built beforehand:
// testdata/<name>.c as <name>.dll on Windows, lib<name>.so elsewhere. When
// it is set, [Library] returns the library from there and compiles
// nothing: for test binaries that run where no C compiler can (a Windows
// test binary under Wine, with the libraries built on the host by
// x86_64-w64-mingw32-gcc; see scripts/test-windows.sh).
const EnvPrebuilt = "CTYPES_PREBUILT"

// Library builds testdata/<name>.c (for example "ctest") into a shared
// object and returns its absolute path. Built libraries are cached in the
// user cache directory (or $CTYPES_CACHE when set). With $CTYPES_PREBUILT
// set (see [EnvPrebuilt]) it returns the prebuilt library instead.
func Library(name string) (string, error) {
	if dir := os.Getenv(EnvPrebuilt); dir != "" {
		p, err := filepath.Abs(filepath.Join(dir, libFile(name)))
		if err != nil {
			return "", fmt.Errorf("cbuild: %w", err)
		}
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("cbuild: %s=%s has no prebuilt %s: %w", EnvPrebuilt, dir, libFile(name), err)
		}
		return p, nil
	}
	td, err := TestdataDir()
	if err != nil {
		return "", err
	}
	return Build(filepath.Join(td, name+".c"))
}

// libFile is the file name of the shared library built from <name>.c.
func libFile(name string) string {
	if runtime.GOOS == "windows" {
		return name + ".dll"
	}
	return "lib" + name + ".so"
}

// Build compiles the C source file src into a cached shared object and
// returns its path. It is safe for concurrent use, also across processes.
func Build(src string) (string, error) {
	mu.Lock()
	defer mu.Unlock()
	if p, ok := built[src]; ok {
		return p, nil
	}
	code, err := os.ReadFile(src)
	if err != nil {
		return "", fmt.Errorf("cbuild: %w", err)
	}
	cc, err := Compiler()
	if err != nil {
		return "", err
	}
	h := sha256.New()
	h.Write(code)
	fmt.Fprintf(h, "\x00%s\x00%s\x00%s/%s", cc, strings.Join(Flags, " "), runtime.GOOS, runtime.GOARCH)
	sum := hex.EncodeToString(h.Sum(nil))[:16]

	cache := os.Getenv("CTYPES_CACHE")
	if cache == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			base = os.TempDir()
		}
		cache = filepath.Join(base, "purectypes")
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return "", fmt.Errorf("cbuild: cache directory: %w", err)
	}
	stem := strings.TrimSuffix(filepath.Base(src), ".c")
	ext := filepath.Ext(libFile(stem))
	out := filepath.Join(cache, "lib"+stem+"-"+sum+ext)
	if _, err := os.Stat(out); err == nil {
		built[src] = out
		return out, nil
	}
	tmp, err := os.CreateTemp(cache, "lib"+stem+"-*"+ext+".tmp")
	if err != nil {
		return "", fmt.Errorf("cbuild: %w", err)
	}
	tmp.Close()
	defer os.Remove(tmp.Name())
	args := append(append([]string{}, Flags...), "-o", tmp.Name(), src, "-lm", "-lpthread")
	cmd := exec.Command(cc, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("cbuild: %s %s: %w\n%s", cc, strings.Join(args, " "), err, stderr.String())
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return "", fmt.Errorf("cbuild: %w", err)
	}
	built[src] = out
	return out, nil
}

// Test builds testdata/<name>.c for a test. When no C compiler exists it
// skips the test with a clear message, or fails it under CTYPES_REQUIRE=1
// (see internal/testenv); it fails the test on any other error.
func Test(tb testing.TB, name string) string {
	tb.Helper()
	p, err := Library(name)
	if errors.Is(err, ErrNoCompiler) {
		testenv.Require(tb, "C compiler", fmt.Errorf("%w; the C test library %s.c cannot be built", err, name))
	}
	if err != nil {
		tb.Fatal(err)
	}
	return p
}
