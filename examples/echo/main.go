// Command echo is the lecture notebook's two echo servers in Go, each
// answering every request in upper case through the C library's toupper,
// called with ffi:
//
//   - -mode prefork is In [10]: the parent opens the listening socket and
//     starts -workers processes (this program run again) that inherit it;
//     each accepts and serves connections, printing which worker served
//     which request, and the parent restarts a worker that dies.
//   - -mode threads is In [13]: -workers goroutines, each locked to its
//     own OS thread, take connections from an acceptor through a shared
//     table of slots under one mutex and condition variables.
//
// Both serve the notebook's protocol: a request is what one send carries
// (no newline needed), the reply is the request with its trailing blanks
// removed, upper-cased, and the connection stays open until the client
// closes it. The server listens on -addr until SIGINT or SIGTERM, then
// stops cleanly; with -clients it also runs the notebook's clients and
// stops when they are done.
//
//	go run ./examples/echo -mode prefork -addr 127.0.0.1:20446
//	go run ./examples/echo -mode threads -clients 5 -requests 5
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
)

// envWorker marks a process that the pre-fork parent started as a worker.
const envWorker = "ECHO_PREFORK_WORKER"

// messages are the notebook's client messages.
var messages = []string{"hello", "bye", "why", "yes", "no", "maybe", "are you sure", "why not?"}

func main() {
	if os.Getenv(envWorker) == "1" {
		os.Exit(WorkerMain(os.Args[1:]))
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr, selfCommand))
}

// selfCommand runs this program again as a pre-fork worker.
func selfCommand(args ...string) (*exec.Cmd, error) {
	exe, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), envWorker+"=1")
	return cmd, nil
}

// run is the program with its arguments; workers makes the commands of
// pre-fork workers. It returns the exit code.
func run(args []string, stdout, stderr io.Writer, workers func(args ...string) (*exec.Cmd, error)) int {
	fs := flag.NewFlagSet("echo", flag.ContinueOnError)
	fs.SetOutput(stderr)
	mode := fs.String("mode", "threads", "prefork (In [10], worker processes) or threads (In [13], a thread pool)")
	addr := fs.String("addr", "127.0.0.1:20446", "address to listen on (port 0: any free port)")
	n := fs.Int("workers", 3, "worker processes (prefork) or threads (threads)")
	quiet := fs.Bool("quiet", false, "no line per request or connection")
	clients := fs.Int("clients", 0, "also run this many of the notebook's clients, then stop (0: serve until SIGINT or SIGTERM)")
	requests := fs.Int("requests", 5, "requests per client, with -clients")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "echo: unexpected arguments %q\n", fs.Args())
		return 2
	}
	if err := serveMode(*mode, *addr, *n, *quiet, *clients, *requests, stdout, workers); err != nil {
		fmt.Fprintln(stderr, "echo:", err)
		return 1
	}
	return 0
}

func serveMode(mode, addr string, n int, quiet bool, clients, requests int, stdout io.Writer, workers func(args ...string) (*exec.Cmd, error)) error {
	out := &lockedWriter{w: stdout}
	var log io.Writer = out
	if quiet {
		log = nil
	}
	up, err := LoadUpper()
	if err != nil {
		return err
	}
	var serve func(context.Context, *net.TCPListener) error
	switch mode {
	case "prefork":
		p := &Prefork{Workers: n, Command: workers, Log: log, Quiet: quiet}
		serve = p.Serve
	case "threads":
		p := &Pool{Workers: n, Upper: up, Log: log}
		serve = func(ctx context.Context, ln *net.TCPListener) error { return p.Serve(ctx, ln) }
	default:
		return fmt.Errorf("-mode %q: want prefork or threads", mode)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "echo: %s, %d workers, listening on %s\n", mode, n, ln.Addr())

	ctx, cancel := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer cancel()
	if clients == 0 {
		err := serve(ctx, ln.(*net.TCPListener))
		fmt.Fprintln(out, "echo: stopped")
		return err
	}
	served := make(chan error, 1)
	go func() { served <- serve(ctx, ln.(*net.TCPListener)) }()
	var wg sync.WaitGroup
	errs := make([]error, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = client(ln.Addr().String(), requests, up, out)
		}()
	}
	wg.Wait()
	cancel()
	if err := errors.Join(append(errs, <-served)...); err != nil {
		return err
	}
	fmt.Fprintln(out, "complete")
	return nil
}

// client is the notebook's client: n random messages on one connection,
// each reply printed with the client's address; a reply that is not the
// message's reply is an error.
func client(addr string, n int, up *Upper, out io.Writer) error {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer c.Close()
	buf := make([]byte, 1024)
	for range n {
		msg := messages[rand.IntN(len(messages))]
		if _, err := c.Write([]byte(msg)); err != nil {
			return err
		}
		k, err := c.Read(buf)
		if err != nil {
			return fmt.Errorf("%s: after sending %q: %w", c.LocalAddr(), msg, err)
		}
		fmt.Fprintf(out, "%s b'%s'\n", c.LocalAddr(), buf[:k])
		if want := up.Reply(nil, []byte(msg)); string(buf[:k]) != string(want) {
			return fmt.Errorf("%s: sent %q, got %q, want %q", c.LocalAddr(), msg, buf[:k], want)
		}
	}
	return nil
}
