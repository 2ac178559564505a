package main

import (
	"math"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
)

// TestSeed checks the notebook's printed output of In [14].
//
// Without a restype, ctypes reads sin's result as a C int: the value sin
// leaves in eax, while the double result is in xmm0. That value belongs to
// the libm build: the notebook's (2019) left the high word of the argument
// there, 1074340347; glibc 2.36 leaves 0, and Python's ctypes prints 0 on
// such a machine too. So the expected value is asked of C itself: ctest.c's
// sin_as_int calls sin through an int-returning pointer, as ctypes does.
func TestSeed(t *testing.T) {
	var out strings.Builder
	if err := run(&out); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines: %q", len(lines), out.String())
	}

	lib, err := ffi.CDLL(cbuild.Test(t, "ctest"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	sinAsInt, err := lib.Func("sin_as_int")
	if err != nil {
		t.Fatal(err)
	}
	c, err := sinAsInt.Call(3.1415926536)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := strconv.ParseInt(lines[0], 10, 32); err != nil {
		t.Errorf("sin without restype printed %q, not a C int", lines[0])
	}
	if runtime.GOOS == "windows" {
		// msvcrt's sin (Wine's, at least) does not write eax at all: the
		// int is whatever the caller left there, which differs between
		// ctest.dll's caller and libffi's, so C cannot vouch for it.
		t.Logf("sin without restype: %s here (C's own caller reads %d: eax is the caller's)", lines[0], c.(int64))
	} else if want := strconv.FormatInt(c.(int64), 10); lines[0] != want {
		t.Errorf("sin without restype printed %s; C reads %s from the same call", lines[0], want)
	}
	t.Logf("sin without restype: %s here; the notebook's libm gave 1074340347 (the argument's high word, %d)",
		lines[0], math.Float64bits(3.1415926536)>>32)

	if want := strconv.FormatFloat(math.Sin(3.1415926536), 'g', -1, 64); lines[1] != want || lines[1] != "-1.0206823934513925e-11" {
		t.Errorf("sin with restype double printed %s, want %s (notebook: -1.0206823934513925e-11)", lines[1], want)
	}
}
