package main

import (
	"bufio"
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
)

// TestLoad runs the server with 3 workers against 30 concurrent clients of
// 20 requests each, on the loopback interface only, and checks every reply
// (converted by C's toupper) against Go's upper case.
func TestLoad(t *testing.T) {
	var out strings.Builder
	if err := run(&out, 3, 30, 20); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if got := strings.Count(text, " b'"); got != 30*20 {
		t.Errorf("%d replies logged, want %d", got, 30*20)
	}
	if !strings.HasSuffix(text, "complete\n") {
		t.Error("run did not complete")
	}
}

// TestToupperConcurrent calls C's toupper from many goroutines at once
// and compares with the same call made alone.
func TestToupperConcurrent(t *testing.T) {
	toupper, err := loadToupper()
	if err != nil {
		t.Fatal(err)
	}
	var want [256]int32
	for c := range want {
		want[c] = toupper(int32(c))
	}
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20000; i++ {
				c := int32(i % 256)
				if got := toupper(c); got != want[c] {
					t.Errorf("toupper(%d) = %d concurrently, %d alone", c, got, want[c])
					return
				}
			}
		}()
	}
	wg.Wait()
}

func TestServerProtocol(t *testing.T) {
	toupper, err := loadToupper()
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var log strings.Builder
	srv := Serve(ln, 1, toupper, &log)
	conn, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(conn)
	fmt.Fprintf(conn, "why not?  \n")
	reply, _ := r.ReadString('\n')
	if reply != "WHY NOT?\n" {
		t.Errorf("reply %q", reply)
	}
	conn.Close()
	srv.Close()
	if !strings.Contains(log.String(), "0 serving 127.0.0.1:") {
		t.Errorf("log: %q", log.String())
	}
}
