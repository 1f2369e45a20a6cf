package main

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/gen"
	"github.com/chalice-go/chalice/gen/gentest"
)

// The black-box tests drive the real binary the way users do: go generate,
// go build, edit, rebuild.

var (
	binOnce sync.Once
	binPath string
	binErr  string
)

// TestMain removes the binary chalicegenBinary built, if any.
func TestMain(m *testing.M) {
	code := m.Run()
	if binPath != "" {
		os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// chalicegenBinary builds chalicegen once per test run.
func chalicegenBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds binaries; skipped with -short")
	}
	binOnce.Do(func() {
		dir, err := os.MkdirTemp("", "chalicegen-bin-")
		if err != nil {
			binErr = err.Error()
			return
		}
		binPath = filepath.Join(dir, "chalicegen")
		cmd := exec.Command("go", "build", "-o", binPath, ".")
		if out, err := cmd.CombinedOutput(); err != nil {
			binErr = "building chalicegen: " + err.Error() + "\n" + string(out)
		}
	})
	if binErr != "" {
		t.Fatal(binErr)
	}
	return binPath
}

const e2eApp = `package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

//go:generate chalicegen

//chalice:route /
func index() map[string]any { return map[string]any{"hello": "world"} }

//chalice:route /users/{id}
func user(ctx context.Context, id int) (map[string]any, error) {
	if id < 0 {
		return nil, chalice.BadRequestError("negative id")
	}
	return map[string]any{"id": id}, nil
}
`

// newApp writes a module with e2eApp as app.go and returns its dir and the
// environment to run commands in it, chalicegen on PATH.
func newApp(t *testing.T, bin string) (string, []string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := gentest.NewModule(t, root, "example.com/hello", "")
	writeFile(t, filepath.Join(dir, "app.go"), e2eApp)
	env := gentest.Env("PATH=" + filepath.Dir(bin) + string(os.PathListSeparator) + os.Getenv("PATH"))
	return dir, env
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// runIn runs a command in dir and returns its exit status and output.
func runIn(t *testing.T, dir string, env []string, name string, args ...string) (int, string, string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = env
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if err != nil {
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("%s %v: %v", name, args, err)
		}
		code = ee.ExitCode()
	}
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, dir string, env []string, name string, args ...string) {
	t.Helper()
	if code, out, errs := runIn(t, dir, env, name, args...); code != 0 {
		t.Fatalf("%s %s: exit %d\n%s%s", name, strings.Join(args, " "), code, out, errs)
	}
}

func TestE2EGenerateBuildAndStaleSignature(t *testing.T) {
	bin := chalicegenBinary(t)
	dir, env := newApp(t, bin)

	mustRun(t, dir, env, "go", "generate", "./...")
	src, err := os.ReadFile(filepath.Join(dir, gen.FileName))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(src), "// "+gen.Header+"\n") {
		t.Fatalf("%s lacks the generated-code header", gen.FileName)
	}
	mustRun(t, dir, env, "go", "build", "./...")
	mustRun(t, dir, env, "go", "vet", "./...")

	// Change a handler's signature without regenerating: go build must fail
	// in chalice_gen.go, on an assertion line under the explanatory comment.
	writeFile(t, filepath.Join(dir, "app.go"), strings.Replace(e2eApp, "id int)", "id int64)", 1))
	code, _, errs := runIn(t, dir, env, "go", "build", "./...")
	if code == 0 {
		t.Fatal("go build succeeded with a stale chalice_gen.go")
	}
	m := regexp.MustCompile(`(?m)^\.?/?` + regexp.QuoteMeta(gen.FileName) + `:(\d+):\d+: `).FindStringSubmatch(errs)
	if m == nil {
		t.Fatalf("go build errors do not point at %s:\n%s", gen.FileName, errs)
	}
	line, _ := strconv.Atoi(m[1])
	if l := lineOf(t, filepath.Join(dir, gen.FileName), line); !strings.HasPrefix(l, "var _ func(") {
		t.Errorf("first error is on %q, want a signature assertion:\n%s", l, errs)
	}

	// Regenerating over the stale file repairs the build.
	mustRun(t, dir, env, bin)
	mustRun(t, dir, env, "go", "build", "./...")
}

func TestE2EBadAnnotation(t *testing.T) {
	bin := chalicegenBinary(t)
	dir, env := newApp(t, bin)
	bad := e2eApp + "\n//chalice:route /typo nmae=x\nfunc typo() string { return \"\" }\n"
	writeFile(t, filepath.Join(dir, "app.go"), bad)
	wantLine := strings.Count(bad[:strings.Index(bad, "//chalice:route /typo")], "\n") + 1

	code, stdout, stderr := runIn(t, dir, env, bin)
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	m := regexp.MustCompile(`^app\.go:(\d+):\d+: chalice: \S`).FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr does not start with app.go:L:C: chalice: ...:\n%s", stderr)
	}
	if m[1] != strconv.Itoa(wantLine) {
		t.Errorf("error on line %s, want %d:\n%s", m[1], wantLine, stderr)
	}
	for _, s := range []string{"goroutine ", "panic:", "internal error"} {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr contains %q:\n%s", s, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, gen.FileName)); err == nil {
		t.Errorf("%s written despite errors", gen.FileName)
	}
}

func lineOf(t *testing.T, path string, n int) string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for i := 1; sc.Scan(); i++ {
		if i == n {
			return strings.TrimSpace(sc.Text())
		}
	}
	return ""
}

// TestE2EGoldenApps runs chalicegen on the handler sources of the generator's
// golden cases (testdata/gen/<case>/src): the analyzer's model must give
// the very file gen's golden test expects from the hand-written model.json,
// which keeps the two halves of the model contract in step. The golden file
// is put in place first, as after an earlier run: regenerating must leave
// it untouched.
func TestE2EGoldenApps(t *testing.T) {
	bin := chalicegenBinary(t)
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := filepath.Glob("../../testdata/gen/*/src")
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no golden apps (%v)", err)
	}
	for _, src := range srcs {
		caseDir := filepath.Dir(src)
		t.Run(filepath.Base(caseDir), func(t *testing.T) {
			golden, err := os.ReadFile(filepath.Join(caseDir, "chalice_gen.go.golden"))
			if err != nil {
				t.Fatal(err)
			}
			var m struct{ PkgPath string }
			b, err := os.ReadFile(filepath.Join(caseDir, "model.json"))
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &m); err != nil {
				t.Fatal(err)
			}
			dir := gentest.NewModule(t, root, m.PkgPath, src)
			path := filepath.Join(dir, gen.FileName)
			writeFile(t, path, string(golden))
			old := time.Now().Add(-time.Hour).Truncate(time.Second)
			if err := os.Chtimes(path, old, old); err != nil {
				t.Fatal(err)
			}
			mustRun(t, dir, gentest.Env(), bin)
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(golden) {
				t.Fatalf("chalicegen output differs from %s:\n%s", filepath.Join(caseDir, "chalice_gen.go.golden"),
					cmp.Diff(strings.Split(string(golden), "\n"), strings.Split(string(got), "\n")))
			}
			if fi, err := os.Stat(path); err != nil || !fi.ModTime().Equal(old) {
				t.Errorf("an up-to-date %s was rewritten", gen.FileName)
			}
		})
	}
}
