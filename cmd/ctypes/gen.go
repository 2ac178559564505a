package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/purectypes/ctypes/cdecl"
)

// cmdGen writes a Go file of typed bindings for a header.
func cmdGen(args []string, w io.Writer) error {
	f, err := parseFlags(args, "--header", "--lib", "--package", "--funcs", "-o", "-I", "-D", "-U")
	if err != nil {
		return err
	}
	if f.header == "" || f.lib == "" || len(f.args) > 0 {
		return fmt.Errorf("%w: gen needs --header and --lib, and no other arguments", errUsage)
	}
	d, err := declarations(f, "")
	if err != nil {
		return err
	}
	// The command, without its output file, goes into the "Code generated"
	// line, so that the file says how to make it again wherever it is.
	var cmd []string
	for i := 0; i < len(args); i++ {
		if args[i] == "-o" {
			i++
			continue
		}
		if !strings.HasPrefix(args[i], "-o=") {
			cmd = append(cmd, args[i])
		}
	}
	opts := cdecl.GenOptions{Package: f.pkg, Library: f.lib, Header: f.header, Command: "ctypes gen " + strings.Join(cmd, " ")}
	if f.funcs != "" {
		opts.Funcs = strings.Split(f.funcs, ",")
	}
	src, err := cdecl.Generate(d, opts)
	if err != nil {
		return err
	}
	if f.out == "" {
		_, err = w.Write(src)
		return err
	}
	return os.WriteFile(f.out, src, 0o644)
}
