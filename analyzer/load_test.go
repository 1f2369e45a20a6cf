package analyzer_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/analyzer"
)

// With Tests, a directive in a _test.go file is reported, while a test's
// use of what the generated file declares is not.
func TestLoadTests(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join(goldenRoot, "special", "withtests"))
	app, err := analyzer.Load(dir, analyzer.Config{})
	if err != nil {
		t.Fatalf("Load without tests: %v", err)
	}
	if app.Name != "withtests" || len(app.Routes) != 1 {
		t.Errorf("Load without tests: name %q, %d routes", app.Name, len(app.Routes))
	}
	_, err = analyzer.Load(dir, analyzer.Config{Tests: true})
	var errs analyzer.Errors
	if !errors.As(err, &errs) {
		t.Fatalf("Load with tests: %v, want analyzer.Errors", err)
	}
	got := errs.RelativeTo(dir).Error()
	want := "app_test.go:7:1: chalice: directives in _test.go files are not part of the app: move //chalice: annotations to a non-test file"
	if got != want {
		t.Errorf("Load with tests:\n%s\nwant:\n%s", got, want)
	}
}

func TestLoadNoPackage(t *testing.T) {
	_, err := analyzer.Load(t.TempDir(), analyzer.Config{})
	if err == nil {
		t.Fatal("Load of an empty directory succeeded")
	}
}

func TestLoadDefaultsName(t *testing.T) {
	dir, _ := filepath.Abs(filepath.Join(goldenRoot, "good", "stalegen"))
	app, err := analyzer.Load(dir, analyzer.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if app.Name != "stalegen" || !app.HasMain || app.Dir != dir || !strings.HasSuffix(app.PkgPath, "/stalegen") {
		t.Errorf("app = %q HasMain=%v Dir=%q PkgPath=%q", app.Name, app.HasMain, app.Dir, app.PkgPath)
	}
}
