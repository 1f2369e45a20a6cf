// Package clienttest loads the apps the API description and client tests
// render: the typed test app (testdata/clients/typed) and the spec's
// sdktest (examples/sdk).
package clienttest

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/model"
)

// Root is the repository root, absolute.
func Root() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Apps are the golden cases by name: their directories, absolute.
func Apps() map[string]string {
	return map[string]string{
		"typed": filepath.Join(Root(), "testdata", "clients", "typed"),
		"sdk":   filepath.Join(Root(), "examples", "sdk"),
	}
}

// GoldenDir is where the goldens of app name live.
func GoldenDir(name string) string {
	return filepath.Join(Root(), "testdata", "clients", "golden", name)
}

// Load analyzes the app in dir under its configured app name.
func Load(t testing.TB, dir string) *model.App {
	t.Helper()
	cfg, err := config.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	app, err := analyzer.Load(dir, analyzer.Config{AppName: cfg.AppName})
	if err != nil {
		t.Fatal(err)
	}
	return app
}
