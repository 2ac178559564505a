package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"sync"
	"time"
)

// Pool is the notebook's In [13], a thread pool: Workers goroutines, each
// locked to its own OS thread, and one acceptor. The acceptor and the
// workers share a table of slots, one per worker, under one mutex: the
// acceptor takes a connection, finds a free slot (waiting on the condition
// variable ready while none is free), puts the connection there and
// signals that worker's condition variable; the worker serves the
// connection until its client closes it, then marks its slot free and
// signals ready. A Pool serves once.
type Pool struct {
	// Workers is the number of worker threads (the notebook's N = 3).
	Workers int
	// Upper makes the replies.
	Upper *Upper
	// Log, if not nil, receives a line when a worker starts (with its
	// thread id on Linux), takes a connection and sees it closed, as the
	// notebook prints them.
	Log io.Writer

	mu        sync.Mutex
	slots     []net.Conn   // nil is the notebook's 'FREE'
	conds     []*sync.Cond // conds[i] wakes worker i
	ready     *sync.Cond   // a slot became free (the notebook's clientready)
	terminate bool
	log       io.Writer
}

// Serve accepts connections from ln and serves them until ctx ends, then
// stops: the workers finish the request in hand and close their
// connections cleanly, the connections still queued are accepted and
// closed cleanly, ln is closed, and Serve returns once every worker has
// returned. It returns nil after such a stop and the accept error if ln
// fails first (after the same stop).
func (p *Pool) Serve(ctx context.Context, ln net.Listener) error {
	if p.Workers < 1 {
		return fmt.Errorf("echo: thread pool of %d workers", p.Workers)
	}
	if p.Upper == nil {
		return errors.New("echo: thread pool without an Upper")
	}
	p.log = &lockedWriter{w: io.Discard}
	if p.Log != nil {
		p.log = &lockedWriter{w: p.Log}
	}
	p.slots = make([]net.Conn, p.Workers)
	p.conds = make([]*sync.Cond, p.Workers)
	for i := range p.conds {
		p.conds[i] = sync.NewCond(&p.mu)
	}
	p.ready = sync.NewCond(&p.mu)

	var workers sync.WaitGroup
	for i := range p.Workers {
		workers.Add(1)
		go func() {
			defer workers.Done()
			p.worker(i)
		}()
	}
	var once sync.Once
	stop := func() { once.Do(func() { p.stop(ln) }) }
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	err := p.accept(ln)
	close(done)
	stop()
	drain(ln)
	workers.Wait()
	return err
}

// accept is the notebook's acceptor loop.
func (p *Pool) accept(ln net.Listener) error {
	for {
		conn, err := ln.Accept()
		if err != nil {
			if p.stopping() {
				return nil
			}
			return err
		}
		p.mu.Lock()
		r := p.free()
		for r < 0 && !p.terminate {
			p.ready.Wait()
			r = p.free()
		}
		if p.terminate {
			p.mu.Unlock()
			closeCleanly(conn)
			return nil
		}
		p.slots[r] = conn
		p.conds[r].Signal()
		p.mu.Unlock()
	}
}

// free returns the index of a free slot, or -1 (the notebook's checkfree).
func (p *Pool) free() int {
	for i, c := range p.slots {
		if c == nil {
			return i
		}
	}
	return -1
}

// worker is the notebook's echoservice, on its own OS thread.
func (p *Pool) worker(id int) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	tid := threadID()
	fmt.Fprintf(p.log, "worker %d on thread %d\n", id, tid)
	for {
		p.mu.Lock()
		for !p.terminate && p.slots[id] == nil {
			p.conds[id].Wait()
		}
		conn := p.slots[id]
		p.mu.Unlock()
		if conn == nil { // terminate, and nothing handed over
			return
		}
		peer := conn.RemoteAddr()
		fmt.Fprintf(p.log, "%d serving %s\n", id, peer)
		err := serve(conn, p.Upper, p.stopping, func([]byte) {
			if t := threadID(); t != tid {
				fmt.Fprintf(p.log, "worker %d moved from thread %d to %d\n", id, tid, t)
			}
		})
		switch {
		case errors.Is(err, errStopped):
			closeCleanly(conn)
		case err != nil:
			fmt.Fprintf(p.log, "%d: %s: %v\n", id, peer, err)
			conn.Close()
		default:
			conn.Close()
		}
		fmt.Fprintf(p.log, "%s closing\n", peer)
		p.mu.Lock()
		p.slots[id] = nil
		p.ready.Signal()
		p.mu.Unlock()
	}
}

func (p *Pool) stopping() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.terminate
}

// stop is the notebook's terminate = True and the notifications that let
// every worker and the acceptor see it; the connections being served are
// woken, and ln's Accept returns.
func (p *Pool) stop(ln net.Listener) {
	p.mu.Lock()
	p.terminate = true
	for i, c := range p.slots {
		if c != nil {
			wake(c)
		}
		p.conds[i].Signal()
	}
	p.ready.Signal()
	p.mu.Unlock()
	if dl, ok := ln.(interface{ SetDeadline(time.Time) error }); ok {
		dl.SetDeadline(time.Now()) // Accept returns; drain accepts the rest
	} else {
		ln.Close()
	}
}
