package cdecl

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/types"
)

var (
	cdeclOnce sync.Once
	cdeclH    *Decls
	cdeclErr  error
)

// testDecls returns testdata/cdecl.h, parsed once for the package's tests.
func testDecls(t *testing.T) *Decls {
	t.Helper()
	cdeclOnce.Do(func() { cdeclH, cdeclErr = ParseFile("../testdata/cdecl.h") })
	if cdeclErr != nil {
		t.Fatal(cdeclErr)
	}
	return cdeclH
}

func openLib(t testing.TB, name string) *ffi.Library {
	t.Helper()
	lib, err := ffi.CDLL(cbuild.Test(t, name))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lib.Close() })
	return lib
}

// call binds name from the declarations and calls it.
func call(t *testing.T, d *Decls, lib *ffi.Library, name string, args ...any) any {
	t.Helper()
	f, err := d.Func(lib, name)
	if err != nil {
		t.Fatalf("Func(%s): %v", name, err)
	}
	r, err := f.Call(args...)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return r
}

func mustInt(t *testing.T, v *types.Value) int64 {
	t.Helper()
	n, err := v.Int()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCallsFromHeader(t *testing.T) {
	d := testDecls(t)
	lib := openLib(t, "cdecl")
	point, err := d.Type("struct cd_point")
	if err != nil {
		t.Fatal(err)
	}

	// Structs by value, in and out.
	r := call(t, d, lib, "cd_add", point.MustNew(1, 2), point.MustNew(30, 40)).(*types.Value)
	if x, y := mustInt(t, r.Field("x")), mustInt(t, r.Field("y")); x != 31 || y != 42 {
		t.Errorf("cd_add = (%d, %d), want (31, 42)", x, y)
	}
	// Arrays as parameters: const int xs[] is an int*; double m[][3] a pointer to double[3].
	if got := call(t, d, lib, "cd_sum", []int32{1, 2, 3, 4}, 4); got != uint64(10) && got != int64(10) {
		t.Errorf("cd_sum = %v, want 10", got)
	}
	m := types.New(types.MustArrayOf(types.MustArrayOf(types.Double, 3), 3))
	for i := 0; i < 3; i++ {
		if err := m.Index(i).Index(i).Set(float64(i) + 0.5); err != nil {
			t.Fatal(err)
		}
	}
	if got := call(t, d, lib, "cd_trace", m, 3); got != 4.5 {
		t.Errorf("cd_trace = %v, want 4.5", got)
	}

	// Function pointers: a typedef'd one and a written-out one.
	binop, err := d.Type("cd_binop")
	if err != nil {
		t.Fatal(err)
	}
	mul, err := ffi.NewCallback(binop, func(a []any) any { return a[0].(int64) * a[1].(int64) })
	if err != nil {
		t.Fatal(err)
	}
	defer mul.Free()
	if got := call(t, d, lib, "cd_apply", mul, 6, 7); got != int64(42) {
		t.Errorf("cd_apply = %v, want 42", got)
	}
	sig, err := d.Signature("cd_fold")
	if err != nil {
		t.Fatal(err)
	}
	if sig.Argtypes[0] != binop {
		t.Errorf("int (*op)(int, int) is %s, cd_binop is %s: the same C type should give the same *types.Type", sig.Argtypes[0], binop)
	}
	if got := call(t, d, lib, "cd_fold", mul, []int32{1, 2, 3, 4, 5}, 5, 1); got != int64(120) {
		t.Errorf("cd_fold = %v, want 120", got)
	}

	// Variadic functions: "..." sets Variadic, the extra arguments are promoted.
	buf, err := types.CreateStringBuffer(64)
	if err != nil {
		t.Fatal(err)
	}
	n := call(t, d, lib, "cd_sprintf", buf, 64, "%d-%s-%.2f", 42, "x", 2.5)
	if s, _ := buf.Str(); s != "42-x-2.50" || n != int64(len(s)) {
		t.Errorf("cd_sprintf = %v, %q", n, s)
	}
	if got := call(t, d, lib, "cd_vsum", 3, int64(1)<<40, int64(2), int64(-3)); got != int64(1<<40-1) {
		t.Errorf("cd_vsum = %v", got)
	}

	// Scalars of the data model.
	if got := call(t, d, lib, "cd_ull", uint64(1)<<63, uint64(3)); got != uint64(1)<<63+1 {
		t.Errorf("cd_ull = %v", got)
	}
	if got := call(t, d, lib, "cd_is_even", 10); got != true {
		t.Errorf("cd_is_even(10) = %v", got)
	}
	if got := call(t, d, lib, "cd_wlen", "héllo wörld"); got != uint64(11) {
		t.Errorf("cd_wlen = %v, want 11", got)
	}
	if got := call(t, d, lib, "cd_neg", int64(-1)<<40); got != int64(1)<<40 {
		t.Errorf("cd_neg = %v", got)
	}

	// Pointers to pointers, arrays of pointers.
	argv := types.New(types.MustArrayOf(types.CharP, 4))
	for i, s := range []string{"a", "bb", "ccc"} {
		if err := argv.Index(i).Set(s); err != nil {
			t.Fatal(err)
		}
	}
	if got := call(t, d, lib, "cd_argc", argv); got != int64(3) {
		t.Errorf("cd_argc = %v, want 3", got)
	}
	intp, err := d.Type("int *[3]")
	if err != nil {
		t.Fatal(err)
	}
	out := types.New(intp)
	call(t, d, lib, "cd_fill_ptrs", out, 3)
	for i := 0; i < 3; i++ {
		if v := mustInt(t, out.Index(i).Elem()); v != int64(i*10) {
			t.Errorf("*out[%d] = %d, want %d", i, v, i*10)
		}
	}

	// Bitfields: what Go writes C reads, and the reverse.
	flagsT, err := d.Type("struct cd_flags")
	if err != nil {
		t.Fatal(err)
	}
	flags := types.New(flagsT)
	for _, c := range []struct {
		name string
		v    int64
	}{{"a", 5}, {"b", 17}, {"c", -33}, {"d", 4000}, {"e", 1}, {"f", 1000002}} {
		if err := flags.Field(c.name).Set(c.v); err != nil {
			t.Fatal(err)
		}
		if got := call(t, d, lib, "cd_flags_get", types.Byref(flags), c.name); got != c.v {
			t.Errorf("Go set %s = %d, C reads %v", c.name, c.v, got)
		}
		flags2 := types.New(flagsT)
		call(t, d, lib, "cd_flags_set", types.Byref(flags2), c.name, c.v)
		if got, _ := flags2.Field(c.name).Get(); fmt.Sprint(got) != fmt.Sprint(c.v) && !(c.name == "e" && got == true) {
			t.Errorf("C set %s = %d, Go reads %v", c.name, c.v, got)
		}
	}

	// A packed struct by value, a union result.
	packed, err := d.Type("struct cd_packed")
	if err != nil {
		t.Fatal(err)
	}
	if got := call(t, d, lib, "cd_packed_sum", packed.MustNew(1, 1000, 20)); got != int64(1021) {
		t.Errorf("cd_packed_sum = %v, want 1021", got)
	}
	num := call(t, d, lib, "cd_num_of", 2.75).(*types.Value)
	if f, _ := num.Field("d").Float(); f != 2.75 {
		t.Errorf("cd_num_of(2.75).d = %v", f)
	}

	// Opaque pointers are void*.
	o := call(t, d, lib, "cd_open", 77)
	if got := call(t, d, lib, "cd_value", o); got != int64(77) {
		t.Errorf("cd_value = %v, want 77", got)
	}
	call(t, d, lib, "cd_close", o)

	// Enums and constants; a const char * result.
	green, _ := d.Const("CD_GREEN")
	blue, _ := d.Const("CD_BLUE")
	if got := call(t, d, lib, "cd_next", green); got != blue {
		t.Errorf("cd_next(CD_GREEN) = %v, want CD_BLUE = %d", got, blue)
	}
	if got := call(t, d, lib, "cd_name"); got != "cdecl" {
		t.Errorf("cd_name = %v", got)
	}
}

// TestBindHeader binds every function of the header at once.
func TestBindHeader(t *testing.T) {
	d := testDecls(t)
	lib := openLib(t, "cdecl")
	// The library links libc, so dlsym finds the libc functions the
	// header's #includes declare too: those taking a va_list or returning
	// long double are reported by name.
	funcs, err := d.Bind(lib)
	var be *BindError
	if err != nil && !errors.As(err, &be) {
		t.Fatal(err)
	}
	if be != nil {
		for name, reason := range be.Errs {
			if !errors.Is(reason, ErrUnsupported) {
				t.Errorf("%s: %v", name, reason)
			}
		}
		if _, ok := be.Errs["vwprintf"]; !ok {
			t.Errorf("vwprintf (a va_list parameter) not reported: %v", err)
		}
	}
	for _, name := range d.FuncsIn("cdecl.h") {
		if funcs[name] == nil {
			t.Errorf("%s not bound", name)
		}
	}
	if got, err := funcs["cd_add"].Call(nil, nil); err == nil {
		t.Errorf("cd_add(nil, nil) = %v, want an argument error", got)
	} else if !errors.Is(err, ffi.ErrArgument) && !errors.Is(err, types.ErrConvert) {
		t.Errorf("cd_add(nil, nil): %v", err)
	}
}

func TestFuncOneLine(t *testing.T) {
	lib := openLib(t, "ctest")
	add, err := Func(lib, "struct Complex { double x, y; }; struct Complex add(struct Complex a, struct Complex b)")
	if err != nil {
		t.Fatal(err)
	}
	if add.Restype.Kind() != types.KindStruct || len(add.Argtypes) != 2 {
		t.Fatalf("add: Restype %s, Argtypes %v", add.Restype, add.Argtypes)
	}
	a, b := add.Restype.MustNew(3.1, 4.2), add.Restype.MustNew(1.9, 2.8)
	r, err := add.Call(a, b)
	if err != nil {
		t.Fatal(err)
	}
	x, _ := r.(*types.Value).Field("x").Float()
	y, _ := r.(*types.Value).Field("y").Float()
	if x != 3.1+1.9 || y != 4.2+2.8 {
		t.Errorf("add = (%v, %v)", x, y)
	}
	sum, err := Func(lib, "double sum(double f[], int n);")
	if err != nil {
		t.Fatal(err)
	}
	if got, err := ffi.CallAs[float64](sum, []float64{1, 2, 3.5}, 3); err != nil || got != 6.5 {
		t.Errorf("sum = %v, %v", got, err)
	}
}

// TestConcurrentUse uses one declaration set from many goroutines (run it
// with -race): types, signatures and bindings.
func TestConcurrentUse(t *testing.T) {
	d := testDecls(t)
	lib := openLib(t, "cdecl")
	point, err := d.Type("struct cd_point")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				p, err := d.Type("struct cd_point *")
				if err != nil || p.Elem() != point {
					errs <- fmt.Errorf("struct cd_point * = %v (%v), its element is not struct cd_point", p, err)
					return
				}
				f, err := d.Func(lib, "cd_add")
				if err != nil {
					errs <- err
					return
				}
				r, err := f.Call(point.MustNew(g, i), point.MustNew(1, 1))
				if err != nil {
					errs <- err
					return
				}
				if x, _ := r.(*types.Value).Field("x").Int(); x != int64(g+1) {
					errs <- fmt.Errorf("cd_add x = %d, want %d", x, g+1)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestVars reads and writes the globals of testdata/globals.c through their
// declarations in its own source; C's functions report what C sees.
func TestVars(t *testing.T) {
	d, err := ParseFile("../testdata/globals.c")
	if err != nil {
		t.Fatal(err)
	}
	lib := openLib(t, "globals")
	fn, err := d.Bind(lib) // stdlib.h's strtold and the like are reported, the rest bound
	var be *BindError
	if err != nil && !errors.As(err, &be) {
		t.Fatal(err)
	}
	counter, err := d.Var(lib, "g_counter")
	if err != nil {
		t.Fatal(err)
	}
	if err := counter.Set(100); err != nil {
		t.Fatal(err)
	}
	if got, err := fn["bump"].Call(); err != nil || got != int64(101) {
		t.Errorf("bump after g_counter = 100: %v, %v", got, err)
	}
	point, err := d.Var(lib, "g_point")
	if err != nil {
		t.Fatal(err)
	}
	if err := point.Field("y").Set(40); err != nil {
		t.Fatal(err)
	}
	x := mustInt(t, point.Field("x"))
	if got, _ := fn["point_sum"].Call(); got != x+40 {
		t.Errorf("point_sum = %v, want %d", got, x+40)
	}
	table, err := d.Var(lib, "g_table")
	if err != nil || table.Type().Len() != 5 {
		t.Fatalf("g_table: %v %v", table, err)
	}
	var sum int64
	for i := 0; i < 5; i++ {
		sum += mustInt(t, table.Index(i))
	}
	if got, _ := fn["table_sum"].Call(); got != sum {
		t.Errorf("table_sum = %v, Go reads %d", got, sum)
	}
	name, err := d.Var(lib, "g_name")
	if err != nil {
		t.Fatal(err)
	}
	if s, err := name.Str(); err != nil || s != "globals.c" {
		t.Errorf("g_name = %q, %v", s, err)
	}
	if _, err := d.Var(lib, "bump"); !errors.Is(err, ErrNotDeclared) {
		t.Errorf("Var of a function: %v", err)
	}
}
