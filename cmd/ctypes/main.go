// Command ctypes calls C functions from the shell, lists a library's
// symbols, prints C layouts and generates typed Go bindings from a header,
// all from C declarations (package cdecl), without cgo.
//
//	ctypes call libm.so.6 'double sin(double)' 3.1415926536
//	ctypes call --header testdata/ctest.h ./libctest.so add '{"x":3.1,"y":4.2}' '[1.9,2.8]'
//	ctypes symbols libz.so.1
//	ctypes layout --header /usr/include/zlib.h 'z_stream'
//	ctypes gen --header /usr/include/zlib.h --lib libz.so.1 --package zlib --funcs compress,uncompress -o zlib.go
//
// call converts each argument to the C parameter's type: numbers for
// integers and floats, text for char*, JSON objects or arrays for structs
// and arrays passed by value. A pointer parameter to a struct, an array or a
// scalar is an out-parameter: its argument (JSON, or "-" for zeroes)
// initialises it, and its content is printed after the call, one
// "argN = JSON" line each; "@N" for a pointer (or char *) parameter is an
// N-element buffer for C to fill, printed after the call too. Text given for
// a pointer to bytes (const unsigned char *) is passed as a NUL-terminated
// copy. The result is printed first, floats as Python
// prints them, structs as JSON.
//
// Usage errors print the usage and exit with status 2; a failed call exits
// with status 1 and a one-line message.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

const usage = `usage:
  ctypes call [--header FILE.h] [-I DIR] [-D NAME[=VALUE]] LIB 'PROTOTYPE' | NAME [ARG...]
  ctypes symbols LIB
  ctypes layout --header FILE.h [-I DIR] [-D NAME[=VALUE]] 'TYPE'...
  ctypes gen --header FILE.h --lib LIB [--package NAME] [--funcs F1,F2] [-o FILE.go]

LIB is a path, a soname (libm.so.6) or a short name (m, z, sqlite3).
`

// errUsage marks a command line that does not fit the usage.
var errUsage = errors.New("usage")

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch args[0] {
	case "call":
		err = cmdCall(args[1:], stdout)
	case "symbols":
		err = cmdSymbols(args[1:], stdout)
	case "layout":
		err = cmdLayout(args[1:], stdout)
	case "gen":
		err = cmdGen(args[1:], stdout)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = fmt.Errorf("%w: unknown command %q", errUsage, args[0])
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintf(stderr, "ctypes: %v\n%s", err, usage)
		return 2
	default:
		fmt.Fprintf(stderr, "ctypes: %s\n", oneLine(err.Error()))
		return 1
	}
}

// oneLine joins a multi-line error message.
func oneLine(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c == '\n' || c == '\t' {
			out[i] = ' '
		}
	}
	return string(out)
}

// flags are the options shared by the commands.
type flags struct {
	header  string
	lib     string
	pkg     string
	funcs   string
	prefix  string
	out     string
	ccflags []string
	args    []string
}

// parseFlags reads the options of a command; the others are positional.
// Options may come before or between the positional arguments.
func parseFlags(args []string, allowed ...string) (*flags, error) {
	f := &flags{}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			f.args = append(f.args, args[i+1:]...)
			break
		}
		name, val, hasVal := a, "", false
		if len(a) > 2 && (a[:2] == "-I" || a[:2] == "-D" || a[:2] == "-U") && ok["-I"] {
			f.ccflags = append(f.ccflags, a[:2], a[2:])
			continue
		}
		if len(a) > 1 && a[0] == '-' && !isNumber(a) {
			for j := 0; j < len(a); j++ {
				if a[j] == '=' {
					name, val, hasVal = a[:j], a[j+1:], true
					break
				}
			}
			if !ok[name] {
				return nil, fmt.Errorf("%w: unknown option %s", errUsage, name)
			}
			if !hasVal {
				if i+1 >= len(args) {
					return nil, fmt.Errorf("%w: option %s needs a value", errUsage, name)
				}
				i++
				val = args[i]
			}
			switch name {
			case "--header":
				f.header = val
			case "--lib":
				f.lib = val
			case "--package":
				f.pkg = val
			case "--funcs":
				f.funcs = val
			case "--prefix":
				f.prefix = val
			case "-o":
				f.out = val
			case "-I", "-D", "-U":
				f.ccflags = append(f.ccflags, name, val)
			}
			continue
		}
		f.args = append(f.args, a)
	}
	return f, nil
}

func isNumber(s string) bool {
	if len(s) < 2 || s[0] != '-' {
		return false
	}
	c := s[1]
	return c >= '0' && c <= '9' || c == '.'
}
