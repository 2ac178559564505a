//go:build !windows

// The GCC (System V) bitfield layout: on Windows the Microsoft layout puts
// kind and flags in a 4-byte unit of their type after tag, so Hdr is 5
// bytes there, as MSVC makes it.

package types_test

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// Bitfields and packing, as in C: struct { char tag; unsigned kind:3; unsigned flags:5; } with #pragma pack(1).
func ExampleBitfield() {
	Hdr := types.MustStructOf("Hdr", []types.Field{
		types.F("tag", types.Char),
		types.Bitfield("kind", types.UInt, 3),
		types.Bitfield("flags", types.UInt, 5),
	}, types.Pack(1))
	h := types.New(Hdr)
	h.Field("kind").Set(5)
	h.Field("flags").Set(17)
	fmt.Println(h, types.Sizeof(Hdr))
	fmt.Println(h.Field("kind").Set(9)) // 9 does not fit in 3 bits
	// Output:
	// Hdr(tag=b'\x00', kind=5, flags=17) 2
	// expected c_uint, got int 9: out of range for a 3-bit unsigned bitfield
}
