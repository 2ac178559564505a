package cdecl_test

import (
	"fmt"
	"strings"

	"github.com/purectypes/ctypes/cdecl"
	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/types"
)

// A prototype binds in one line: the symbol it names, its Restype and
// Argtypes.
func ExampleFunc() {
	libm, err := ffi.CDLL("libm.so.6")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer libm.Close()
	pow, err := cdecl.Func(libm, "double pow(double x, double y)")
	if err != nil {
		fmt.Println(err)
		return
	}
	y, err := ffi.CallAs[float64](pow, 2.0, 10.0)
	fmt.Println(pow.Restype, pow.Argtypes, y, err)
	// Output: c_double [c_double c_double] 1024 <nil>
}

// A declaration set gives the types, laid out as the C compiler lays them
// out: bitfields, packing, nesting.
func ExampleParse() {
	d, err := cdecl.Parse(`
		struct header {
			uint8_t version : 4;
			uint8_t flags : 4;
			uint16_t length;
			struct { uint32_t lo, hi; } id;
		} __attribute__((packed));
		enum { HEADER_V1 = 1, HEADER_V2 };
	`)
	if err != nil {
		fmt.Println(err)
		return
	}
	h, err := d.Type("struct header")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(h.Size(), h.Align())
	for _, f := range h.Fields() {
		fmt.Println(f.Name, f.Type.Name(), f.Offset, f.BitOffset, f.Bits)
	}
	v2, _ := d.Const("HEADER_V2")
	fmt.Println("HEADER_V2 =", v2)
	// Output:
	// 11 1
	// version c_uint8 0 0 4
	// flags c_uint8 0 4 4
	// length c_uint16 1 0 0
	// id struct_anon 3 0 0
	// HEADER_V2 = 2
}

// Decls.Func binds a declared function in a library, ready to call.
func ExampleDecls_Func() {
	d, err := cdecl.Parse("typedef struct { int quot, rem; } div_t; div_t div(int numerator, int denominator);")
	if err != nil {
		fmt.Println(err)
		return
	}
	libc, err := ffi.CDLL("libc.so.6")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer libc.Close()
	div, err := d.Func(libc, "div")
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := div.Call(17, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	q, _ := r.(*types.Value).Field("quot").Int()
	rem, _ := r.(*types.Value).Field("rem").Int()
	fmt.Println(q, rem)
	// Output: 3 2
}

// Generate writes typed Go bindings for a header's declarations.
func ExampleGenerate() {
	d, err := cdecl.Parse("struct point { int x, y; };\nint manhattan(struct point p);\n#define ORIGIN 0\n")
	if err != nil {
		fmt.Println(err)
		return
	}
	src, err := cdecl.Generate(d, cdecl.GenOptions{Package: "geo", Library: "libgeo.so", Header: "<cdecl>"})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The Go struct, and the bound function with its C prototype.
	text := string(src)
	fmt.Print(text[strings.Index(text, "// Point is"):strings.Index(text, "// layoutErr")])
	fmt.Print(text[strings.Index(text, "\t// Manhattan is"):strings.Index(text, "// Load opens")])
	// Output:
	// // Point is the C struct point: 8 bytes, aligned to 4.
	// type Point struct {
	// 	X int32 // x
	// 	Y int32 // y
	// }
	//
	// 	// Manhattan is
	// 	//
	// 	//	int manhattan(struct point p)
	// 	Manhattan func(p Point) int32
	// }
}
