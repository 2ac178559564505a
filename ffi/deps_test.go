package ffi

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/testenv"
)

// buildTargets are the platforms the module builds for (README,
// Platforms): the three it runs on and the rest of purego's.
var buildTargets = []string{
	"linux/amd64", "linux/arm64", "windows/amd64",
	"darwin/amd64", "darwin/arm64", "freebsd/amd64", "freebsd/arm64", "netbsd/amd64", "netbsd/arm64",
	"linux/386", "linux/arm", "linux/riscv64", "linux/ppc64le", "linux/loong64", "windows/386", "windows/arm64",
}

// TestProgramsDoNotLinkJupiterrider: no package of the module, as a program
// links it (tests aside), depends on github.com/jupiterrider/ffi on any
// platform, with cgo off (and on, for linux/amd64): its package init loads
// libffi, unpacking a DLL of its own on Windows and macOS, where the
// engines here need none. Only the oracle tests may link it. The module's
// own lazy binding, internal/libffi, loads nothing at init
// (TestEngineLoadsNoLibffi).
func TestProgramsDoNotLinkJupiterrider(t *testing.T) {
	gobin, err := exec.LookPath("go")
	testenv.Require(t, "go tool", err)
	type build struct{ target, cgo string }
	builds := []build{{"linux/amd64", "1"}}
	for _, tg := range buildTargets {
		builds = append(builds, build{tg, "0"})
	}
	for _, b := range builds {
		goos, goarch, _ := strings.Cut(b.target, "/")
		cmd := exec.Command(gobin, "list", "-deps", "-f", "{{.ImportPath}}", "./...")
		cmd.Dir = ".." // the module's root
		cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED="+b.cgo, "GOFLAGS=")
		out, err := cmd.Output()
		if err != nil {
			if ee, ok := err.(*exec.ExitError); ok {
				t.Errorf("%s CGO_ENABLED=%s: go list: %v\n%s", b.target, b.cgo, err, ee.Stderr)
			} else {
				t.Errorf("%s CGO_ENABLED=%s: go list: %v", b.target, b.cgo, err)
			}
			continue
		}
		deps := strings.Fields(string(out))
		var callconv, libffi bool
		for _, d := range deps {
			if d == "github.com/jupiterrider/ffi" || strings.HasPrefix(d, "github.com/jupiterrider/ffi/") {
				t.Errorf("%s CGO_ENABLED=%s: the module's programs link %s", b.target, b.cgo, d)
			}
			callconv = callconv || d == "github.com/purectypes/ctypes/internal/callconv"
			libffi = libffi || d == "github.com/purectypes/ctypes/internal/libffi"
		}
		if !callconv || !libffi {
			t.Errorf("%s CGO_ENABLED=%s: go list -deps lacks the module's own packages (%d listed)", b.target, b.cgo, len(deps))
		}
	}
}
