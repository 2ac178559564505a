package types_test

import (
	"fmt"

	"github.com/purectypes/ctypes/types"
)

// A ctypes Structure: class Complex(Structure): _fields_ = [("x", c_double), ("y", c_double)].
func ExampleStructOf() {
	Complex := types.MustStructOf("Complex", []types.Field{
		types.F("x", types.Double),
		types.F("y", types.Double),
	})
	c, _ := Complex.New(3.1, 4.2)
	x, _ := c.Field("x").Float()
	// The struct is aligned as its most aligned field: 8 bytes on most
	// platforms, 4 on i386, where C aligns a double to 4.
	fmt.Println(c, x, types.Sizeof(Complex), types.Alignment(Complex) == types.Alignment(types.Double))
	// Output: Complex(x=3.1, y=4.2) 3.1 16 true
}

// Arrays: (c_double * 3)(1, 2, 3) and (c_char * 20) * 4.
func ExampleArrayOf() {
	Vec := types.MustArrayOf(types.Double, 3)
	v, _ := Vec.New(1.0, 2.0, 3.0)
	v.Index(1).Set(2.5)
	fmt.Println(v)
	Names := types.MustArrayOf(types.MustArrayOf(types.Char, 20), 4)
	names := types.New(Names)
	names.Index(0).Set("ada")
	s, _ := names.Index(0).Str()
	fmt.Println(s, types.Sizeof(Names))
	// Output:
	// c_double_Array_3([1.0, 2.5, 3.0])
	// ada 80
}

// Pointers: pointer(), byref(), cast(), p.contents.
func ExamplePointer() {
	n := types.Int.MustNew(41)
	p, _ := types.Pointer(n)
	v, _ := p.Elem().Int()
	p.Elem().Set(v + 1)
	fmt.Println(n)
	arr := types.MustArrayOf(types.Int, 3).MustNew(7, 8, 9)
	q, _ := types.Cast(arr, types.PointerTo(types.Int))
	fmt.Println(q.Index(2))
	// Output:
	// c_int(42)
	// c_int(9)
}

// Mutable string buffers: create_string_buffer.
func ExampleCreateStringBuffer() {
	buf, _ := types.CreateStringBuffer("hello", 10)
	buf.Index(0).Set("J")
	s, _ := buf.Str()
	fmt.Println(s, buf.Type())
	// Output: Jello c_char_Array_10
}

// Reading a big-endian binary header, like ctypes.BigEndianStructure.
func ExampleBigEndian() {
	Header := types.MustStructOf("Header", []types.Field{
		types.F("magic", types.Uint32),
		types.F("version", types.Uint16),
	}, types.BigEndian())
	h, _ := types.FromBufferCopy(Header, []byte{0x89, 'P', 'N', 'G', 0, 2, 0, 0}, 0)
	m, _ := h.Field("magic").Uint()
	fmt.Printf("%#x %v\n", m, h.Field("version"))
	// Output: 0x89504e47 c_uint16_be(2)
}
