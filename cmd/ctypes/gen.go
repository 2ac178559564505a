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
	opts := cdecl.GenOptions{Package: f.pkg, Library: f.lib, Header: f.header, Command: "ctypes gen " + strings.Join(args, " ")}
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
