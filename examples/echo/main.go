// Command echo is the lecture notebook's echo servers (In [10] and In [13])
// in Go: a server on the loopback interface whose pool of workers answers
// every request in upper case, converting each byte with the C library's
// toupper called through ffi, while many clients talk to it at once. It is
// the concurrency example of the project: many goroutines calling C at the
// same time.
//
//	go run ./examples/echo [-workers 3] [-clients 30] [-requests 5]
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"os"
	"strings"
	"sync"

	"github.com/purectypes/ctypes/ffi"
)

// messages are the notebook's client messages.
var messages = []string{"hello", "bye", "why", "yes", "no", "maybe", "are you sure", "why not?"}

func main() {
	workers := flag.Int("workers", 3, "server workers (the notebook's pre-forked processes or pool threads)")
	clients := flag.Int("clients", 30, "concurrent clients")
	requests := flag.Int("requests", 5, "requests per client")
	flag.Parse()
	if err := run(os.Stdout, *workers, *clients, *requests); err != nil {
		fmt.Fprintln(os.Stderr, "echo:", err)
		os.Exit(1)
	}
}

// upper converts text with C's toupper, one call per byte.
type upper func(int32) int32

func loadToupper() (upper, error) {
	libc, err := ffi.CDLL(libcName)
	if err != nil {
		return nil, err
	}
	return ffi.Fn1[int32, int32](libc, "toupper")
}

// Server is an echo server with a fixed pool of workers.
type Server struct {
	ln      net.Listener
	toupper upper
	log     io.Writer
	logMu   sync.Mutex
	wg      sync.WaitGroup
}

// Serve starts n workers that accept connections from ln, like the
// notebook's workers sharing one listening socket.
func Serve(ln net.Listener, n int, toupper upper, log io.Writer) *Server {
	s := &Server{ln: ln, toupper: toupper, log: log}
	for i := 0; i < n; i++ {
		s.wg.Add(1)
		go s.worker(i)
	}
	return s
}

func (s *Server) logf(format string, args ...any) {
	s.logMu.Lock()
	defer s.logMu.Unlock()
	fmt.Fprintf(s.log, format, args...)
}

func (s *Server) worker(id int) {
	defer s.wg.Done()
	for {
		conn, err := s.ln.Accept()
		if err != nil {
			return // listener closed
		}
		s.logf("%d serving %s\n", id, conn.RemoteAddr())
		s.serve(conn)
		s.logf("%s closing\n", conn.RemoteAddr())
	}
}

// serve answers each newline-terminated request with its upper case.
func (s *Server) serve(conn net.Conn) {
	defer conn.Close()
	r := bufio.NewReader(conn)
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		req := []byte(strings.TrimRight(line, " \r\n"))
		for i, c := range req {
			req[i] = byte(s.toupper(int32(c)))
		}
		if _, err := conn.Write(append(req, '\n')); err != nil {
			return
		}
	}
}

// Close stops accepting and waits for the workers.
func (s *Server) Close() error {
	err := s.ln.Close()
	s.wg.Wait()
	return err
}

// client sends n random messages and checks each reply.
func client(addr string, n int, seed uint64, log func(string, ...any)) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	rng := rand.New(rand.NewPCG(seed, 1))
	r := bufio.NewReader(conn)
	for i := 0; i < n; i++ {
		msg := messages[rng.IntN(len(messages))]
		if _, err := fmt.Fprintf(conn, "%s\n", msg); err != nil {
			return err
		}
		reply, err := r.ReadString('\n')
		if err != nil {
			return err
		}
		reply = strings.TrimSuffix(reply, "\n")
		log("%s b'%s'\n", conn.LocalAddr(), reply)
		if reply != strings.ToUpper(msg) {
			return fmt.Errorf("sent %q, got %q", msg, reply)
		}
	}
	return nil
}

func run(w io.Writer, workers, clients, requests int) error {
	toupper, err := loadToupper()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := Serve(ln, workers, toupper, w)
	var wg sync.WaitGroup
	errs := make([]error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = client(ln.Addr().String(), requests, uint64(i), srv.logf)
		}(i)
	}
	wg.Wait()
	if err := srv.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	fmt.Fprintln(w, "complete")
	return nil
}
