package ffi

import (
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

// TestWideStringUnits checks the wchar_t encoding against the C library:
// UTF-32 on Unix, UTF-16 on Windows, where a character outside the Basic
// Multilingual Plane takes two wchar_t. C's wcslen counts the units the
// Go side wrote, and wcsstr returns a pointer into them that the Go side
// decodes back.
func TestWideStringUnits(t *testing.T) {
	c := libc(t)
	wcslen := newFuncT(t, c, "wcslen", types.SizeT, types.WCharP)
	wcsstr := newFuncT(t, c, "wcsstr", types.WCharP, types.WCharP, types.WCharP)
	for _, s := range []string{"", "abc", "界", "a😀b", "😀😀"} {
		buf, err := types.CreateUnicodeBuffer(s)
		if err != nil {
			t.Fatal(err)
		}
		units := buf.Len() - 1
		n, err := CallAs[uint64](wcslen, s)
		if err != nil || n != uint64(units) {
			t.Errorf("wcslen(%q) = %d, %v; the Go buffer holds %d wchar_t", s, n, err, units)
		}
		if n, _ := CallAs[uint64](wcslen, buf); n != uint64(units) {
			t.Errorf("wcslen(buffer %q) = %d, want %d", s, n, units)
		}
		if got, _ := buf.Str(); got != s {
			t.Errorf("buffer %q reads back %q", s, got)
		}
	}
	got, err := CallAs[string](wcsstr, "a😀b", "😀")
	if err != nil || got != "😀b" {
		t.Errorf(`wcsstr("a😀b", "😀") = %q, %v`, got, err)
	}
}

// TestWideChar passes single wchar_t values through C (scalars.c's
// rt_wchar returns its argument), above U+8000 too, where a 2-byte wchar_t
// read as signed would come back negative, and checks that a character a
// wchar_t cannot hold (outside the BMP, with a 2-byte wchar_t) is an
// error.
func TestWideChar(t *testing.T) {
	lib, err := CDLL(cbuild.Test(t, "scalars"))
	if err != nil {
		t.Fatal(err)
	}
	defer lib.Close()
	rt := newFuncT(t, lib, "rt_wchar", types.WChar, types.WChar)
	for _, r := range []rune{'a', 'é', '界', 'ａ', '\uFF5E'} {
		got, err := rt.Call(string(r))
		if err != nil || got != r {
			t.Errorf("rt_wchar(%q) = %v (%T), %v", r, got, got, err)
		}
	}
	_, err = types.WChar.New("😀")
	if fits := types.Sizeof(types.WChar) == 4; (err == nil) != fits {
		t.Errorf("c_wchar(😀) with a %d-byte wchar_t: %v", types.Sizeof(types.WChar), err)
	}
}
