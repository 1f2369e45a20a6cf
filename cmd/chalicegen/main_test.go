package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/deploy/packaging"
	"github.com/chalice-go/chalice/gen"
	"github.com/chalice-go/chalice/model"
)

// cli runs chalicegen in-process from dir and returns its exit status and
// output.
func cli(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := newEnv(strings.NewReader(""), &out, &errb)
	if dir != "" {
		env.Cwd = dir
	}
	code = env.execute(args)
	return code, out.String(), errb.String()
}

// fakeAnalyzer makes LoadApp return fn's result for the test's duration.
func fakeAnalyzer(t *testing.T, fn func(dir, name string) (*model.App, error)) {
	t.Helper()
	old := analyze
	analyze = func(dir, name string, _ func(analyzer.Error)) (*model.App, error) { return fn(dir, name) }
	t.Cleanup(func() { analyze = old })
}

func testModel(t *testing.T) *model.App {
	t.Helper()
	b, err := os.ReadFile("../../testdata/gen/params/model.json")
	if err != nil {
		t.Fatal(err)
	}
	var app model.App
	if err := json.Unmarshal(b, &app); err != nil {
		t.Fatal(err)
	}
	return &app
}

func TestUsage(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		args     []string
		code     int
		stdout   string
		stderr   string
		noStderr bool
	}{
		{args: []string{"--help"}, code: 0, stdout: "chalicegen [--project-dir DIR] [--debug] [--version] [COMMAND]"},
		{args: []string{"generate", "--help"}, code: 0, stdout: "chalicegen generate"},
		{args: []string{"help", "generate"}, code: 0, stdout: "chalicegen generate"},
		{args: []string{"--version"}, code: 0, stdout: "chalicegen, version "},
		{args: []string{"bogus"}, code: 2, stderr: `chalicegen: unknown command "bogus" for "chalicegen"`},
		{args: []string{"genrate"}, code: 2, stderr: "did you mean generate?"},
		{args: []string{"--nope"}, code: 2, stderr: "unknown flag: --nope"},
		{args: []string{"generate", "extra"}, code: 2, stderr: "takes no arguments"},
		{args: []string{"--project-dir", filepath.Join(dir, "missing")}, code: 1, stderr: "chalicegen: project directory: "},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			code, stdout, stderr := cli(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout lacks %q:\n%s", tt.stdout, stdout)
			}
			if !strings.Contains(stderr, tt.stderr) {
				t.Errorf("stderr lacks %q:\n%s", tt.stderr, stderr)
			}
			if tt.code == 2 && !strings.Contains(stderr, "Run 'chalicegen --help' for usage.") {
				t.Errorf("usage error without the help hint:\n%s", stderr)
			}
		})
	}
}

// TestHiddenModel checks `model` works but stays out of the help listing.
func TestHiddenModel(t *testing.T) {
	fakeAnalyzer(t, func(dir, name string) (*model.App, error) { return &model.App{Name: name}, nil })
	dir := t.TempDir()
	code, stdout, stderr := cli(t, dir, "model")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var app model.App
	if err := json.Unmarshal([]byte(stdout), &app); err != nil || app.Name != filepath.Base(dir) {
		t.Errorf("model output = %q (%v), want JSON with the dir's name", stdout, err)
	}
	_, help, _ := cli(t, dir, "--help")
	if strings.Contains(help, "\n  model ") {
		t.Errorf("help lists the hidden model command:\n%s", help)
	}
}

func TestGenerateWritesOnlyOnChange(t *testing.T) {
	dir := t.TempDir()
	var gotDir, gotName string
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		gotDir, gotName = d, name
		app := testModel(t)
		app.Dir = d
		return app, nil
	})
	for _, args := range [][]string{nil, {"generate"}} {
		if code, _, stderr := cli(t, dir, args...); code != 0 || stderr != "" {
			t.Fatalf("chalicegen %v: exit %d, stderr %q", args, code, stderr)
		}
	}
	if gotDir != dir || gotName != filepath.Base(dir) {
		t.Errorf("analyzer got (%q, %q), want (%q, %q)", gotDir, gotName, dir, filepath.Base(dir))
	}
	path := filepath.Join(dir, gen.FileName)
	want, err := gen.Generate(testModel(t))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("%s does not hold the generated code (err=%v)", path, err)
	}

	// An unchanged model leaves the file alone, modification time included.
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(path, old, old); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, dir); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("unchanged output rewrote the file")
	}

	// A stale file is replaced, and no temp file is left behind.
	if err := os.WriteFile(path, []byte("package main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, dir, "--debug"); code != 0 || !strings.Contains(stderr, "wrote chalice_gen.go") {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("dir holds %d entries after generating, want only %s", len(entries), gen.FileName)
	}
}

func TestProjectDirAndAppName(t *testing.T) {
	cwd := t.TempDir()
	proj := filepath.Join(cwd, "proj")
	if err := os.MkdirAll(filepath.Join(proj, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(proj, ".chalice", "config.json"), []byte(`{"version": "2.0", "app_name": "hello"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	var gotDir, gotName string
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		gotDir, gotName = d, name
		return &model.App{Name: name, PkgName: "main", Dir: d}, nil
	})
	if code, _, stderr := cli(t, cwd, "--project-dir", "proj"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if gotDir != proj || gotName != "hello" {
		t.Errorf("analyzer got (%q, %q), want (%q, %q)", gotDir, gotName, proj, "hello")
	}
	if _, err := os.Stat(filepath.Join(proj, gen.FileName)); err != nil {
		t.Error(err)
	}

	if err := os.WriteFile(filepath.Join(proj, ".chalice", "config.json"), []byte(`{`), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := cli(t, cwd, "--project-dir", "proj"); code != 1 || !strings.Contains(stderr, "config.json") {
		t.Errorf("malformed config: exit %d, stderr %q", code, stderr)
	}
}

// TestSourceErrors checks positioned diagnostics are printed one per line,
// relative to the working directory, without the chalicegen prefix.
func TestSourceErrors(t *testing.T) {
	dir := t.TempDir()
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		return nil, analyzer.Errors{
			{Pos: model.Pos{File: filepath.Join(d, "app.go"), Line: 12, Column: 1}, Msg: "route: unknown option \"nmae\""},
			{Pos: model.Pos{File: "/elsewhere/x.go", Line: 3, Column: 4}, Msg: "second problem"},
		}
	})
	code, stdout, stderr := cli(t, dir)
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	want := "app.go:12:1: chalice: route: unknown option \"nmae\"\n/elsewhere/x.go:3:4: chalice: second problem\n"
	if stderr != want {
		t.Errorf("stderr = %q, want %q", stderr, want)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
}

func TestGeneratorErrorIsPositioned(t *testing.T) {
	dir := t.TempDir()
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		app := testModel(t)
		app.Routes[0].Pos.File = filepath.Join(d, "app.go")
		app.Routes[0].Signature.Params = []model.Param{{Name: "x", Kind: model.ParamEvent}}
		return app, nil
	})
	code, _, stderr := cli(t, dir)
	if code != 1 || !strings.HasPrefix(stderr, "app.go:") || !strings.Contains(stderr, ": chalice: route index:") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// TestPositionedErrorIsRelative checks a *model.Error (what gen, policy and
// the deploy plan return), even wrapped, is printed as file:line:col
// relative to the working directory.
func TestPositionedErrorIsRelative(t *testing.T) {
	dir := t.TempDir()
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		pe := model.Errorf(model.Pos{File: filepath.Join(d, "sub", "app.go"), Line: 7, Column: 2}, "route %s is declared twice", "/x")
		return nil, fmt.Errorf("context: %w", pe)
	})
	code, _, stderr := cli(t, dir)
	if want := filepath.Join("sub", "app.go") + ":7:2: route /x is declared twice\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
}

// TestBuildErrorShowsCompilerOutput: go build's output (its own positions)
// is printed as go build prints it, under one chalicegen line.
func TestBuildErrorShowsCompilerOutput(t *testing.T) {
	dir := t.TempDir()
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		return nil, &packaging.BuildError{Dir: filepath.Join(d, "app"), Output: "# example.com/app\n./main.go:3:4: undefined: y\n", Err: errors.New("exit status 1")}
	})
	code, _, stderr := cli(t, dir)
	if want := "chalicegen: building app for Lambda failed:\n# example.com/app\n./main.go:3:4: undefined: y\n"; code != 1 || stderr != want {
		t.Errorf("exit %d, stderr %q, want %q", code, stderr, want)
	}
}

func TestPanicIsInternalError(t *testing.T) {
	fakeAnalyzer(t, func(d, name string) (*model.App, error) { panic("boom") })
	var out, errb bytes.Buffer
	code := run([]string{"--project-dir", t.TempDir()}, strings.NewReader(""), &out, &errb)
	if code != exitInternal {
		t.Errorf("exit %d, want %d", code, exitInternal)
	}
	if s := errb.String(); !strings.HasPrefix(s, "chalicegen: internal error: boom\n") || strings.Contains(s, "goroutine") {
		t.Errorf("stderr = %q", s)
	}
}

// TestGenerateCheck: --check writes nothing, passes on a fresh file and
// exits 1 with a diff on a stale or missing one.
func TestGenerateCheck(t *testing.T) {
	dir := t.TempDir()
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		app := testModel(t)
		app.Dir = d
		return app, nil
	})
	path := filepath.Join(dir, gen.FileName)
	code, stdout, stderr := cli(t, dir, "generate", "--check")
	if _, err := os.Stat(path); code != 1 || !os.IsNotExist(err) || !strings.Contains(stderr, gen.FileName+" does not exist") {
		t.Fatalf("missing file: exit %d, stat %v, stdout %q, stderr %q", code, err, stdout, stderr)
	}
	if code, _, stderr := cli(t, dir, "generate"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	if code, stdout, stderr := cli(t, dir, "generate", "--check"); code != 0 || stdout != "" || stderr != "" {
		t.Fatalf("fresh file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	fresh, _ := os.ReadFile(path)
	stale := strings.Replace(string(fresh), "func chaliceApp", "func staleChaliceApp", 1)
	if err := os.WriteFile(path, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr = cli(t, dir, "generate", "--check")
	if code != 1 || !strings.Contains(stdout, "--- chalice_gen.go (on disk)\n+++ chalice_gen.go (generated)\n@@ ") ||
		!strings.Contains(stdout, "\n-func staleChaliceApp") || !strings.Contains(stdout, "\n+func chaliceApp") ||
		!strings.Contains(stderr, "chalicegen: "+gen.FileName+" is stale: run chalicegen generate") {
		t.Errorf("stale file: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if b, _ := os.ReadFile(path); string(b) != stale {
		t.Error("--check rewrote the file")
	}
}

// TestGenerateCheckExample runs --check on a committed example, analyzed
// for real.
func TestGenerateCheckExample(t *testing.T) {
	dir, err := filepath.Abs("../../examples/hello")
	if err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := cli(t, dir, "--project-dir", dir, "generate", "--check"); code != 0 {
		t.Errorf("examples/hello: exit %d\n%s\n%s", code, stdout, stderr)
	}
}
