package ffi

import (
	"testing"

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
