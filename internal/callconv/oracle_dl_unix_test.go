//go:build (linux && amd64) || (arm64 && (linux || darwin))

package callconv

import "github.com/ebitengine/purego"

// orOpen and orSym load the oracle's C checker.
func orOpen(path string) (uintptr, error) {
	return purego.Dlopen(path, purego.RTLD_NOW|purego.RTLD_GLOBAL)
}

func orSym(h uintptr, name string) (uintptr, error) { return purego.Dlsym(h, name) }
