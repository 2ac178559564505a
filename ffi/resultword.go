package ffi

import "github.com/purectypes/ctypes/internal/pslab"

// Func.Call returns a numeric result in an interface, whose value must be
// heap memory of its own: a Go conversion to any allocates 8 bytes
// (runtime.convT64, about 110 instructions of mallocgc per call, the
// largest part of Call's cost beyond CallAs's). resultWord hands out the
// words of per-P slabs of 16 instead (internal/pslab), one allocation
// per 16 results: an interface kept keeps its whole slab, 128 bytes,
// alive (the runtime's tiny allocator keeps 16).
var resultWords = pslab.New[uint64](16)

// resultWord returns a word of heap memory of its own.
func resultWord() *uint64 { return resultWords.Get() }
