package ffitest_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/purectypes/ctypes/ffitest"
)

// Open loads one candidate and tells which file the dynamic linker chose.
func ExampleOpen() {
	libm, err := ffitest.Open(ffitest.Lib{Name: "libm", Find: "m"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(libm.Name(), filepath.Base(libm.Path))
	// Output: libm libm.so.6
}

// Candidates adds the libraries CTYPES_TEST_LIBS names for a suite's API
// (or for every suite) to the suite's own.
func ExampleCandidates() {
	old, had := os.LookupEnv(ffitest.EnvLibs)
	os.Setenv(ffitest.EnvLibs, "cblas=/opt/blas/libblas.so:other=/opt/x.so:/home/me/libm.so")
	defer func() {
		if os.Unsetenv(ffitest.EnvLibs); had {
			os.Setenv(ffitest.EnvLibs, old)
		}
	}()
	for _, l := range ffitest.Candidates("cblas", []ffitest.Lib{{Name: "openblas", Path: "libopenblas.so.0"}}) {
		fmt.Printf("%+v\n", l)
	}
	// Output:
	// {Name:openblas Path:libopenblas.so.0 Find:}
	// {Name: Path:/opt/blas/libblas.so Find:}
	// {Name: Path:/home/me/libm.so Find:}
}
