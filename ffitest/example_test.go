package ffitest_test

import (
	"fmt"
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
