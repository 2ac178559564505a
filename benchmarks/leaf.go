package benchmarks

// The cgo side of the leaf benchmark (leaf_cgo.go, built only with cgo)
// registers itself here, as the matrix's does.
var (
	// cgoLeafLoad loads testdata/leaf.c's shared object for the cgo calls.
	cgoLeafLoad func(path string) error
	// cgoLeaf calls a function of leaf.c through cgo n times, with the
	// arguments leafArgs gives call i, and returns the sum of the
	// results (a struct's fields summed).
	cgoLeaf = map[string]func(n int) float64{}
)

// leafVec3 is leaf.c's leaf_vec3.
type leafVec3 struct{ X, Y, Z float64 }
