package ffi

import (
	"os"
	"strings"
)

// libffiLoaded reports whether libffi is mapped into this process: a line
// of /proc/self/maps naming it (under qemu-user, the emulated process's
// maps).
func libffiLoaded() (bool, error) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return false, err
	}
	return strings.Contains(string(maps), "/libffi.so"), nil
}
