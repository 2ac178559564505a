//go:build !darwin && !windows

package libffi

const defaultPath = "libffi.so.8"
