// Package ffitest runs one test suite against every shared object that
// implements a C API, chosen at run time: the reference BLAS, OpenBLAS,
// BLIS and ATLAS behind the same CBLAS functions, two builds of one
// library, a user's own build. This is what loading C at run time allows
// and linking at build time (cgo) does not.
//
// A suite names its candidates, and [Run] makes one subtest per candidate
// that loads, named after the candidate and the file the dynamic linker
// actually loaded:
//
//	func TestFrexp(t *testing.T) {
//		ffitest.Run(t, "frexp", []ffitest.Lib{
//			{Name: "libc", Path: "libc.so.6"},
//			{Name: "libm", Find: "m"},
//		}, func(t *testing.T, lib *ffitest.Loaded) {
//			frexp, err := lib.Func("frexp")
//			...
//		})
//	}
//
// prints, under go test -v,
//
//	--- PASS: TestFrexp/libc@lib_x86_64-linux-gnu_libc.so.6
//	--- PASS: TestFrexp/libm@lib_x86_64-linux-gnu_libm.so.6
//
// (a subtest name keeps "/" for its own levels, so the path's slashes are
// written as "_"; [Loaded.Path] is the real path.)
//
// A candidate that does not load is a subtest of its own, named after the
// candidate alone, that reports the loader's error through the project's
// one switch, internal/testenv.Require: it is skipped by default and fails
// when CTYPES_REQUIRE=1 is set, as CI sets it, so "all four BLAS
// implementations" is checked where they must be installed and optional
// everywhere else.
//
// Users add their own builds with the environment variable [EnvLibs]
// (CTYPES_TEST_LIBS), without editing a test:
//
//	CTYPES_TEST_LIBS=cblas=$HOME/OpenBLAS/libopenblas.so go test ./examples/blas/...
package ffitest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testenv"
)

// EnvLibs is the environment variable that adds libraries to the suites:
// a list of entries separated by the path list separator (":" on Unix, as
// in LD_LIBRARY_PATH), each "api=path" for the suites of that API (the
// api argument of [Run] and [Load]) or a bare path for every suite. A path
// without a "/" is a soname, searched as dlopen searches. An added library
// is a candidate like the suite's own: named after its file, and absent
// means skipped, or failed under CTYPES_REQUIRE=1.
const EnvLibs = "CTYPES_TEST_LIBS"

// ErrNoLocation reports a [Lib] with neither Path nor Find set.
var ErrNoLocation = errors.New("ffitest: library has neither Path nor Find")

// Lib is one candidate library of a suite. Set Path or Find.
type Lib struct {
	// Name is the candidate's short name ("openblas"): the start of its
	// subtest's name and the prerequisite testenv.Require reports. When
	// empty, the base name of Path, or Find, is used.
	Name string
	// Path is given to ffi.CDLL as it is: a file path
	// ("/usr/lib/x86_64-linux-gnu/blas/libblas.so.3") or a soname
	// ("libc.so.6").
	Path string
	// Find is a name for ffi.FindLibrary ("m" for libm.so.6), used when
	// Path is empty.
	Find string
}

// name returns the candidate's name.
func (l Lib) name() string {
	switch {
	case l.Name != "":
		return l.Name
	case l.Path != "":
		return filepath.Base(l.Path)
	}
	return l.Find
}

// Loaded is a candidate that loaded.
type Loaded struct {
	*ffi.Library
	// Lib is the candidate as the suite (or CTYPES_TEST_LIBS) gave it, with
	// Name filled in.
	Lib Lib
	// Path is the absolute path of the file the dynamic linker loaded
	// (found through dlinfo on Linux), or what was given to ffi.CDLL where
	// it cannot be asked.
	Path string
}

// Name returns the candidate's name, as in its subtest's name.
func (l *Loaded) Name() string { return l.Lib.Name }

// TestName returns the name of the candidate's subtest: its name and the
// path it was loaded from, the path's "/" written as "_".
func (l *Loaded) TestName() string {
	return l.Lib.Name + "@" + strings.ReplaceAll(strings.TrimPrefix(l.Path, "/"), "/", "_")
}

// Candidates returns libs followed by the entries of CTYPES_TEST_LIBS that
// are for api (see [EnvLibs]).
func Candidates(api string, libs []Lib) []Lib {
	out := append([]Lib(nil), libs...)
	for _, e := range filepath.SplitList(os.Getenv(EnvLibs)) {
		e = strings.TrimSpace(e)
		if e == "" {
			continue
		}
		if a, p, ok := strings.Cut(e, "="); ok {
			if a != api {
				continue
			}
			e = strings.TrimSpace(p)
		}
		if e != "" {
			out = append(out, Lib{Path: e})
		}
	}
	return out
}

var (
	cacheMu sync.Mutex
	cache   = map[Lib]*Loaded{}
)

// Open loads one candidate. Libraries stay loaded for the life of the test
// binary (some, such as OpenBLAS with its thread pool, cannot be unloaded
// safely), and loading the same candidate again returns the same *Loaded.
// A library that cannot be found or loaded is an error wrapping
// ffi.ErrLibraryNotFound or ffi.ErrLoad.
func Open(l Lib) (*Loaded, error) {
	l.Name = l.name()
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if ld, ok := cache[l]; ok {
		return ld, nil
	}
	where := l.Path
	if where == "" {
		if l.Find == "" {
			return nil, fmt.Errorf("%w (candidate %q)", ErrNoLocation, l.Name)
		}
		var err error
		if where, err = ffi.FindLibrary(l.Find); err != nil {
			return nil, err
		}
	}
	lib, err := ffi.CDLL(where)
	if err != nil {
		return nil, err
	}
	path := where
	if p, err := loadedPath(lib); err == nil && p != "" {
		path = p
	} else if abs, err := filepath.Abs(where); err == nil && strings.Contains(where, "/") {
		path = abs
	}
	ld := &Loaded{Library: lib, Lib: l, Path: path}
	cache[l] = ld
	return ld, nil
}

// Load opens every candidate of libs and of CTYPES_TEST_LIBS for api, and
// returns those that loaded, in order. Each one that did not is reported
// in a subtest of t named after it, through testenv.Require: skipped, or
// failed under CTYPES_REQUIRE=1.
func Load(t *testing.T, api string, libs []Lib) []*Loaded {
	t.Helper()
	var out []*Loaded
	for _, l := range Candidates(api, libs) {
		ld, err := Open(l)
		if err != nil {
			t.Run(l.name(), func(t *testing.T) {
				t.Helper()
				testenv.Require(t, l.name(), err)
			})
			continue
		}
		out = append(out, ld)
	}
	return out
}

// Run runs f in a subtest of t for every candidate of libs and of
// CTYPES_TEST_LIBS for api that loads, named by [Loaded.TestName]; every
// one that does not load is reported as [Load] does, in the candidates'
// order. It returns the libraries that loaded, so the caller can compare
// their results with each other after the subtests.
func Run(t *testing.T, api string, libs []Lib, f func(t *testing.T, lib *Loaded)) []*Loaded {
	t.Helper()
	var loaded []*Loaded
	for _, l := range Candidates(api, libs) {
		ld, err := Open(l)
		if err != nil {
			t.Run(l.name(), func(t *testing.T) {
				t.Helper()
				testenv.Require(t, l.name(), err)
			})
			continue
		}
		loaded = append(loaded, ld)
		t.Run(ld.TestName(), func(t *testing.T) {
			t.Logf("%s: %s", ld.Name(), ld.Path)
			f(t, ld)
		})
	}
	return loaded
}
