//go:build race

package pslab

// Shared reports whether values are taken from slabs: not under the race
// detector, where each is its own allocation.
const Shared = false

// Get returns a zeroed *T of its own.
func (a *Slab[T]) Get() *T { return new(T) }
