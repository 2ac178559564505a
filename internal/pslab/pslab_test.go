package pslab

import (
	"runtime"
	"sync"
	"testing"
)

type rec struct {
	a, b uint64
	p    *uint64
}

var recs = New[rec](8)

// TestDistinctAndZero: from many goroutines at once, with collections
// between, every value Get returns is zero, distinct from every other
// one still alive, and keeps what was written into it (a Go pointer
// included: the slab is scanned), so none is handed out twice or freed
// while in use.
func TestDistinctAndZero(t *testing.T) {
	t.Run("GOMAXPROCS", func(t *testing.T) { distinctAndZero(t, 8) })
	// More Ps than slabs (maxP): goroutines that run on a P numbered above
	// it allocate each value (64 goroutines on 300 Ps: some may).
	t.Run("GOMAXPROCS=300", func(t *testing.T) {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(maxP + 44))
		distinctAndZero(t, 64)
	})
}

func distinctAndZero(t *testing.T, workers int) {
	const per = 4000
	got := make([][]*rec, workers)
	var wg sync.WaitGroup
	bad := make(chan string, workers)
	for g := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range per {
				r := recs.Get()
				if *r != (rec{}) {
					bad <- "a value not zeroed"
					return
				}
				v := uint64(g)<<32 | uint64(i)
				r.a, r.b, r.p = v, ^v, new(uint64)
				*r.p = v
				got[g] = append(got[g], r)
				if i%1000 == 0 {
					runtime.GC()
				}
			}
		}()
	}
	wg.Wait()
	close(bad)
	for s := range bad {
		t.Fatal(s)
	}
	runtime.GC()
	seen := make(map[*rec]bool, workers*per)
	for g := range workers {
		for i, r := range got[g] {
			v := uint64(g)<<32 | uint64(i)
			if r.a != v || r.b != ^v || *r.p != v {
				t.Fatalf("worker %d value %d: %+v (*p %d), want a=%d", g, i, *r, *r.p, v)
			}
			if seen[r] {
				t.Fatalf("worker %d value %d: %p handed out twice", g, i, r)
			}
			seen[r] = true
		}
	}
}

var sink *uint64

// TestSlabs: one allocation per n values where Shared; each value its own
// allocation under the race detector.
func TestSlabs(t *testing.T) {
	words := New[uint64](64)
	want := 1.0
	if Shared {
		want = 0 // one allocation per 64 Gets: AllocsPerRun rounds down
	}
	if got := testing.AllocsPerRun(640, func() { sink = words.Get() }); got != want {
		t.Errorf("%v allocations per Get, want %v", got, want)
	}
}
