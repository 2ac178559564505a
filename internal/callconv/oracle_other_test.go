//go:build !(linux && amd64) && !(arm64 && (linux || darwin)) && !(windows && amd64)

package callconv

import (
	"runtime"
	"testing"
)

// TestOracle has no engine to test here (see oracle_test.go).
func TestOracle(t *testing.T) {
	t.Skipf("callconv has no engine on %s/%s (Supported is false): nothing to compare with libffi", runtime.GOOS, runtime.GOARCH)
}
