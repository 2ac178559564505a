//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"sync"
	"syscall"
	"time"
)

const (
	// readyLine is what a worker prints once it accepts connections.
	readyLine = "echo worker ready"
	// stopTimeout is how long a stopping parent waits for its workers
	// before it kills them.
	stopTimeout = 10 * time.Second
	// restartPause spaces the restarts of a worker that dies young.
	restartPause = 100 * time.Millisecond
	// maxFailedStarts ends Serve after that many workers in a row died
	// before they were ready.
	maxFailedStarts = 5
)

// Prefork is the notebook's In [10], pre-forked worker processes: the
// parent listens, then starts Workers processes (this program run again,
// through Command) that inherit the listening socket as file descriptor 3
// ([exec.Cmd.ExtraFiles], [net.FileListener] in the child); each worker
// accepts connections from the shared socket and serves one at a time,
// printing which worker served which request. The parent restarts a
// worker that dies and stops them all when its context ends.
type Prefork struct {
	// Workers is the number of worker processes (the notebook's 3).
	Workers int
	// Command returns a command that runs this program as a worker,
	// [WorkerMain] with the arguments given.
	Command func(args ...string) (*exec.Cmd, error)
	// Log, if not nil, receives the workers' lines (one per request
	// unless Quiet: "2 (pid 4242) serving 127.0.0.1:44706 "are you
	// sure"") and the parent's (a worker started, exited, restarted).
	Log io.Writer
	// Quiet drops the workers' line per request and per connection.
	Quiet bool
	// Started, if not nil, is called each time a worker is ready to
	// accept, with its number and process id: at the start and after
	// each restart.
	Started func(id, pid int)
}

// workerExit is a worker process that ended.
type workerExit struct {
	id, pid int
	err     error
	ready   bool
}

// Serve starts the workers on ln and keeps them running until ctx ends;
// then it stops them: each finishes the request in hand and closes its
// connections cleanly, the parent waits for every worker to exit (killing
// those still running after stopTimeout), closes the queued connections
// cleanly and closes ln. A worker that dies before its time is restarted
// with the same number; Serve fails if workers keep dying before they are
// ready. Closing the parent's end of a pipe each worker inherits is what
// tells the workers to stop, so they also stop if the parent dies.
func (p *Prefork) Serve(ctx context.Context, ln *net.TCPListener) error {
	if p.Workers < 1 {
		return fmt.Errorf("echo: pre-fork with %d workers", p.Workers)
	}
	if p.Command == nil {
		return errors.New("echo: pre-fork without a worker command")
	}
	var log io.Writer = &lockedWriter{w: io.Discard}
	if p.Log != nil {
		log = &lockedWriter{w: p.Log}
	}
	lnf, err := listenerFile(ln)
	if err != nil {
		ln.Close()
		return err
	}
	defer lnf.Close()
	ctlR, ctlW, err := os.Pipe()
	if err != nil {
		ln.Close()
		return fmt.Errorf("echo: control pipe: %w", err)
	}
	defer ctlR.Close()

	exits := make(chan workerExit)
	procs := map[int]*os.Process{}
	start := func(id int) error {
		args := []string{"-id", strconv.Itoa(id)}
		if p.Quiet {
			args = append(args, "-quiet")
		}
		cmd, err := p.Command(args...)
		if err != nil {
			return fmt.Errorf("echo: worker %d: %w", id, err)
		}
		cmd.ExtraFiles = []*os.File{lnf, ctlR}
		if cmd.Stderr == nil {
			cmd.Stderr = os.Stderr
		}
		out, err := cmd.StdoutPipe()
		if err != nil {
			return fmt.Errorf("echo: worker %d: %w", id, err)
		}
		if err := cmd.Start(); err != nil {
			return fmt.Errorf("echo: starting worker %d: %w", id, err)
		}
		pid := cmd.Process.Pid
		procs[id] = cmd.Process
		go func() {
			ready := false
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if !ready && sc.Text() == readyLine {
					ready = true
					fmt.Fprintf(log, "worker %d started, pid %d\n", id, pid)
					if p.Started != nil {
						p.Started(id, pid)
					}
					continue
				}
				fmt.Fprintf(log, "%s\n", sc.Bytes())
			}
			io.Copy(io.Discard, out) // a line too long for the scanner
			exits <- workerExit{id: id, pid: pid, err: cmd.Wait(), ready: ready}
		}()
		return nil
	}

	var serr error
	done := ctx.Done() // nil once stopping (and for a context that never ends)
	stopping := false
	var kill <-chan time.Time
	stop := func() {
		if !stopping {
			stopping, done = true, nil
			ctlW.Close()
			kill = time.After(stopTimeout)
		}
	}
	for id := range p.Workers {
		if serr = start(id); serr != nil {
			stop()
			break
		}
	}
	for failed := 0; len(procs) > 0; {
		select {
		case <-done:
			stop()
		case <-kill:
			for id, proc := range procs {
				fmt.Fprintf(log, "worker %d (pid %d) still running: killed\n", id, proc.Pid)
				proc.Kill()
			}
		case e := <-exits:
			delete(procs, e.id)
			if stopping {
				if e.err != nil {
					fmt.Fprintf(log, "worker %d (pid %d) stopped: %v\n", e.id, e.pid, e.err)
				}
				continue
			}
			fmt.Fprintf(log, "worker %d (pid %d) exited (%v): restarting it\n", e.id, e.pid, e.err)
			if e.ready {
				failed = 0
			} else {
				failed++
			}
			if failed >= maxFailedStarts {
				serr = fmt.Errorf("echo: %d workers in a row died before they were ready (last: %v)", failed, e.err)
				stop()
				continue
			}
			if failed > 0 {
				time.Sleep(restartPause)
			}
			if serr = start(e.id); serr != nil {
				stop()
			}
		}
	}
	stop()
	drain(ln)
	return serr
}

// listenerFile returns a duplicate of ln's descriptor for a child. It is
// not ln.File(): os marks that copy as one it put into non-blocking mode,
// and exec's f.Fd() then switches the open file description, shared with
// every worker's copy, to blocking mode under the workers' Go poller (an
// Accept that Close cannot end).
func listenerFile(ln *net.TCPListener) (*os.File, error) {
	rc, err := ln.SyscallConn()
	if err != nil {
		return nil, fmt.Errorf("echo: listener: %w", err)
	}
	var nfd int
	var derr error
	err = rc.Control(func(fd uintptr) {
		syscall.ForkLock.RLock()
		defer syscall.ForkLock.RUnlock()
		if nfd, derr = syscall.Dup(int(fd)); derr == nil {
			syscall.CloseOnExec(nfd)
		}
	})
	if err == nil {
		err = derr
	}
	if err != nil {
		return nil, fmt.Errorf("echo: duplicating the listener: %w", err)
	}
	return os.NewFile(uintptr(nfd), "echo-listener"), nil
}

// WorkerMain is a pre-fork worker process: it accepts connections from the
// listening socket it inherited as descriptor 3 and serves them one at a
// time, until the pipe it inherited as descriptor 4 reaches its end (the
// parent stopped or died) or it gets SIGINT or SIGTERM. Its flags are -id
// (its number) and -quiet. It returns the process's exit code.
func WorkerMain(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM) // first: see below
	fs := flag.NewFlagSet("echo worker", flag.ContinueOnError)
	id := fs.Int("id", 0, "worker number")
	quiet := fs.Bool("quiet", false, "no line per request")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	up, err := LoadUpper()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	lnf := os.NewFile(3, "echo-listener")
	fl, err := net.FileListener(lnf)
	lnf.Close()
	if err != nil {
		fmt.Fprintf(os.Stderr, "echo worker %d: inherited listener: %v\n", *id, err)
		return 1
	}
	ln, ok := fl.(*net.TCPListener)
	if !ok {
		fmt.Fprintf(os.Stderr, "echo worker %d: inherited a %T, not a TCP listener\n", *id, fl)
		return 1
	}
	// Stop on SIGINT or SIGTERM (Ctrl-C reaches the parent and its workers
	// together) or at the end of the control pipe. The signals stay caught
	// until the process exits: restoring their default action once the
	// pipe has ended would let a Ctrl-C still on its way kill the worker
	// in the middle of its clean stop.
	go func() {
		<-sig
		cancel()
	}()
	ctl := os.NewFile(4, "echo-control")
	go func() {
		io.Copy(io.Discard, ctl)
		cancel()
	}()
	w := &worker{id: *id, pid: os.Getpid(), up: up, quiet: *quiet, log: os.Stdout}
	fmt.Fprintln(os.Stdout, readyLine)
	if err := w.run(ctx, ln); err != nil {
		fmt.Fprintf(os.Stderr, "echo worker %d: %v\n", *id, err)
		return 1
	}
	return 0
}

// worker is the notebook's echoservice in one process.
type worker struct {
	id, pid int
	up      *Upper
	quiet   bool
	log     io.Writer

	mu       sync.Mutex
	cur      net.Conn // the connection being served
	stopping bool
}

func (w *worker) stopped() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.stopping
}

// run accepts and serves until ctx ends, then finishes the request in
// hand and closes the connections cleanly.
func (w *worker) run(ctx context.Context, ln *net.TCPListener) error {
	go func() {
		<-ctx.Done()
		w.mu.Lock()
		w.stopping = true
		if w.cur != nil {
			wake(w.cur)
		}
		w.mu.Unlock()
		ln.SetDeadline(time.Now())
	}()
	defer drain(ln)
	for {
		conn, err := ln.Accept()
		if err != nil {
			if w.stopped() {
				return nil
			}
			return err
		}
		w.mu.Lock()
		if w.stopping {
			w.mu.Unlock()
			closeCleanly(conn)
			return nil
		}
		w.cur = conn
		w.mu.Unlock()
		w.serveConn(conn)
		w.mu.Lock()
		w.cur = nil
		w.mu.Unlock()
	}
}

func (w *worker) serveConn(conn net.Conn) {
	peer := conn.RemoteAddr()
	var served func([]byte)
	if !w.quiet {
		served = func(req []byte) {
			fmt.Fprintf(w.log, "%d (pid %d) serving %s %q\n", w.id, w.pid, peer, bytes.TrimRight(req, blanks))
		}
	}
	err := serve(conn, w.up, w.stopped, served)
	switch {
	case errors.Is(err, errStopped):
		closeCleanly(conn)
	case err != nil:
		fmt.Fprintf(w.log, "%d (pid %d): %s: %v\n", w.id, w.pid, peer, err)
		conn.Close()
	default:
		conn.Close()
	}
	if !w.quiet {
		fmt.Fprintf(w.log, "%s closing\n", peer)
	}
}
