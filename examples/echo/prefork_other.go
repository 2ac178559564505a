//go:build !unix

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
)

// errNoPrefork reports a platform without inherited listening sockets.
var errNoPrefork = errors.New("echo: pre-fork mode needs a Unix system (a listening socket inherited by child processes)")

// Prefork is the pre-fork mode, available on Unix systems only.
type Prefork struct {
	Workers int
	Command func(args ...string) (*exec.Cmd, error)
	Log     io.Writer
	Quiet   bool
	Started func(id, pid int)
}

// Serve returns an error here: this platform cannot pass a listening
// socket to a child process.
func (p *Prefork) Serve(ctx context.Context, ln *net.TCPListener) error {
	ln.Close()
	return errNoPrefork
}

// WorkerMain fails here: there is no pre-fork mode on this platform.
func WorkerMain(args []string) int {
	fmt.Fprintln(os.Stderr, errNoPrefork)
	return 1
}
