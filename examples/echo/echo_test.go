//go:build unix

package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/internal/testexec"
)

// TestReply compares the servers' replies with C's toupper asked byte by
// byte, after Python's rstrip().
func TestReply(t *testing.T) {
	table, up := cUpper(t), loadUpper(t)
	all := make([]byte, 256)
	for i := range all {
		all[i] = byte(i)
	}
	for _, req := range append(requests(1), []byte(""), []byte(" \t\r\n"), []byte("why not?  \n"), all) {
		if got, exp := up.Reply(nil, req), want(table, req); !bytes.Equal(got, exp) {
			t.Errorf("Reply(%q) = %q, C says %q", req, got, exp)
		}
	}
	if got := string(up.Reply(nil, []byte("why not?  \n"))); got != "WHY NOT?" {
		t.Errorf("Reply(%q) = %q", "why not?  \n", got)
	}
}

// modes starts each mode's server with workers workers, logging to log.
var modes = []struct {
	name  string
	start func(t *testing.T, workers int, log io.Writer) (string, func() error)
}{
	{"prefork", func(t *testing.T, n int, log io.Writer) (string, func() error) { return startPrefork(t, n, log, nil) }},
	{"threads", startThreads},
}

// TestProtocol drives each server exactly as the notebook's client does:
// one request per write, no newline, the connection kept open across
// requests until the client closes it.
func TestProtocol(t *testing.T) {
	table := cUpper(t)
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			addr, stop := mode.start(t, 2, nil)
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			buf := make([]byte, 1024)
			for _, req := range []string{"hello", "why not?  ", "are you sure\n", "two\nlines \n", "bye"} {
				if _, err := conn.Write([]byte(req)); err != nil {
					t.Fatal(err)
				}
				n, err := conn.Read(buf) // the notebook's recv(1024)
				if err != nil {
					t.Fatalf("reply to %q: %v", req, err)
				}
				if exp := want(table, []byte(req)); !bytes.Equal(buf[:n], exp) {
					t.Errorf("sent %q, got %q, want %q (C's toupper, trailing blanks removed)", req, buf[:n], exp)
				}
			}
			// A request of blanks only has an empty reply: nothing is
			// sent; the client closes, and then so does the server.
			conn.Write([]byte("  \n"))
			conn.(*net.TCPConn).CloseWrite()
			if n, err := conn.Read(buf); n != 0 || err != io.EOF {
				t.Errorf("after the client closed: read %q, %v; want the end of the stream", buf[:n], err)
			}
			if err := stop(); err != nil {
				t.Errorf("Serve: %v", err)
			}
		})
	}
}

// TestLoad drives 200 concurrent clients of 10 requests each through each
// mode, on the loopback interface, and checks every byte of every reply.
func TestLoad(t *testing.T) {
	const clients, perClient = 200, 10
	table := cUpper(t)
	for _, mode := range modes {
		t.Run(mode.name, func(t *testing.T) {
			log := newLineLog()
			addr, stop := mode.start(t, 4, log)
			l := &load{addr: addr, table: table, reqs: requests(7)}
			begin := time.Now()
			l.run(clients, perClient, 100)
			elapsed := time.Since(begin)
			if err := stop(); err != nil {
				t.Errorf("Serve: %v", err)
			}
			t.Logf("%s: %d clients × %d requests: %d replies in %v, %.0f requests/s",
				mode.name, clients, perClient, l.ok.Load(), elapsed.Round(time.Millisecond), float64(l.ok.Load())/elapsed.Seconds())
			if l.wrong.Load() != 0 || l.lost.Load() != 0 || len(l.broken) != 0 {
				t.Errorf("%d wrong, %d lost, %d broken connections; first errors: %v", l.wrong.Load(), l.lost.Load(), len(l.broken), l.errs)
			}
			if got := l.ok.Load(); got != clients*perClient {
				t.Errorf("%d right replies, want %d", got, clients*perClient)
			}
			lines := log.Lines()
			switch mode.name {
			case "prefork":
				byAddr, perPID := servedBy(lines)
				total := 0
				for _, n := range perPID {
					total += n
				}
				if total != clients*perClient || len(byAddr) != clients {
					t.Errorf("log names %d requests from %d clients, want %d from %d", total, len(byAddr), clients*perClient, clients)
				}
				t.Logf("requests served per worker process: %v", perPID)
			case "threads":
				checkThreads(t, lines, 4, clients)
			}
		})
	}
}

// checkThreads checks a thread pool's log: each worker on its own OS
// thread (where the thread id is known) and never moved, and one
// "serving" line per connection.
func checkThreads(t *testing.T, lines []string, workers, conns int) {
	t.Helper()
	threadRe := regexp.MustCompile(`^worker (\d+) on thread (-?\d+)$`)
	servingRe := regexp.MustCompile(`^\d+ serving \S+$`)
	tids := map[string]bool{}
	serving := 0
	for _, line := range lines {
		if m := threadRe.FindStringSubmatch(line); m != nil {
			tids[m[2]] = true
		}
		if servingRe.MatchString(line) {
			serving++
		}
		if strings.Contains(line, "moved from thread") {
			t.Error(line)
		}
	}
	if !tids["-1"] && len(tids) != workers {
		t.Errorf("workers ran on threads %v, want %d distinct", tids, workers)
	}
	if serving != conns {
		t.Errorf("%d connections served, want %d", serving, conns)
	}
}

// TestPreforkKillWorker kills a pre-forked worker in the middle of a load
// run of 200 clients. The worker is chosen as the one serving a client
// that holds its connection open, so that it certainly holds one. The
// parent must restart the worker; the killed worker's connection is the
// only one that breaks (its client reconnects and retries), and every
// request of every client gets its right reply.
func TestPreforkKillWorker(t *testing.T) {
	const workers, clients, perClient = 3, 200, 10
	table := cUpper(t)
	log := newLineLog()
	var mu sync.Mutex
	pids := map[int][]int{} // worker number → its pids, in order
	startedCh := make(chan [2]int, 16)
	addr, stop := startPrefork(t, workers, log, func(id, pid int) {
		mu.Lock()
		pids[id] = append(pids[id], pid)
		mu.Unlock()
		startedCh <- [2]int{id, pid}
	})
	for range workers {
		<-startedCh
	}
	l := &load{addr: addr, table: table, reqs: requests(9)}

	// The victim makes one request, then holds its connection open.
	first, pause := make(chan string), make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		l.client(perClient, 1, first, pause)
	}()
	victim := <-first
	m := log.waitFor(regexp.MustCompile(`^(\d+) \(pid (\d+)\) serving ` + regexp.QuoteMeta(victim) + ` `))
	id, _ := strconv.Atoi(m[1])
	pid, _ := strconv.Atoi(m[2])

	// The others run meanwhile; the worker dies in the middle.
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.client(perClient, uint64(1000+c), nil, nil)
		}()
	}
	for l.ok.Load() < clients*perClient/4 {
		time.Sleep(time.Millisecond)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	midRun := l.ok.Load()
	close(pause)
	var restarted int
	for s := range startedCh {
		if s[0] == id {
			restarted = s[1]
			break
		}
	}
	wg.Wait()
	t.Logf("killed worker %d (pid %d) after %d of %d replies; restarted as pid %d", id, pid, midRun, (clients+1)*perClient, restarted)

	// After the restart, the new worker serves too.
	l.run(clients/2, 5, 5000)
	if err := stop(); err != nil {
		t.Errorf("Serve: %v", err)
	}

	total := int64((clients+1)*perClient + clients/2*5)
	if l.wrong.Load() != 0 || l.lost.Load() != 0 || l.ok.Load() != total {
		t.Errorf("%d right, %d wrong, %d lost replies, want %d right; first errors: %v", l.ok.Load(), l.wrong.Load(), l.lost.Load(), total, l.errs)
	}
	if len(l.broken) != 1 || l.broken[0] != victim {
		t.Errorf("broken connections %v, want only the killed worker's (%s); errors: %v", l.broken, victim, l.errs)
	}
	t.Logf("broken connections (the killed worker's, retried): %d, %v", len(l.broken), l.errs)
	lines := log.Lines()
	byAddr, perPID := servedBy(lines)
	for pidSeen := range byAddr[victim] {
		if pidSeen != pid {
			t.Errorf("the victim's first connection was also served by pid %d", pidSeen)
		}
	}
	if restarted == 0 || restarted == pid || perPID[restarted] == 0 {
		t.Errorf("worker %d restarted as pid %d, which served %d requests; want a new process that serves", id, restarted, perPID[restarted])
	}
	if !containsLine(lines, fmt.Sprintf("worker %d (pid %d) exited (signal: killed): restarting it", id, pid)) {
		t.Error("the parent did not log the worker's death")
	}
	t.Logf("requests served per worker process: %v", perPID)
	mu.Lock()
	defer mu.Unlock()
	for _, ps := range pids {
		for _, p := range ps {
			assertGone(t, p)
		}
	}
}

func containsLine(lines []string, s string) bool {
	for _, line := range lines {
		if line == s {
			return true
		}
	}
	return false
}

// assertGone checks that process pid no longer runs (no orphan).
func assertGone(t *testing.T, pid int) {
	t.Helper()
	if !gone(pid) {
		t.Errorf("worker process %d still runs after the server stopped", pid)
	}
}

// gone reports whether process pid has exited: it does not exist, or it
// is a zombie that nobody reaped yet (an orphan whose new parent, in a
// container, may never reap it).
func gone(pid int) bool {
	if err := syscall.Kill(pid, 0); errors.Is(err, syscall.ESRCH) {
		return true
	}
	stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if i := bytes.LastIndexByte(stat, ')'); err == nil && i >= 0 && i+2 < len(stat) {
		return stat[i+2] == 'Z'
	}
	return false
}

// startStandalone starts the program, this test binary in the role
// echo, with args (in a process group of its own if ownGroup) and
// returns it with its address and its output lines
// (complete once copied is closed).
func startStandalone(t *testing.T, ownGroup bool, args ...string) (cmd *exec.Cmd, addr string, log *lineLog, copied chan struct{}) {
	t.Helper()
	cmd = testexec.Command(t, "echo", args...)
	if ownGroup {
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	log = newLineLog()
	copied = make(chan struct{})
	go func() {
		defer close(copied)
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			log.Write([]byte(sc.Text()))
		}
	}()
	addr = log.waitFor(regexp.MustCompile(`listening on (\S+)$`))[1]
	return cmd, addr, log, copied
}

// workerPIDs returns the pids of the workers a pre-fork log says started.
func workerPIDs(lines []string) []int {
	startRe := regexp.MustCompile(`^worker \d+ started, pid (\d+)$`)
	var pids []int
	for _, line := range lines {
		if m := startRe.FindStringSubmatch(line); m != nil {
			p, _ := strconv.Atoi(m[1])
			pids = append(pids, p)
		}
	}
	sort.Ints(pids)
	return pids
}

// TestPreforkParentKilled kills the pre-fork parent outright (no chance
// to stop its workers): the workers see the end of the pipe they
// inherited and exit on their own, leaving no orphan.
func TestPreforkParentKilled(t *testing.T) {
	cmd, _, log, copied := startStandalone(t, false, "-mode", "prefork", "-addr", "127.0.0.1:0", "-workers", "3")
	for id := range 3 {
		log.waitFor(regexp.MustCompile(fmt.Sprintf(`^worker %d started`, id)))
	}
	pids := workerPIDs(log.Lines())
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	<-copied
	cmd.Wait()
	for _, pid := range pids {
		for !gone(pid) { // the test's deadline bounds the wait
			time.Sleep(5 * time.Millisecond)
		}
	}
}

// TestPreforkWorkersDieAtStart: workers that cannot start (here, a
// flag they do not know) end Serve with an error after a few tries,
// instead of being restarted forever.
func TestPreforkWorkersDieAtStart(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Prefork{Workers: 2, Command: func(args ...string) (*exec.Cmd, error) {
		cmd := testexec.Command(t, "echo-worker", append(args, "-no-such-flag")...)
		cmd.Stderr = io.Discard
		return cmd, nil
	}}
	err = p.Serve(context.Background(), ln.(*net.TCPListener))
	if err == nil || !strings.Contains(err.Error(), "died before they were ready") {
		t.Errorf("Serve with workers that cannot start: %v", err)
	}
}

// TestBadArguments: each wrong configuration is an error, not a hang.
func TestBadArguments(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	ctx := context.Background()
	if err := (&Pool{Workers: 0, Upper: loadUpper(t)}).Serve(ctx, ln); err == nil {
		t.Error("a pool of 0 workers served")
	}
	if err := (&Pool{Workers: 1}).Serve(ctx, ln); err == nil {
		t.Error("a pool without an Upper served")
	}
	if err := (&Prefork{Workers: 0}).Serve(ctx, ln.(*net.TCPListener)); err == nil {
		t.Error("0 pre-forked workers served")
	}
	if err := (&Prefork{Workers: 1}).Serve(ctx, ln.(*net.TCPListener)); err == nil {
		t.Error("pre-fork without a worker command served")
	}
	for _, args := range [][]string{{"-mode", "forks"}, {"-addr", "no-such-host.invalid:x"}, {"extra"}} {
		var stderr strings.Builder
		if code := run(args, io.Discard, &stderr, nil); code == 0 || !strings.HasPrefix(stderr.String(), "echo: ") {
			t.Errorf("run(%q) = %d, printing %q; want an error", args, code, stderr.String())
		}
	}
}

// TestClients runs the program as the notebook's cells do: the server and
// its clients together, stopping when the clients are done.
func TestClients(t *testing.T) {
	for _, mode := range []string{"prefork", "threads"} {
		t.Run(mode, func(t *testing.T) {
			var out strings.Builder
			code := run([]string{"-mode", mode, "-addr", "127.0.0.1:0", "-clients", "5", "-requests", "3"}, &out, os.Stderr,
				func(args ...string) (*exec.Cmd, error) { return testexec.Command(t, "echo-worker", args...), nil })
			if code != 0 {
				t.Fatalf("exit code %d\n%s", code, out.String())
			}
			text := out.String()
			if n := strings.Count(text, " b'"); n != 15 || !strings.HasSuffix(text, "complete\n") {
				t.Errorf("%d replies printed, want 15, then complete:\n%s", n, text)
			}
		})
	}
}

// notebookClient is the notebook's Python client, In [10] and In [13],
// as written there but for the pause between requests (random()*3
// seconds there, random()*PAUSE here), the lines that start it and one
// that keeps each printed line in one write.
const notebookClient = `
import random, sys, time
from multiprocessing import Process
from socket import *

PAUSE = float(sys.argv[4])
# one write per printed line, so that the processes' lines do not mix
sys.stdout.reconfigure(line_buffering=True, write_through=False)

def client(n, port):
    # send n random request
    # the connection is kept alive until client closes it.
    mess = ['hello', 'bye', 'why', 'yes', 'no', 'maybe', 'are you sure', 'why not?']
    c = socket(AF_INET, SOCK_STREAM)
    c.connect(('127.0.0.1', port))
    for i in range(n):
        time.sleep(random.random()*PAUSE)
        c.send(random.choice(mess).encode())
        reply = c.recv(1024)
        print(c.getsockname(), reply)
    c.close()

if __name__ == '__main__':
    port, n, nclients = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    clients = [Process(target = client, args=(n, port)) for i in range(nclients)]
    for cl in clients: cl.start()
    for cl in clients: cl.join()
    sys.exit(max(cl.exitcode for cl in clients) != 0)
`

// TestStandalone runs each mode as the program does, a server alone on
// an address from the command line (this test binary in the role echo,
// its workers in the role echo-worker), drives it with the notebook's
// Python client when python3 is present, then stops it with SIGTERM in
// the middle of a run of clients: each client gets right replies and
// then a clean end of stream (never a reset), the server exits with 0
// and leaves no worker process behind.
func TestStandalone(t *testing.T) {
	table := cUpper(t)
	for _, tc := range []struct {
		name, mode string
		clients    int  // the notebook's
		ctrlC      bool // SIGINT to the whole process group, as Ctrl-C sends it
	}{{"prefork", "prefork", 30, false}, {"prefork-ctrl-c", "prefork", 0, true}, {"threads", "threads", 5, false}} {
		t.Run(tc.name, func(t *testing.T) {
			cmd, addr, log, copied := startStandalone(t, tc.ctrlC, "-mode", tc.mode, "-addr", "127.0.0.1:0", "-workers", "3")

			if tc.clients > 0 {
				t.Run("python", func(t *testing.T) {
					python, err := exec.LookPath("python3")
					testenv.Require(t, "python3", err)
					_, port, _ := net.SplitHostPort(addr)
					const n = 5
					py := exec.Command(python, "-c", notebookClient, port, strconv.Itoa(n), strconv.Itoa(tc.clients), "0.01")
					pyOut, err := py.Output()
					if err != nil {
						t.Fatalf("the notebook's client: %v\n%s", err, pyOut)
					}
					replies := map[string]bool{}
					for _, m := range messages {
						replies["b'"+string(want(table, []byte(m)))+"'"] = true
					}
					lineRe := regexp.MustCompile(`^\('127\.0\.0\.1', \d+\) (b'.*')$`)
					got := 0
					for _, line := range strings.Split(strings.TrimSpace(string(pyOut)), "\n") {
						m := lineRe.FindStringSubmatch(line)
						if m == nil || !replies[m[1]] {
							t.Errorf("the notebook's client printed %q", line)
							continue
						}
						got++
					}
					if got != n*tc.clients {
						t.Errorf("%d replies printed, want %d", got, n*tc.clients)
					}
				})
			}

			if tc.mode == "prefork" { // all workers up: none dies of the signal while it starts
				for id := range 3 {
					log.waitFor(regexp.MustCompile(fmt.Sprintf(`^worker %d started`, id)))
				}
			}

			// Clients that keep asking until the server closes.
			const clients = 20
			conns := make([]net.Conn, clients)
			for i := range conns {
				var err error
				if conns[i], err = net.Dial("tcp", addr); err != nil {
					t.Fatal(err)
				}
			}
			reqs := requests(3)
			var ends sync.WaitGroup
			var mu sync.Mutex
			var ok int
			var failures []error
			for i, conn := range conns {
				ends.Add(1)
				go func() {
					defer ends.Done()
					defer conn.Close()
					buf := make([]byte, requestSize)
					for k := 0; ; k++ {
						req := reqs[(i+k)%len(reqs)]
						err := exchange(conn, req, want(table, req), buf)
						mu.Lock()
						switch {
						case err == nil:
							ok++
						case errors.Is(err, io.EOF):
							// the server's clean close
						default:
							failures = append(failures, err)
						}
						mu.Unlock()
						if err != nil {
							return
						}
					}
				}()
			}
			// The server holds some connections and has the rest queued
			// (the workers serve one each, and these clients never close).
			for {
				mu.Lock()
				n := ok
				mu.Unlock()
				if n >= 50 {
					break
				}
				time.Sleep(time.Millisecond)
			}
			var err error
			if tc.ctrlC {
				err = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
			} else {
				err = cmd.Process.Signal(syscall.SIGTERM)
			}
			if err != nil {
				t.Fatal(err)
			}
			ends.Wait()
			<-copied
			werr := cmd.Wait()
			if werr != nil {
				t.Errorf("server after SIGTERM: %v", werr)
			}
			t.Logf("%d right replies before the stop, clients then saw the end of the stream", ok)
			if len(failures) > 0 {
				t.Errorf("%d clients saw an error instead of a reply or a clean close: %v", len(failures), failures)
			}
			lines := log.Lines()
			if !containsLine(lines, "echo: stopped") {
				t.Errorf("no stop line in the server's output")
			}
			for _, line := range lines {
				if strings.Contains(line, ") stopped: ") {
					t.Errorf("a worker did not stop cleanly: %s", line)
				}
			}
			if tc.mode == "prefork" {
				pids := workerPIDs(lines)
				if len(pids) != 3 {
					t.Errorf("worker pids %v, want 3", pids)
				}
				for _, p := range pids {
					assertGone(t, p)
				}
			}
		})
	}
}

// BenchmarkLoad is TestLoad's run as a benchmark: 200 concurrent clients
// share b.N requests, on one server per mode, with the server's line per
// request (or connection) printed to a discarding log, or (prefork)
// -quiet.
func BenchmarkLoad(b *testing.B) {
	const clients = 200
	table := cUpper(b)
	for _, mode := range []string{"prefork", "threads"} {
		for _, quiet := range []bool{false, true} {
			if quiet && mode == "threads" {
				continue // its line per connection costs nothing here
			}
			name := mode
			if quiet {
				name += "-quiet"
			}
			b.Run(name, func(b *testing.B) {
				ln, err := net.Listen("tcp", "127.0.0.1:0")
				if err != nil {
					b.Fatal(err)
				}
				ctx, cancel := context.WithCancel(context.Background())
				done := make(chan error, 1)
				var log io.Writer = io.Discard
				if quiet {
					log = nil
				}
				switch mode {
				case "prefork":
					ready := make(chan struct{}, 4)
					p := &Prefork{Workers: 4, Log: log, Quiet: quiet,
						Command: func(args ...string) (*exec.Cmd, error) { return testexec.Command(b, "echo-worker", args...), nil },
						Started: func(int, int) { ready <- struct{}{} }}
					go func() { done <- p.Serve(ctx, ln.(*net.TCPListener)) }()
					for range 4 {
						<-ready
					}
				case "threads":
					p := &Pool{Workers: 4, Upper: loadUpper(b), Log: log}
					go func() { done <- p.Serve(ctx, ln) }()
				}
				l := &load{addr: ln.Addr().String(), table: table, reqs: requests(11)}
				b.ResetTimer()
				l.run(clients, (b.N+clients-1)/clients, 1)
				b.StopTimer()
				b.ReportMetric(float64(l.ok.Load())/b.Elapsed().Seconds(), "req/s")
				cancel()
				if err := <-done; err != nil {
					b.Error(err)
				}
				if l.wrong.Load() != 0 || l.lost.Load() != 0 {
					b.Errorf("%d wrong, %d lost replies: %v", l.wrong.Load(), l.lost.Load(), l.errs)
				}
			})
		}
	}
}
