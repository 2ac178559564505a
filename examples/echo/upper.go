package main

import (
	"bytes"
	"fmt"

	"github.com/purectypes/ctypes/ffi"
)

// blanks are the bytes Python's bytes.rstrip() removes, the notebook's
// "remove trailing newline and blanks".
const blanks = " \t\n\v\f\r"

// Upper makes the notebook's replies with the C library's toupper, called
// through ffi once per byte.
type Upper struct {
	toupper func(int32) int32
}

// LoadUpper binds int toupper(int) from the C library.
func LoadUpper() (*Upper, error) {
	name, err := ffi.FindLibrary("c")
	if err != nil {
		return nil, fmt.Errorf("echo: finding the C library: %w", err)
	}
	libc, err := ffi.CDLL(name)
	if err != nil {
		return nil, fmt.Errorf("echo: loading the C library: %w", err)
	}
	toupper, err := ffi.Fn1[int32, int32](libc, "toupper")
	if err != nil {
		return nil, fmt.Errorf("echo: binding toupper: %w", err)
	}
	return &Upper{toupper: toupper}, nil
}

// Reply appends to dst the reply to the request req: req without its
// trailing blanks, each byte converted by C's toupper (the notebook's
// req.rstrip() and upper()). A request of blanks only has an empty reply.
func (u *Upper) Reply(dst, req []byte) []byte {
	for _, c := range bytes.TrimRight(req, blanks) {
		dst = append(dst, byte(u.toupper(int32(c))))
	}
	return dst
}
