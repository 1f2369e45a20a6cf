package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/gen/gentest"
)

// TestGoVetVettoolAudit (audit, issue 2): the analyzer works as
// `go vet -vettool=chalicevet`, reporting annotation errors as
// file:line:col: chalice: ... and failing the vet run; a clean app passes.
func TestGoVetVettoolAudit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chalicevet and runs go vet; skipped with -short")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tool := filepath.Join(t.TempDir(), "chalicevet")
	if out, err := exec.Command("go", "build", "-o", tool, ".").CombinedOutput(); err != nil {
		t.Fatalf("building chalicevet: %v\n%s", err, out)
	}
	vet := func(src string) (int, string) {
		t.Helper()
		dir := gentest.NewModule(t, root, "example.com/vetme", "")
		if err := os.WriteFile(filepath.Join(dir, "app.go"), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command("go", "vet", "-vettool="+tool, ".")
		cmd.Dir = dir
		cmd.Env = gentest.Env()
		out, err := cmd.CombinedOutput()
		if err == nil {
			return 0, string(out)
		}
		ee, ok := err.(*exec.ExitError)
		if !ok {
			t.Fatalf("go vet: %v\n%s", err, out)
		}
		return ee.ExitCode(), string(out)
	}

	code, out := vet(`package main

//chalice:route GET /users/
func a() string { return "" }

//chalice:route GET /x nmae=q
func b() string { return "" }

func main() {}
`)
	for _, want := range []string{
		`app.go:3:27: chalice: path "/users/" ends with /: remove the trailing slash`,
		`app.go:6:24: chalice: unknown option nmae for //chalice:route; did you mean name?`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("go vet output lacks %q:\n%s", want, out)
		}
	}
	if code == 0 {
		t.Errorf("go vet exit 0 on bad annotations:\n%s", out)
	}

	if code, out := vet(`package main

//chalice:route GET /users/{name}
func a(name string) string { return name }

func main() {}
`); code != 0 || strings.Contains(out, "chalice:") {
		t.Errorf("clean app: go vet exit %d:\n%s", code, out)
	}
}
