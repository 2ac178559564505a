package main

import (
	"errors"
	"io"
	"net"
	"os"
	"sync"
	"time"
)

const (
	// requestSize is the notebook's recv(1000): one read is one request.
	requestSize = 1000
	// lingerTime bounds how long a closing server reads what a client
	// still sends, so that closing does not reset the connection.
	lingerTime = 2 * time.Second
	// drainTime is how long a stopping server keeps accepting the
	// connections already queued, to close them cleanly.
	drainTime = 50 * time.Millisecond
	// writeGrace bounds the write of the reply in hand once a server
	// stops (a client that never reads cannot hold it up).
	writeGrace = 2 * time.Second
)

// errStopped reports that the server stopped while a connection was open.
var errStopped = errors.New("echo: server stopping")

// serve answers the requests of conn, the notebook's inner loop: each read
// (at most 1000 bytes) is one request, answered by one write of its reply;
// it returns nil when the client closes the connection. Once stopped
// reports true (the server sets a past read deadline on conn to wake it)
// it returns errStopped after the request in hand is answered. served,
// when not nil, is called with each request before its reply is written.
func serve(conn net.Conn, up *Upper, stopped func() bool, served func(req []byte)) error {
	req := make([]byte, requestSize)
	var reply []byte
	for {
		n, err := conn.Read(req)
		if n > 0 {
			if served != nil {
				served(req[:n])
			}
			reply = up.Reply(reply[:0], req[:n])
			if len(reply) > 0 { // Python's send(b'') sends nothing
				if _, err := conn.Write(reply); err != nil {
					return err
				}
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, os.ErrDeadlineExceeded):
			return errStopped
		case err != nil:
			return err
		case stopped():
			return errStopped
		}
	}
}

// wake makes a connection's blocked read return at once, for a server
// that stops, and bounds the reply in hand.
func wake(conn net.Conn) {
	now := time.Now()
	conn.SetReadDeadline(now)
	conn.SetWriteDeadline(now.Add(writeGrace))
}

// closeCleanly closes conn without resetting it: it sends the end of the
// stream, reads and drops what the client still sends until the client
// closes (or lingerTime passes), then closes. A connection closed with
// unread bytes would be reset, and its client would see an error instead
// of the end of the stream.
func closeCleanly(conn net.Conn) {
	if cw, ok := conn.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	conn.SetReadDeadline(time.Now().Add(lingerTime))
	io.Copy(io.Discard, conn)
	conn.Close()
}

// drain accepts, for drainTime, the connections already queued on a
// stopping server's listener and closes each cleanly, then closes ln.
func drain(ln net.Listener) {
	var wg sync.WaitGroup
	if dl, ok := ln.(interface{ SetDeadline(time.Time) error }); ok {
		dl.SetDeadline(time.Now().Add(drainTime))
		for {
			conn, err := ln.Accept()
			if err != nil {
				break
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				closeCleanly(conn)
			}()
		}
	}
	ln.Close()
	wg.Wait()
}

// lockedWriter serializes the writes of a log shared by workers.
type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
