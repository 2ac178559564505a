package main

import (
	"debug/elf"
	"fmt"
	"io"
	"sort"
)

// cmdSymbols lists the functions and variables a shared library exports,
// from its ELF dynamic symbol table.
func cmdSymbols(args []string, w io.Writer) error {
	f, err := parseFlags(args)
	if err != nil {
		return err
	}
	if len(f.args) != 1 {
		return fmt.Errorf("%w: symbols needs one library", errUsage)
	}
	path := libPath(f.args[0])
	ef, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("%s: %w", f.args[0], err)
	}
	defer ef.Close()
	syms, err := ef.DynamicSymbols()
	if err != nil {
		return fmt.Errorf("%s: %w", f.args[0], err)
	}
	type sym struct{ kind, name string }
	var out []sym
	seen := map[string]bool{}
	for _, s := range syms {
		if s.Section == elf.SHN_UNDEF || s.Section == elf.SHN_ABS || s.Name == "" || seen[s.Name] {
			continue
		}
		bind := elf.ST_BIND(s.Info)
		if bind != elf.STB_GLOBAL && bind != elf.STB_WEAK {
			continue
		}
		switch elf.ST_TYPE(s.Info) {
		case elf.STT_FUNC, elf.STT_GNU_IFUNC:
			out = append(out, sym{"func", s.Name})
		case elf.STT_OBJECT, elf.STT_TLS:
			out = append(out, sym{"var", s.Name})
		default:
			continue
		}
		seen[s.Name] = true
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	for _, s := range out {
		fmt.Fprintf(w, "%-4s %s\n", s.kind, s.name)
	}
	return nil
}
