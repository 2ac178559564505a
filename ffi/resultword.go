//go:build !race

package ffi

import (
	"unsafe"
)

// Func.Call returns a numeric result in an interface, whose value must be
// heap memory of its own: a Go conversion to any allocates 8 bytes
// (runtime.convT64, about 110 instructions of mallocgc per call, the
// largest part of Call's cost beyond CallAs's). resultWord hands out the
// words of per-P slabs of 64 instead, the way sync.Pool keeps per-P
// caches: the goroutine is pinned to its P (runtime.procPin, which
// disables preemption) while it takes a word of that P's slab, so no two
// goroutines touch one slab at once, without a lock or an atomic. A word
// is never handed out twice; a slab is garbage once no interface points
// into it (an interface keeps its whole slab, 512 bytes, alive). Under
// the race detector, which cannot see the pinning, each word is its own
// allocation (resultword_race.go).

// slabWords is the words of one slab; resultWordsShared says that words
// are handed out of slabs (not under the race detector).
const (
	slabWords         = 64
	resultWordsShared = true
)

// wordSlab is one P's slab: w's words from n on are unused. A cache line
// of its own, so Ps do not share one.
type wordSlab struct {
	w *[slabWords]uint64
	n uintptr
	_ [48]byte
}

// wordSlabs are the slabs of the Ps numbered below len(wordSlabs); a P
// numbered above allocates each word.
var wordSlabs [256]wordSlab

// resultWord returns a word of heap memory of its own.
func resultWord() *uint64 {
	pid := procPin()
	if uint(pid) < uint(len(wordSlabs)) {
		s := &wordSlabs[pid]
		if s.n < slabWords && s.w != nil {
			w := &s.w[s.n]
			s.n++
			procUnpin()
			return w
		}
	}
	procUnpin()
	// A new slab, allocated unpinned (as sync.Pool's pinSlow does), for
	// the P the goroutine is on after it.
	blk := new([slabWords]uint64)
	pid = procPin()
	if uint(pid) < uint(len(wordSlabs)) {
		wordSlabs[pid] = wordSlab{w: blk, n: 1}
	}
	procUnpin()
	return &blk[0]
}

//go:linkname procPin runtime.procPin
func procPin() int

//go:linkname procUnpin runtime.procUnpin
func procUnpin()

var _ unsafe.Pointer // go:linkname
