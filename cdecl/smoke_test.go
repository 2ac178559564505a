package cdecl

import "testing"

func TestSmoke(t *testing.T) {
	d, err := ParseFile("../testdata/cdecl.h")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"struct cd_point", "cd_point", "struct cd_shape", "struct cd_flags", "struct cd_packed", "struct cd_packed2", "struct cd_pack2", "struct cd_packbits", "union cd_num", "struct cd_scalars", "struct cd_ptrs", "cd_binop", "char *[4]", "int (*)(double)", "unsigned long long", "void", "struct cd_point *", "enum cd_color", "cd_size"} {
		ty, err := d.Type(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		t.Logf("%s: %s size %d align %d", n, ty.Name(), ty.Size(), ty.Align())
		for _, f := range ty.Fields() {
			t.Logf("   %s %s off %d bit %d/%d", f.Name, f.Type.Name(), f.Offset, f.BitOffset, f.Bits)
		}
	}
	for _, n := range d.FuncsIn("cdecl.h") {
		p, _ := d.Prototype(n)
		s, err := d.Signature(n)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		t.Logf("%s  => %v %v %v", p, s.Restype.Name(), len(s.Argtypes), s.Variadic)
	}
	for _, c := range d.Constants("cdecl.h") {
		t.Logf("%+v", c)
	}
}
