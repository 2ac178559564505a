package cdecl

import (
	"fmt"
	"strings"

	"modernc.org/cc/v4"
)

// checkComplete preprocesses the sources and checks that the token stream
// is a sequence of complete declarations: brackets balanced, the last token
// a ';' or a '}'. The front end's parser can loop forever at the end of an
// incomplete declarator ("typedef int (*"), so such input is refused here,
// before it is parsed.
func checkComplete(cfg *cc.Config, sources []cc.Source) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: C preprocessor failed: %v", ErrSyntax, r)
		}
	}()
	var b strings.Builder
	if err := cc.Preprocess(cfg, sources, &b); err != nil {
		return &SyntaxError{Msg: strings.TrimSpace(err.Error())}
	}
	if msg := scanComplete(b.String()); msg != "" {
		// Say where, in the user's own text when the problem is there.
		name := lastName(sources)
		if raw, ok := sources[len(sources)-1].Value.(string); ok {
			if m := scanComplete(raw); m != "" {
				return &SyntaxError{Msg: name + ":" + m}
			}
		}
		return &SyntaxError{Msg: name + ": after preprocessing: " + msg[strings.Index(msg, " ")+1:]}
	}
	return nil
}

// scanComplete returns "line:col: what" for the first incomplete
// construct of src, or "".
func scanComplete(src string) string {
	type open struct {
		c         byte
		line, col int
	}
	var stack []open
	var last byte
	line, col := 1, 0
	pos := func() string { return fmt.Sprintf("%d:%d:", line, col) }
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		if c == '\n' {
			line, col = line+1, 0
			continue
		}
		switch c {
		case '#':
			if j := strings.LastIndexByte(src[:i], '\n'); strings.TrimSpace(src[j+1:i]) == "" {
				// A directive, a line marker or a #pragma: to the end of the
				// line (and its continuations).
				for i+1 < len(src) && (src[i+1] != '\n' || src[i] == '\\') {
					if src[i+1] == '\n' {
						line++
					}
					i++
				}
				continue
			}
		case '/':
			if i+1 < len(src) && src[i+1] == '/' {
				for i+1 < len(src) && src[i+1] != '\n' {
					i++
				}
				continue
			}
			if i+1 < len(src) && src[i+1] == '*' {
				i += 2
				for i+1 < len(src) && !(src[i] == '*' && src[i+1] == '/') {
					if src[i] == '\n' {
						line, col = line+1, 0
					}
					i++
				}
				i++
				continue
			}
		case '"', '\'':
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if src[i] == '\\' {
					i++
				}
			}
		case '(', '[', '{':
			stack = append(stack, open{c, line, col})
		case ')', ']', '}':
			want := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
			if len(stack) == 0 || stack[len(stack)-1].c != want {
				return fmt.Sprintf("%s unexpected %q, expected a matching %q before it", pos(), c, want)
			}
			stack = stack[:len(stack)-1]
		}
		if c > ' ' {
			last = c
		}
	}
	if n := len(stack); n > 0 {
		o := stack[n-1]
		close := map[byte]byte{'(': ')', '[': ']', '{': '}'}[o.c]
		return fmt.Sprintf("%d:%d: unexpected end of input, expected %q to close this %q", o.line, o.col, close, o.c)
	}
	if last != 0 && last != ';' && last != '}' {
		return fmt.Sprintf("%s unexpected end of input, expected ';' after the last declaration", pos())
	}
	return ""
}

func lastName(sources []cc.Source) string {
	if len(sources) == 0 {
		return "<input>"
	}
	return sources[len(sources)-1].Name
}
