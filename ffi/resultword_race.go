//go:build race

package ffi

// resultWordsShared: each word its own allocation.
const resultWordsShared = false

// resultWord returns a word of heap memory of its own: under the race
// detector each its own allocation (see resultword.go).
func resultWord() *uint64 { return new(uint64) }
