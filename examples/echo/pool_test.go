package main

import (
	"bytes"
	"context"
	"net"
	"sync"
	"testing"
	"time"
)

// TestPoolServes runs the thread-pool server (the notebook's In [13]) in
// this process, on every platform (Windows included, where the pre-fork
// mode is not available): clients connected at once send the notebook's
// requests, one per write, and each reply must be what C's own toupper
// table (cUpper, from the C library) makes of it.
func TestPoolServes(t *testing.T) {
	table, up := cUpper(t), loadUpper(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	p := &Pool{Workers: 3, Upper: up}
	go func() { served <- p.Serve(ctx, ln) }()
	var wg sync.WaitGroup
	for c := 0; c < 5; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			conn, err := net.DialTimeout("tcp", ln.Addr().String(), 10*time.Second)
			if err != nil {
				t.Error(err)
				return
			}
			defer conn.Close()
			conn.SetDeadline(time.Now().Add(30 * time.Second))
			buf := make([]byte, 4096)
			for _, req := range requests(uint64(c + 1)) {
				if len(bytes.TrimRight(req, " \t\n\v\f\r")) == 0 {
					continue // an empty request has no reply to wait for
				}
				if _, err := conn.Write(req); err != nil {
					t.Error(err)
					return
				}
				exp := want(table, req)
				got := make([]byte, 0, len(exp))
				for len(got) < len(exp) {
					n, err := conn.Read(buf)
					if err != nil {
						t.Errorf("client %d: %q: %v after %q", c, req, err, got)
						return
					}
					got = append(got, buf[:n]...)
				}
				if !bytes.Equal(got, exp) {
					t.Errorf("client %d: %q: reply %q, C's toupper gives %q", c, req, got, exp)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	stop()
	if err := <-served; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
