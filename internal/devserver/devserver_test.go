package devserver

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRelevant(t *testing.T) {
	for path, want := range map[string]bool{
		"app/app.go":                true,
		"app/sub/pkg.go":            true,
		"app/go.mod":                true,
		"app/go.sum":                true,
		"app/.chalice/config.json":  true,
		"app/chalice_gen.go":        false,
		"app/app_test.go":           false,
		"app/.#app.go":              false,
		"app/.chalice_gen.go.1.tmp": false,
		"app/app.go~":               false,
		"app/.app.go.swp":           false,
		"app/config.json":           false,
		"app/README.md":             false,
	} {
		if got := relevant(path); got != want {
			t.Errorf("relevant(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestWatchDebounces: a burst of writes is one report naming the files;
// new directories are watched; ignored files report nothing.
func TestWatchDebounces(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, err := watch(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	write := func(rel string) {
		t.Helper()
		p := filepath.Join(dir, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("package main\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for range 5 {
		write("app.go")
		write("chalice_gen.go")
	}
	write("go.mod")
	select {
	case names := <-ch:
		slices.Sort(names)
		if !slices.Equal(names, []string{"app.go", "go.mod"}) {
			t.Errorf("reported %v", names)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no report")
	}
	select {
	case names := <-ch:
		t.Errorf("second report %v for one burst", names)
	case <-time.After(3 * debounce):
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * debounce) // the watcher adds the new directory
	write("sub/pkg.go")
	select {
	case names := <-ch:
		if !slices.Equal(names, []string{filepath.Join("sub", "pkg.go")}) {
			t.Errorf("reported %v", names)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no report for a file in a new directory")
	}
	write("app_test.go")
	select {
	case names := <-ch:
		t.Errorf("reported %v for a test file", names)
	case <-time.After(3 * debounce):
	}
}
