package ffi

import (
	"encoding/binary"
	"sync"
	"unsafe"

	"github.com/purectypes/ctypes/types"
)

// A Func's prepared plan depends only on its declared signature (see
// prepared: the function it calls is passed at each call), so the Funcs
// that declare one signature share one: a library of a thousand functions
// of a few shapes prepares each shape once (BenchmarkFirstUse). A leaf
// plan names its function (for the fault message) and is its own, and so
// is every plan of the libffi engine forced by tests (forceLibffi), which
// count the plans they make.
var declaredPlans struct {
	mu sync.RWMutex
	m  map[string]*prepared
}

// declaredPlansMax bounds the cache, as planCacheMax does the engine's.
const declaredPlansMax = 4096

// declaredKey is what a declared plan depends on: the Restype as given,
// Variadic, LeafStack and each Argtypes element, by identity (the plan
// keeps them alive, so no other type takes their addresses while it is
// cached).
func declaredKey(buf []byte, restype *types.Type, argtypes []*types.Type, variadic bool, leafStack uintptr) []byte {
	key := binary.AppendUvarint(buf, uint64(uintptr(unsafe.Pointer(restype))))
	v := uint64(leafStack) << 1
	if variadic {
		v |= 1
	}
	key = binary.AppendUvarint(key, v)
	for _, t := range argtypes {
		key = binary.AppendUvarint(key, uint64(uintptr(unsafe.Pointer(t))))
	}
	return key
}

// sharedDeclared returns the cached plan of key, or nil.
func sharedDeclared(key []byte) *prepared {
	declaredPlans.mu.RLock()
	p := declaredPlans.m[string(key)]
	declaredPlans.mu.RUnlock()
	return p
}

// shareDeclared caches p, the plan of key, unless the cache is full.
func shareDeclared(key []byte, p *prepared) {
	declaredPlans.mu.Lock()
	defer declaredPlans.mu.Unlock()
	if declaredPlans.m == nil {
		declaredPlans.m = make(map[string]*prepared)
	}
	if len(declaredPlans.m) < declaredPlansMax {
		declaredPlans.m[string(key)] = p
	}
}
