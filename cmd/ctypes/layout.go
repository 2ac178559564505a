package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/purectypes/ctypes/types"
)

// cmdLayout prints the size, alignment and field offsets of C types.
func cmdLayout(args []string, w io.Writer) error {
	f, err := parseFlags(args, "--header", "-I", "-D", "-U")
	if err != nil {
		return err
	}
	if len(f.args) == 0 {
		return fmt.Errorf("%w: layout needs a type name", errUsage)
	}
	var decls string
	if f.header == "" {
		// Types may be defined on the command line: 'struct P { char c; int i; }'.
		for _, a := range f.args {
			if strings.Contains(a, "{") {
				decls += a + ";\n"
			}
		}
	}
	d, err := declarations(f, decls)
	if err != nil {
		return err
	}
	for _, name := range f.args {
		if i := strings.Index(name, "{"); i >= 0 {
			name = strings.TrimSpace(name[:i])
		}
		t, err := d.Type(name)
		if err != nil {
			return err
		}
		printLayout(w, name, t)
	}
	return nil
}

func printLayout(w io.Writer, name string, t *types.Type) {
	fmt.Fprintf(w, "%s: size %d, align %d", name, t.Size(), t.Align())
	if p := t.Pack(); p > 0 {
		fmt.Fprintf(w, ", pack %d", p)
	}
	fmt.Fprintln(w)
	fields := t.Fields()
	width := 0
	for _, fl := range fields {
		width = max(width, len(fl.Name))
	}
	for _, fl := range fields {
		pos := fmt.Sprintf("offset %d", fl.Offset)
		if fl.Bits > 0 {
			pos += fmt.Sprintf(", bits %d..%d", fl.BitOffset, fl.BitOffset+fl.Bits-1)
		}
		fmt.Fprintf(w, "  %-*s  %-22s %s (size %d)\n", width, fl.Name, pos, fl.Type.Name(), fl.Type.Size())
	}
}
