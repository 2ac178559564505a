// Package testenv is the project's one switch between "absent, skipping"
// and "absent, failing" for what a test needs from the machine: a C
// compiler, a system library, an emulator, a package.
//
// By default a test whose prerequisite is missing skips, with the reason.
// With CTYPES_REQUIRE=1 in the environment (CI sets it) a missing
// prerequisite fails the test instead, unless the platform's list in
// [MayBeAbsent] names it, with the reason it may be absent there; such a
// skip prints that reason.
//
//	lib, err := ffi.CDLL("libopenblas.so.0")
//	testenv.Require(t, "libopenblas", err) // skips, or fails under CTYPES_REQUIRE=1
//
// Every skip is reported through [testing.TB.Skipf] with a message that
// starts with "skipping: ", so a run's skips can be counted and listed
// (cmd/testsummary does it for `go test -json`).
package testenv

import (
	"os"
	"runtime"
	"testing"
)

// EnvRequire is the environment variable that turns a missing
// prerequisite into a test failure.
const EnvRequire = "CTYPES_REQUIRE"

// MayBeAbsent lists, per GOOS/GOARCH, the prerequisites that may be absent
// even under CTYPES_REQUIRE=1, each with the reason. A name not listed for
// the running platform must be present when the switch is on.
var MayBeAbsent = map[string]map[string]string{
	"windows/amd64": {
		"C compiler": "tests run under Wine, where no C compiler runs; the C test libraries are prebuilt with mingw (scripts/test-windows.sh)",
		"env(1)":     "Windows has no env command (internal/testexec's wrapper test stands it in for an emulator)",
		"go tool":    "tests run under Wine, where the go tool (Linux's) does not run; the build check it makes covers every platform and runs on linux/amd64 and under qemu",
	},
}

// Strict reports whether CTYPES_REQUIRE is set to a true value
// ("1", "true", "yes").
func Strict() bool {
	switch os.Getenv(EnvRequire) {
	case "1", "true", "yes":
		return true
	}
	return false
}

// Platform is the running platform as "GOOS/GOARCH".
func Platform() string { return runtime.GOOS + "/" + runtime.GOARCH }

// Require does nothing when err is nil. Otherwise the prerequisite named
// what is missing: the test fails under CTYPES_REQUIRE=1 unless
// [MayBeAbsent] allows it on this platform, and skips otherwise.
func Require(tb testing.TB, what string, err error) {
	tb.Helper()
	if err == nil {
		return
	}
	if reason, ok := MayBeAbsent[Platform()][what]; ok {
		tb.Skipf("skipping: %s is absent (%v); allowed on %s: %s", what, err, Platform(), reason)
	}
	if Strict() {
		tb.Fatalf("%s is required (%s=1) but absent: %v", what, EnvRequire, err)
	}
	tb.Skipf("skipping: %s is absent: %v (set %s=1 to make this a failure)", what, err, EnvRequire)
}

// Skip skips a test for a reason that does not depend on the machine's
// contents (a platform without the feature, a short run), with the same
// "skipping: " prefix as [Require], so that it is counted and listed.
func Skip(tb testing.TB, reason string) {
	tb.Helper()
	tb.Skipf("skipping: %s", reason)
}
