package testexec_test

import (
	"fmt"

	"github.com/purectypes/ctypes/internal/testexec"
)

// A child in the role "echo" (registered in this package's TestMain,
// where it prints its role and arguments) started from a process that
// has no *testing.T, as a child's own children are.
func ExampleSelf() {
	cmd, err := testexec.Self("echo", "a", "b")
	if err != nil {
		fmt.Println(err)
		return
	}
	out, err := cmd.Output()
	fmt.Printf("%s %v\n", out, err)
	// Output: echo:a,b <nil>
}
