package ffi

import "os"

// leafFaultChild makes a leaf call that faults, as args[1] says (the
// child of TestLeafWin64FaultFatal): it must die with a fatal error.
// testdata/leaf.c: leaf_deref(p) reads *p, leaf_deref_deep(p, depth) does
// under depth C frames, leaf_div(a, b) divides.
func leafFaultChild(args []string) int {
	lib, err := CDLL(args[0])
	if err != nil {
		return 3
	}
	defer func() {
		if r := recover(); r != nil {
			os.Stdout.WriteString("RECOVERED\n")
		}
	}()
	switch args[1] {
	case "deref":
		f, _ := Fn1[int32, uintptr](lib, "leaf_deref", Leaf(0))
		f(0)
	case "deep":
		f, _ := Fn2[int32, uintptr, int32](lib, "leaf_deref_deep", Leaf(0))
		f(0, 20)
	case "div":
		f, _ := Fn2[int32, int32, int32](lib, "leaf_div", Leaf(0))
		f(1, 0)
	}
	os.Stdout.WriteString("the call returned\n")
	return 0
}
