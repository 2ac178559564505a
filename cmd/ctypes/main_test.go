package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/purectypes/ctypes/internal/cbuild"
	"github.com/purectypes/ctypes/internal/testenv"
)

// ctypes runs the command line and returns its exit status and output.
func ctypes(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	rc := run(args, &out, &errOut)
	return rc, out.String(), errOut.String()
}

// shellWords splits a command line as sh does for plain and quoted words.
func shellWords(s string) []string {
	var words []string
	var cur strings.Builder
	in, quote := false, byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			} else {
				cur.WriteByte(c)
			}
		case c == '\'' || c == '"':
			quote, in = c, true
		case c == ' ' || c == '\t':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteByte(c)
			in = true
		}
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}

// matches reports whether got has the lines of want, where a "..." line of
// want stands for any number of lines.
func matches(want []string, got []string) bool {
	if len(want) == 0 {
		return len(got) == 0
	}
	if want[0] == "..." {
		for i := 0; i <= len(got); i++ {
			if matches(want[1:], got[i:]) {
				return true
			}
		}
		return false
	}
	return len(got) > 0 && got[0] == want[0] && matches(want[1:], got[1:])
}

func readme(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestREADMEUses runs the ctypes command lines of README.md and compares
// what they print with what README shows.
func TestREADMEUses(t *testing.T) {
	for _, lib := range []string{"libm.so.6", "libc.so.6", "libz.so.1"} {
		_, err := os.Stat(libPath(lib))
		testenv.Require(t, lib, err)
	}
	_, err := os.Stat("/usr/include/zlib.h")
	testenv.Require(t, "zlib.h (zlib1g-dev)", err)
	text := readme(t)
	start := strings.Index(text, "```sh\n$ ctypes ")
	if start < 0 {
		t.Fatal("README has no ctypes session")
	}
	block := text[start+len("```sh\n"):]
	block = block[:strings.Index(block, "```")]
	type use struct {
		cmd  string
		want []string
	}
	var uses []use
	for _, line := range strings.Split(strings.TrimRight(block, "\n"), "\n") {
		if cmd, ok := strings.CutPrefix(line, "$ "); ok {
			uses = append(uses, use{cmd: cmd})
		} else {
			uses[len(uses)-1].want = append(uses[len(uses)-1].want, line)
		}
	}
	if len(uses) < 3 {
		t.Fatalf("README shows %d uses of ctypes, want at least 3", len(uses))
	}
	if err := os.Chdir("../.."); err != nil { // README's paths are from the repository root
		t.Fatal(err)
	}
	defer os.Chdir("cmd/ctypes")
	for _, u := range uses {
		words := shellWords(u.cmd)
		if words[0] != "ctypes" {
			t.Fatalf("README line %q", u.cmd)
		}
		rc, out, errOut := ctypes(words[1:]...)
		if rc != 0 {
			t.Errorf("%s: exit %d: %s", u.cmd, rc, errOut)
			continue
		}
		if got := strings.Split(strings.TrimRight(out, "\n"), "\n"); !matches(u.want, got) {
			t.Errorf("%s printed\n%s\nREADME shows\n%s", u.cmd, out, strings.Join(u.want, "\n"))
		}
	}
}

// TestREADMESnippet runs the Go program of README's declarations section
// and checks what it prints against the comments beside each Println.
func TestREADMESnippet(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: go run in -short mode")
	}
	_, err := os.Stat("/usr/include/zlib.h")
	testenv.Require(t, "zlib.h (zlib1g-dev)", err)
	text := readme(t)
	i := strings.Index(text, "## C declarations")
	if i < 0 {
		t.Fatal("README has no declarations section")
	}
	sec := text[i:]
	start := strings.Index(sec, "```go\n")
	code := sec[start+len("```go\n"):]
	code = code[:strings.Index(code, "```")]
	var want []string
	for _, m := range regexp.MustCompile(`fmt\.Println\(.*\) // (.*)`).FindAllStringSubmatch(code, -1) {
		want = append(want, m[1])
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "main.go")
	if err := os.WriteFile(file, []byte(code), 0o644); err != nil {
		t.Fatal(err)
	}
	gobin := goCommand()
	cmd := exec.Command(gobin, "run", file)
	cmd.Dir = "../.."
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go run README snippet: %v\n%s", err, out)
	}
	if got := strings.TrimRight(string(out), "\n"); got != strings.Join(want, "\n") {
		t.Errorf("README snippet printed\n%s\nits comments say\n%s", got, strings.Join(want, "\n"))
	}
}

func TestUsage(t *testing.T) {
	for _, args := range [][]string{
		nil, {"bogus"}, {"call"}, {"call", "libm.so.6"}, {"call", "libm.so.6", "sin"}, {"symbols"},
		{"layout"}, {"gen", "--header"}, {"gen", "--lib", "x"}, {"call", "--nope", "x", "y"},
	} {
		rc, out, errOut := ctypes(args...)
		if rc != 2 || out != "" || !strings.Contains(errOut, "usage:") {
			t.Errorf("ctypes %q: exit %d, stdout %q, stderr %q; want 2 and the usage", args, rc, out, errOut)
		}
	}
	if rc, out, _ := ctypes("help"); rc != 0 || !strings.Contains(out, "usage:") {
		t.Errorf("ctypes help: %d %q", rc, out)
	}
}

func TestCallErrors(t *testing.T) {
	for _, args := range [][]string{
		{"call", "libm.so.6", "double sin(double)", "abc"},
		{"call", "libm.so.6", "double sin(double)"},
		{"call", "libm.so.6", "double sin(double)", "1", "2"},
		{"call", "libm.so.6", "double no_such_function(double)", "1"},
		{"call", "libno_such_library.so", "int f(void)"},
		{"call", "libm.so.6", "double sin(double"},
		{"call", "libm.so.6", "long double sinl(long double)", "1"},
		{"layout", "struct Nope"},
		{"symbols", "/nonexistent/lib.so"},
		{"call", "--header", "/nonexistent.h", "libm.so.6", "sin", "1"},
	} {
		rc, out, errOut := ctypes(args...)
		if rc != 1 || out != "" || strings.Count(errOut, "\n") != 1 || !strings.HasPrefix(errOut, "ctypes: ") {
			t.Errorf("ctypes %q: exit %d, stdout %q, stderr %q; want 1 and one line", args, rc, out, errOut)
		}
	}
}

// TestCallTestLibrary calls testdata/ctest.c through its header: structs
// as JSON in and out, out-parameters, a 2-D char array filled by C.
func TestCallTestLibrary(t *testing.T) {
	lib := cbuild.Test(t, "ctest")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"add", `{"x":3.1,"y":4.2}`, "[1.9,2.8]"}, `{"x": 5.0, "y": 7.0}` + "\n"},
		{[]string{"swap", `{"x":1,"y":2}`, "[3,4]"}, "arg1 = {\"x\": 3.0, \"y\": 4.0}\narg2 = {\"x\": 1.0, \"y\": 2.0}\n"},
		{[]string{"sum", "[1,2,3.5]", "3"}, "6.5\narg1 = [1.0, 2.0, 3.5]\n"},
		{[]string{"iadd", "2", "-3"}, "-1\n"},
		{[]string{"tokenize", " ", "a bb", "@3"}, "2\narg3 = [\"a\", \"bb\", \"\"]\n"},
	} {
		rc, out, errOut := ctypes(append([]string{"call", "--header", "../../testdata/ctest.h", lib}, c.args...)...)
		if rc != 0 || out != c.want {
			t.Errorf("ctypes call %s: exit %d, %q (want %q) %s", c.args, rc, out, c.want, errOut)
		}
	}
	rc, out, errOut := ctypes("layout", "--header", "../../testdata/ctest.h", "struct Complex")
	if want := "struct Complex: size 16, align 8\n  x  offset 0               c_double (size 8)\n  y  offset 8               c_double (size 8)\n"; rc != 0 || out != want {
		t.Errorf("layout: %d %q %s", rc, out, errOut)
	}
	rc, out, _ = ctypes("symbols", lib)
	if rc != 0 || !strings.Contains(out, "func add\n") || !strings.Contains(out, "func tokenize\n") {
		t.Errorf("symbols: %d %q", rc, out)
	}
}

// TestGoBuild builds the command as go install would, with cgo off.
func TestGoBuild(t *testing.T) {
	if testing.Short() {
		t.Skip("skipping: go build in -short mode")
	}
	cmd := exec.Command(goCommand(), "build", "-o", filepath.Join(t.TempDir(), "ctypes"), ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
}

// TestGeneratedUpToDate runs the go:generate line of each generated package
// and compares the output with the committed file.
func TestGeneratedUpToDate(t *testing.T) {
	for _, dir := range []string{"../../cdecl/internal/zlib", "../../examples/ctestgen/ctest", "../../examples/blas/cblas/internal/cblasgen"} {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			doc, err := os.ReadFile(filepath.Join(dir, "doc.go"))
			if err != nil {
				t.Fatal(err)
			}
			m := regexp.MustCompile(`//go:generate go run \S+ (gen .*) -o (\S+)`).FindSubmatch(doc)
			if m == nil {
				t.Fatal("no go:generate line")
			}
			committed, err := os.ReadFile(filepath.Join(dir, string(m[2])))
			if err != nil {
				t.Fatal(err)
			}
			args := shellWords(string(m[1]))
			for i, a := range args {
				if a == "--header" && filepath.IsAbs(args[i+1]) {
					_, err := os.Stat(args[i+1])
					testenv.Require(t, args[i+1], err)
				}
			}
			wd, _ := os.Getwd()
			if err := os.Chdir(dir); err != nil {
				t.Fatal(err)
			}
			rc, out, errOut := ctypes(args...)
			os.Chdir(wd)
			if rc != 0 {
				t.Fatalf("ctypes %s: %d %s", m[1], rc, errOut)
			}
			if out != string(committed) {
				ver := regexp.MustCompile(`ZLIB_VERNUM\s+= (\d+)`)
				if a, b := ver.FindString(out), ver.FindString(string(committed)); a != b {
					testenv.Skip(t, "the installed zlib.h ("+a+") is not the one the binding was generated from ("+b+")")
				}
				t.Errorf("%s/%s is not what the generator writes now: run go generate in %s", dir, m[2], dir)
			}
		})
	}
}

// TestFlags passes -I and -D through to the C front end.
func TestFlags(t *testing.T) {
	dir := t.TempDir()
	inc := filepath.Join(dir, "inc")
	if err := os.Mkdir(inc, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(inc, "num.h"), []byte("#ifdef WIDE\ntypedef long long num;\n#else\ntypedef int num;\n#endif\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	h := filepath.Join(dir, "s.h")
	if err := os.WriteFile(h, []byte("#include <num.h>\nstruct S { char c; num v; };\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-I", inc}, "struct S: size 8, align 4\n"},
		{[]string{"-I" + inc, "-D", "WIDE"}, "struct S: size 16, align 8\n"},
		{[]string{"-I", inc, "-DWIDE=1"}, "struct S: size 16, align 8\n"},
	} {
		rc, out, errOut := ctypes(append(append([]string{"layout", "--header", h}, c.args...), "struct S")...)
		if rc != 0 || !strings.HasPrefix(out, c.want) {
			t.Errorf("layout %v: %d %q %s", c.args, rc, out, errOut)
		}
	}
	if rc, _, errOut := ctypes("layout", "--header", h, "struct S"); rc != 1 || !strings.Contains(errOut, "num.h") {
		t.Errorf("without -I: %d %s", rc, errOut)
	}
}

// goCommand is the go command running the tests: the one on PATH.
func goCommand() string {
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "go"
}
