// Package testexec runs the test binary again as a child process in a named
// role, for tests that need a subprocess: pre-forked server workers, a
// program that must die of a fatal error, a process started without a
// library. Every test of the project that re-executes a binary goes through
// it, so that a portability run can put an emulator in front of every child.
//
// A test package routes its roles in TestMain:
//
//	func TestMain(m *testing.M) {
//		testexec.Main(m, testexec.Roles{
//			"crash": func(args []string) int { crash(); return 0 },
//		})
//	}
//
// and a test starts a child in a role, with arguments:
//
//	cmd := testexec.Command(t, "crash", "-depth", "3")
//	out, err := cmd.CombinedOutput()
//
// The child is the running test binary ([os.Executable]), with the
// environment variable CTYPES_TESTEXEC_ROLE naming its role; [Main] sees it
// and runs that role's function with the arguments instead of the tests.
//
// When CTYPES_EXEC_WRAPPER is set (for example "qemu-aarch64 -L
// /usr/aarch64-linux-gnu" or "wine"), its words, split at blanks (no
// quoting), are put in front of the binary: the child runs as
// "qemu-aarch64 -L /usr/aarch64-linux-gnu /path/pkg.test args...". The
// variable is inherited, so a child's own children ([Self]) are wrapped too.
package testexec

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// EnvRole is the environment variable that holds a child's role.
const EnvRole = "CTYPES_TESTEXEC_ROLE"

// EnvWrapper is the environment variable whose words are put in front of
// every re-executed binary (an emulator such as qemu-aarch64 or wine).
const EnvWrapper = "CTYPES_EXEC_WRAPPER"

// ErrNoRole reports a role that [Main] was not given.
var ErrNoRole = errors.New("testexec: unknown role")

// Roles maps a role's name to the function a child in that role runs. The
// function gets the child's arguments (what [Command] was given after the
// role) and returns the process's exit code.
type Roles map[string]func(args []string) int

// Role returns the role this process was started in, or "" in a process
// that testexec did not start (the test binary run by go test).
func Role() string { return os.Getenv(EnvRole) }

// Wrapper returns the words of CTYPES_EXEC_WRAPPER (nil when unset).
func Wrapper() []string { return strings.Fields(os.Getenv(EnvWrapper)) }

// Main is the body of a TestMain: in a child it runs the function of its
// role with the child's arguments and exits with its code (2 and a message
// on standard error for a role not in roles); in the test process it runs
// the tests.
func Main(m *testing.M, roles Roles) {
	role := Role()
	if role == "" {
		os.Exit(m.Run())
	}
	run, ok := roles[role]
	if !ok {
		fmt.Fprintf(os.Stderr, "%v %q\n", ErrNoRole, role)
		os.Exit(2)
	}
	os.Exit(run(os.Args[1:]))
}

// Self returns a command that runs this process's binary again in role
// with args, behind the wrapper. It serves children that start children
// of their own (a test's child server that pre-forks workers); a test uses
// [Command].
func Self(role string, args ...string) (*exec.Cmd, error) {
	if role == "" {
		return nil, fmt.Errorf("testexec: empty role")
	}
	argv, err := selfArgv(args)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), EnvRole+"="+role)
	return cmd, nil
}

// selfArgv is the command line that runs this binary again with args,
// behind the wrapper.
func selfArgv(args []string) ([]string, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("testexec: locating the test binary: %w", err)
	}
	argv := append(Wrapper(), exe)
	argv = append(argv, args...)
	if _, err := exec.LookPath(argv[0]); err != nil {
		return nil, fmt.Errorf("testexec: %s=%q: %w", EnvWrapper, os.Getenv(EnvWrapper), err)
	}
	return argv, nil
}

// boundToTest returns the command argv with env, killed when t ends.
func boundToTest(t testing.TB, argv, env []string) *exec.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := exec.CommandContext(ctx, argv[0], argv[1:]...)
	c.Env = env
	return c
}

// Command returns a command that runs the test binary again in role with
// args, behind the wrapper; the test fails at once if it cannot be made.
// The child is killed when the test ends if it is still running then
// (its caller still owns Wait). Standard error goes to the test's
// standard error unless the caller sets it.
func Command(t testing.TB, role string, args ...string) *exec.Cmd {
	t.Helper()
	cmd, err := Self(role, args...)
	if err != nil {
		t.Fatal(err)
	}
	c := boundToTest(t, cmd.Args, cmd.Env)
	c.Stderr = os.Stderr
	return c
}

// EnvChild marks a process that [TestsCommand] started.
const EnvChild = "CTYPES_TESTEXEC_CHILD"

// TestsCommand returns a command that runs this test binary's own tests
// again, with args (such as "-test.run", "^TestX$"), behind the wrapper,
// for a test that checks what go test itself reports (a skip, a failure).
// The child sees [InChild] true. The child is killed when the test ends.
func TestsCommand(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	argv, err := selfArgv(args)
	if err != nil {
		t.Fatal(err)
	}
	return boundToTest(t, argv, append(os.Environ(), EnvChild+"=1"))
}

// InChild reports whether this process is a child [TestsCommand] started.
func InChild() bool { return os.Getenv(EnvChild) == "1" }
