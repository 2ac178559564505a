package cdecl

import (
	"strings"
	"testing"

	"github.com/purectypes/ctypes/types"
)

// TestStructsC reads testdata/structs.c, the struct-by-value suite of the
// ffi tests (58 struct and union types of every size and float/integer
// mix), from its own source: every type's layout must be what the C
// compiler says, and every function, bound from its declaration alone,
// must pass C's own checks: T_make builds a value in C, T_check, T_checkp,
// T_late (the value on the stack) and T_echo hand it back to C.
func TestStructsC(t *testing.T) {
	d, err := ParseFile("../testdata/structs.c")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range d.FuncsIn("../testdata/structs.c") {
		if base, ok := strings.CutSuffix(f, "_make"); ok {
			names = append(names, base+"_t")
		}
	}
	if len(names) < 50 {
		t.Fatalf("found %d types in structs.c", len(names))
	}
	checkLayouts(t, "../testdata/structs.c", names)

	lib := openLib(t, "structs")
	funcs, err := d.Bind(lib)
	if err != nil {
		t.Fatal(err)
	}
	ints := []any{1, 2, 3, 4, 5, 6, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5, 7.5, 8.5}
	for _, name := range names {
		base := strings.TrimSuffix(name, "_t")
		fn := func(suffix string) *types.Type { return funcs[base+suffix].Restype }
		if fn("_make") == nil || fn("_make").Kind() != types.KindStruct && fn("_make").Kind() != types.KindUnion {
			t.Errorf("%s_make returns %v", base, fn("_make"))
			continue
		}
		for seed := 1; seed <= 3; seed++ {
			v, err := funcs[base+"_make"].Call(seed)
			if err != nil {
				t.Fatalf("%s_make: %v", base, err)
			}
			echo, err := funcs[base+"_echo"].Call(v)
			if err != nil {
				t.Fatalf("%s_echo: %v", base, err)
			}
			for _, c := range []struct {
				fn   string
				args []any
			}{
				{"_check", []any{v, seed}},
				{"_check", []any{echo, seed}},
				{"_checkp", []any{types.Byref(v.(*types.Value)), seed}},
				{"_late", append(append(append([]any(nil), ints...), v), seed)},
			} {
				r, err := funcs[base+c.fn].Call(c.args...)
				if err != nil || r != int64(1) {
					t.Errorf("%s%s(seed %d) = %v, %v; C says the value it got is not the one it made", base, c.fn, seed, r, err)
				}
			}
		}
	}
}
