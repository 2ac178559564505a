package testexec_test

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/internal/testexec"
)

func TestMain(m *testing.M) {
	testexec.Main(m, testexec.Roles{
		"echo": func(args []string) int {
			os.Stdout.WriteString(testexec.Role() + ":" + strings.Join(args, ","))
			return 0
		},
		"getenv": func(args []string) int {
			os.Stdout.WriteString(os.Getenv(args[0]))
			return 0
		},
		"exit": func(args []string) int {
			code, _ := strconv.Atoi(args[0])
			return code
		},
		"grandchild": func(args []string) int {
			cmd, err := testexec.Self("echo", args...)
			if err != nil {
				os.Stderr.WriteString(err.Error())
				return 1
			}
			cmd.Stdout = os.Stdout
			cmd.Stderr = os.Stderr
			if err := cmd.Run(); err != nil {
				return 1
			}
			return 0
		},
	})
}

func TestRoleInTestProcess(t *testing.T) {
	if r := testexec.Role(); r != "" {
		t.Fatalf("Role() = %q in the test process", r)
	}
}

func TestCommandRunsRoleWithArgs(t *testing.T) {
	out, err := testexec.Command(t, "echo", "a b", "-x").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "echo:a b,-x"; got != want {
		t.Errorf("child printed %q, want %q", got, want)
	}
}

func TestExitCode(t *testing.T) {
	err := testexec.Command(t, "exit", "7").Run()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 7 {
		t.Fatalf("Run() = %v, want exit status 7", err)
	}
}

func TestUnknownRole(t *testing.T) {
	cmd := testexec.Command(t, "no-such-role")
	cmd.Stderr = nil
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 {
		t.Fatalf("Run() = %v, want exit status 2", err)
	}
	if !strings.Contains(string(out), `unknown role "no-such-role"`) {
		t.Errorf("stderr %q does not name the role", out)
	}
}

// TestSelfFromChild: a child's own child gets its role, its arguments and
// the wrapper too.
func TestSelfFromChild(t *testing.T) {
	out, err := testexec.Command(t, "grandchild", "z").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "echo:z"; got != want {
		t.Errorf("grandchild printed %q, want %q", got, want)
	}
}

// TestWrapper puts a wrapper in front of the child: env(1), which runs its
// arguments, stands in for an emulator; a wrapper that does not exist is
// an error naming the variable.
func TestWrapper(t *testing.T) {
	env, err := exec.LookPath("env")
	if err != nil {
		testenv.Require(t, "env(1)", err)
	}
	t.Setenv(testexec.EnvWrapper, env+" CTYPES_WRAPPED=yes")
	cmd, err := testexec.Self("echo", "w")
	if err != nil {
		t.Fatal(err)
	}
	if cmd.Path != env || cmd.Args[1] != "CTYPES_WRAPPED=yes" {
		t.Errorf("wrapped command %q", cmd.Args)
	}
	out, err := testexec.Command(t, "getenv", "CTYPES_WRAPPED").Output()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(out), "yes"; got != want {
		t.Errorf("wrapped child sees CTYPES_WRAPPED=%q, want %q (the wrapper did not run)", got, want)
	}

	t.Setenv(testexec.EnvWrapper, "no-such-emulator-xyz")
	if _, err := testexec.Self("echo"); err == nil || !strings.Contains(err.Error(), testexec.EnvWrapper) {
		t.Errorf("Self with a missing wrapper: %v", err)
	}
}
