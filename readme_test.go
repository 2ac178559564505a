package ctypes_test

// README's Go snippets, run as written.
//
// Every fenced block tagged ```go in README.md is run; there is no other
// tag for Go (a block of Go that must not run would have to be tagged
// otherwise, and none is). A block is one of:
//
//   - a program: it starts with `package main`; it is built and run.
//   - a test file: it starts with `package name_test`; `go test` runs it.
//   - a fragment: it has no package clause; it is the body of a func main,
//     in a file importing those of fmt, errors, math, math/big, os, strings, syscall,
//     unsafe, ffi, types and cdecl that it names (as `ffi.` and so on).
//
// Each runs in a module of its own that requires this one (a replace
// directive to the working tree), in a directory holding every test library
// it names as "./lib<name>.so" built from testdata/<name>.c (README says
// how to build them by hand). A program or fragment whose every
// `fmt.Println(...)` line ends in a `// comment` must print exactly those
// comments, one line each, in order.

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
	"github.com/purectypes/ctypes/internal/testexec"
)

// snippet is one ```go block of README.md.
type snippet struct {
	line int    // README line of the opening fence
	code string // the block's text
}

// readmeSnippets returns README's ```go blocks, and an error for a fence
// that opens a Go block under another spelling (```golang, ```go-x).
func readmeSnippets(md string) ([]snippet, error) {
	var out []snippet
	sc := bufio.NewScanner(strings.NewReader(md))
	n, open, inGo := 0, 0, false
	var b strings.Builder
	for sc.Scan() {
		n++
		l := sc.Text()
		if !strings.HasPrefix(strings.TrimSpace(l), "```") {
			if inGo {
				b.WriteString(l)
				b.WriteByte('\n')
			}
			continue
		}
		if open != 0 {
			if inGo {
				out = append(out, snippet{line: open, code: b.String()})
			}
			open, inGo = 0, false
			b.Reset()
			continue
		}
		open = n
		info := strings.Fields(strings.TrimPrefix(strings.TrimSpace(l), "```"))
		if len(info) > 0 {
			switch {
			case info[0] == "go":
				inGo = true
			case strings.HasPrefix(strings.ToLower(info[0]), "go"):
				return nil, fmt.Errorf("README.md:%d: fence %q: Go blocks are tagged ```go (and run)", n, l)
			}
		}
	}
	if open != 0 {
		return nil, fmt.Errorf("README.md:%d: fence never closed", open)
	}
	return out, sc.Err()
}

var packageClause = regexp.MustCompile(`(?m)^package (\w+)`)

// fragmentImports are the packages a fragment may use without importing.
var fragmentImports = []struct{ name, path string }{
	{"errors", "errors"}, {"fmt", "fmt"}, {"math", "math"}, {"big", "math/big"}, {"os", "os"},
	{"strings", "strings"}, {"syscall", "syscall"}, {"unsafe", "unsafe"},
	{"cdecl", "github.com/purectypes/ctypes/cdecl"},
	{"ffi", "github.com/purectypes/ctypes/ffi"},
	{"types", "github.com/purectypes/ctypes/types"},
}

// program returns the Go file a snippet runs as, and its package name.
func (s snippet) program() (file, pkg string) {
	if m := packageClause.FindStringSubmatch(s.code); m != nil {
		return s.code, m[1]
	}
	var b strings.Builder
	b.WriteString("package main\n\nimport (\n")
	for _, imp := range fragmentImports {
		if regexp.MustCompile(`\b` + imp.name + `\.`).MatchString(s.code) {
			fmt.Fprintf(&b, "\t%q\n", imp.path)
		}
	}
	b.WriteString(")\n\nfunc main() {\n")
	b.WriteString(s.code)
	b.WriteString("}\n")
	return b.String(), "main"
}

var printlnComment = regexp.MustCompile(`fmt\.Println\(.*\)\s*//\s?(.*)$`)

// wantOutput returns what a program must print: the comments ending its
// fmt.Println lines, when every such line has one.
func (s snippet) wantOutput() (string, bool) {
	var want strings.Builder
	for _, l := range strings.Split(s.code, "\n") {
		if !strings.Contains(l, "fmt.Println(") {
			continue
		}
		m := printlnComment.FindStringSubmatch(l)
		if m == nil {
			return "", false
		}
		want.WriteString(strings.TrimRight(m[1], " "))
		want.WriteByte('\n')
	}
	return want.String(), want.Len() > 0
}

var testLibrary = regexp.MustCompile(`"\./lib(\w+)\.so"`)

// TestReadmeSnippets runs every Go snippet of README.md as written.
func TestReadmeSnippets(t *testing.T) {
	if runtime.GOOS != "linux" {
		testenv.Skip(t, "README's snippets name Linux libraries (libm.so.6, /usr/include/zlib.h)")
	}
	if len(testexec.Wrapper()) > 0 {
		testenv.Skip(t, "README's snippets are built by the host's go command and run natively, not under "+testexec.EnvWrapper)
	}
	goCmd, err := exec.LookPath("go")
	testenv.Require(t, "go command", err)
	if out, err := exec.Command(goCmd, "env", "GOARCH").Output(); err != nil || strings.TrimSpace(string(out)) != runtime.GOARCH {
		testenv.Skip(t, fmt.Sprintf("the go command builds for %q, the test runs on %s", bytes.TrimSpace(out), runtime.GOARCH))
	}
	md, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	snippets, err := readmeSnippets(string(md))
	if err != nil {
		t.Fatal(err)
	}
	if len(snippets) == 0 {
		t.Fatal("README.md has no ```go block")
	}
	repo, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	mod := t.TempDir()
	if err := writeSnippetModule(repo, mod); err != nil {
		t.Fatal(err)
	}
	kinds := make([]string, len(snippets))
	for i, s := range snippets {
		file, pkg := s.program()
		dir := filepath.Join(mod, fmt.Sprintf("s%d", s.line))
		name := "main.go"
		kinds[i] = "main"
		if strings.HasSuffix(pkg, "_test") {
			name, kinds[i] = "snippet_test.go", "test"
		} else if pkg != "main" {
			t.Fatalf("README.md:%d: package %s: a snippet is package main, a _test package or a fragment", s.line, pkg)
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(file), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// One build of every program, in parallel, before any runs.
	bin := filepath.Join(mod, "bin")
	build := exec.Command(goCmd, "build", "-o", bin+string(filepath.Separator), "./...")
	build.Dir = mod
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building README's snippets (README.md:N is in directory sN): %v\n%s", err, out)
	}
	for i, s := range snippets {
		t.Run(fmt.Sprintf("README.md:%d", s.line), func(t *testing.T) {
			run := t.TempDir()
			for _, m := range testLibrary.FindAllStringSubmatch(s.code, -1) {
				lib := cbuild.Test(t, m[1])
				data, err := os.ReadFile(lib)
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(run, "lib"+m[1]+".so"), data, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			var cmd *exec.Cmd
			if kinds[i] == "test" {
				cmd = exec.Command(goCmd, "test", "-count=1", fmt.Sprintf("./s%d", s.line))
				cmd.Dir = mod
			} else {
				cmd = exec.Command(filepath.Join(bin, fmt.Sprintf("s%d", s.line)))
				cmd.Dir = run
			}
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); err != nil {
				t.Fatalf("%v: %v\n%s%s\nthe snippet:\n%s", cmd.Args, err, stdout.Bytes(), stderr.Bytes(), s.code)
			}
			if want, ok := s.wantOutput(); ok && kinds[i] == "main" && stdout.String() != want {
				t.Errorf("printed\n%s\nREADME says (the comments of its fmt.Println lines)\n%s", stdout.Bytes(), want)
			}
		})
	}
}

// writeSnippetModule writes the go.mod and go.sum of a module that uses
// this one from its working tree at repo.
func writeSnippetModule(repo, dir string) error {
	gomod, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	if err != nil {
		return err
	}
	text := packageModule.ReplaceAllString(string(gomod), "module readmesnippets")
	text += fmt.Sprintf("\nrequire github.com/purectypes/ctypes v0.0.0\n\nreplace github.com/purectypes/ctypes => %s\n", repo)
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(text), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
}

var packageModule = regexp.MustCompile(`(?m)^module .*$`)
