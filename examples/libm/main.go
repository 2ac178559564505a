// Command libm reproduces the lecture notebook's In [14]: libm's sin called
// first without a restype (ctypes then reads the result as a C int, so the
// bits left in eax come out: 1074340347) and then with restype c_double
// (-1.0206823934513925e-11).
//
//	go run ./examples/libm
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "libm:", err)
		os.Exit(1)
	}
}

func run(w io.Writer) error {
	// mlib = CDLL('libm.so.6')
	mlib, err := ffi.CDLL(libmName) // "libm.so.6" on Linux
	if err != nil {
		return err
	}
	defer mlib.Close()
	sin, err := mlib.Func("sin")
	if err != nil {
		return err
	}
	arg, err := types.Double.New(3.1415926536)
	if err != nil {
		return err
	}
	// print(mlib.sin(c_double(3.1415926536))): the result is read as c_int.
	r, err := sin.Call(arg)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, r)
	// mlib.sin.restype = c_double
	sin.Restype = types.Double
	r, err = sin.Call(arg)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, types.PyFloat(r.(float64)))
	return nil
}
