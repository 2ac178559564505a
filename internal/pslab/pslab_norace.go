//go:build !race

package pslab

import _ "unsafe" // go:linkname

// Shared reports whether values are taken from slabs (not under the race
// detector).
const Shared = true

// Get returns a zeroed *T, of its own: no other Get returns it.
func (a *Slab[T]) Get() *T {
	pid := procPin()
	if uint(pid) < maxP {
		sl := &a.slots[pid]
		if len(sl.s) > 0 {
			p := &sl.s[0]
			sl.s = sl.s[1:]
			procUnpin()
			return p
		}
	}
	procUnpin()
	// A new slab, allocated unpinned (as sync.Pool's pinSlow does), for
	// the P the goroutine is on after it.
	blk := make([]T, a.n)
	pid = procPin()
	if uint(pid) < maxP {
		a.slots[pid].s = blk[1:]
	}
	procUnpin()
	return &blk[0]
}

// The runtime keeps these for linkname (go.dev/issue/67401).
//
//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()
