package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/purectypes/ctypes/ffi"
	"github.com/purectypes/ctypes/internal/testexec"
)

func TestMain(m *testing.M) {
	testexec.Main(m, testexec.Roles{
		"echo-worker": WorkerMain,
		"echo": func(args []string) int {
			return run(args, os.Stdout, os.Stderr, func(args ...string) (*exec.Cmd, error) {
				return testexec.Self("echo-worker", args...)
			})
		},
	})
}

// cUpper is C's toupper for every byte, each value asked of C alone
// (not through the servers' code).
func cUpper(t testing.TB) *[256]byte {
	t.Helper()
	name, err := ffi.FindLibrary("c")
	if err != nil {
		t.Fatal(err)
	}
	libc, err := ffi.CDLL(name)
	if err != nil {
		t.Fatal(err)
	}
	toupper, err := libc.Func("toupper")
	if err != nil {
		t.Fatal(err)
	}
	var table [256]byte
	for c := range table {
		r, err := ffi.CallAs[int32](toupper, int32(c))
		if err != nil {
			t.Fatal(err)
		}
		table[c] = byte(r)
	}
	return &table
}

// want is the reply the notebook's server gives to req: req.rstrip(),
// upper-cased by C.
func want(table *[256]byte, req []byte) []byte {
	req = bytes.TrimRight(req, " \t\n\v\f\r")
	out := make([]byte, len(req))
	for i, c := range req {
		out[i] = table[c]
	}
	return out
}

func loadUpper(t testing.TB) *Upper {
	t.Helper()
	up, err := LoadUpper()
	if err != nil {
		t.Fatal(err)
	}
	return up
}

// lineLog collects a server's log lines, for tests to read and wait on.
type lineLog struct {
	mu    sync.Mutex
	cond  *sync.Cond
	lines []string
}

func newLineLog() *lineLog {
	l := &lineLog{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *lineLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.Split(strings.TrimSuffix(string(p), "\n"), "\n")...)
	l.cond.Broadcast()
	return len(p), nil
}

// Lines returns the lines logged so far.
func (l *lineLog) Lines() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// waitFor blocks until a logged line matches re and returns its
// submatches (the test's deadline bounds the wait).
func (l *lineLog) waitFor(re *regexp.Regexp) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	for {
		for _, line := range l.lines {
			if m := re.FindStringSubmatch(line); m != nil {
				return m
			}
		}
		l.cond.Wait()
	}
}

// servedRe is a pre-fork worker's line per request.
var servedRe = regexp.MustCompile(`^(\d+) \(pid (\d+)\) serving (\S+) (".*")$`)

// servedBy maps each client address in a pre-fork log to the pids that
// served its requests, and counts the requests served per pid.
func servedBy(lines []string) (byAddr map[string]map[int]bool, perPID map[int]int) {
	byAddr, perPID = map[string]map[int]bool{}, map[int]int{}
	for _, line := range lines {
		m := servedRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		pid, _ := strconv.Atoi(m[2])
		if byAddr[m[3]] == nil {
			byAddr[m[3]] = map[int]bool{}
		}
		byAddr[m[3]][pid] = true
		perPID[pid]++
	}
	return byAddr, perPID
}

// requests are the load test's requests: the notebook's messages, the
// same with trailing blanks and newlines, one with blanks inside and
// newlines before its end, and requests of up to 1000 random bytes
// (the server's recv size). None is blank only (its reply would be
// empty, nothing to wait for).
func requests(seed uint64) [][]byte {
	var reqs [][]byte
	for _, m := range messages {
		reqs = append(reqs, []byte(m), []byte(m+"  \t\r\n"))
	}
	reqs = append(reqs, []byte("  a\nb c\n\n d\t "))
	rng := rand.New(rand.NewPCG(seed, 2))
	for _, n := range []int{1, 2, 100, 999, 1000} {
		r := make([]byte, n)
		for i := range r {
			r[i] = byte(rng.IntN(256))
		}
		r[n-1] = 'z'
		reqs = append(reqs, r)
	}
	return reqs
}

// errWrong is a reply whose bytes differ from the expected reply.
var errWrong = errors.New("wrong reply")

// exchange sends req in one write and reads its reply, checking every
// byte against exp. An error other than errWrong means the connection
// broke (reset, or closed by the server).
func exchange(conn net.Conn, req, exp, buf []byte) error {
	if _, err := conn.Write(req); err != nil {
		return err
	}
	n, err := io.ReadFull(conn, buf[:len(exp)])
	if !bytes.Equal(buf[:n], exp[:n]) {
		return fmt.Errorf("%w: sent %q, got %q, want %q", errWrong, req, buf[:n], exp)
	}
	return err
}

// load is a run of clients against one server.
type load struct {
	addr  string
	table *[256]byte
	reqs  [][]byte

	ok, wrong, lost atomic.Int64
	mu              sync.Mutex
	broken          []string // client addresses of the connections that broke
	errs            []error
}

// client makes n requests on one connection, chosen by seed. A broken
// connection is recorded in l.broken and the request is retried on a new
// connection (up to 3 times, then it counts as lost). If pause is not
// nil, the client waits for it after its first reply (reporting its
// address on first).
func (l *load) client(n int, seed uint64, first chan<- string, pause <-chan struct{}) {
	rng := rand.New(rand.NewPCG(seed, 1))
	buf := make([]byte, requestSize)
	conn, err := net.Dial("tcp", l.addr)
	var req []byte
	retries := 0
	for i := 0; i < n; {
		if req == nil {
			req = l.reqs[rng.IntN(len(l.reqs))]
		}
		if err == nil {
			err = exchange(conn, req, want(l.table, req), buf)
		}
		switch {
		case err == nil:
			l.ok.Add(1)
			i, req, retries = i+1, nil, 0
			if i == 1 && pause != nil {
				first <- conn.LocalAddr().String()
				<-pause
			}
			continue
		case errors.Is(err, errWrong):
			l.wrong.Add(1)
			l.record(nil, err)
			i, req, retries, err = i+1, nil, 0, nil
			continue
		}
		// The connection broke (or could not be made): retry the same
		// request on a new one.
		l.record(conn, err)
		if retries++; retries > 3 {
			l.lost.Add(1)
			i, req, retries = i+1, nil, 0
		}
		if conn != nil {
			conn.Close()
		}
		conn, err = net.Dial("tcp", l.addr)
	}
	if conn != nil {
		conn.Close()
	}
}

func (l *load) record(conn net.Conn, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if conn != nil {
		l.broken = append(l.broken, conn.LocalAddr().String())
	}
	if len(l.errs) < 10 {
		l.errs = append(l.errs, err)
	}
}

// run starts clients clients of n requests each and waits for them.
func (l *load) run(clients, n int, seed uint64) {
	var wg sync.WaitGroup
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.client(n, seed+uint64(c), nil, nil)
		}()
	}
	wg.Wait()
}

// startThreads serves a thread pool on a free loopback port until the
// returned stop is called; stop returns Serve's error.
func startThreads(t *testing.T, workers int, log io.Writer) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Pool{Workers: workers, Upper: loadUpper(t), Log: log}
	return serveIn(t, ln, func(ctx context.Context) error { return p.Serve(ctx, ln) })
}

// startPrefork serves pre-forked workers (this test binary in the role
// echo-worker) on a free loopback port, waiting until all are ready.
func startPrefork(t *testing.T, workers int, log io.Writer, started func(id, pid int)) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ready := make(chan int, workers)
	p := &Prefork{
		Workers: workers,
		Command: func(args ...string) (*exec.Cmd, error) { return testexec.Command(t, "echo-worker", args...), nil },
		Log:     log,
		Started: func(id, pid int) {
			if started != nil {
				started(id, pid)
			}
			select {
			case ready <- id:
			default:
			}
		},
	}
	addr, stop = serveIn(t, ln, func(ctx context.Context) error { return p.Serve(ctx, ln.(*net.TCPListener)) })
	for range workers {
		<-ready
	}
	return addr, stop
}

func serveIn(t *testing.T, ln net.Listener, serve func(context.Context) error) (string, func() error) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serve(ctx) }()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() {
			cancel()
			err = <-done
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return ln.Addr().String(), stop
}
