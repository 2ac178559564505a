// Package pslab hands out zeroed values of one Go type from per-P slabs:
// a value costs a few instructions instead of a heap allocation (about
// 110 instructions of mallocgc for 8 bytes, 230 for a 96-byte object
// with pointers), one allocation making a slab of n values.
//
// The goroutine is pinned to its P (runtime.procPin, which disables
// preemption, as sync.Pool pins) while it takes the next value of that
// P's slab, so no two goroutines take from one slab at once, without a
// lock or an atomic; a value is never handed out twice. A slab is one Go
// allocation: it is garbage once nothing points into it, and a value
// kept alive keeps its whole slab (n values) alive.
//
// Under the race detector, which cannot see the pinning, each value is
// an allocation of its own (pslab_race.go).
package pslab

// maxP: the Ps numbered below it have a slab of their own; a P numbered
// above (GOMAXPROCS over maxP) allocates each value.
const maxP = 256

// Slab hands out values of T, n per slab; the zero Slab is not usable:
// make one with [New], in a package variable.
type Slab[T any] struct {
	n     int
	slots [maxP]slot[T]
}

// slot is one P's slab: the values of s are unused. A cache line of its
// own, so that Ps do not share one.
type slot[T any] struct {
	s []T
	_ [40]byte
}

// New returns a Slab of n values per slab.
func New[T any](n int) *Slab[T] {
	return &Slab[T]{n: max(n, 1)}
}
