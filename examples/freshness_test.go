// Package examples holds the spec's tutorials as Go apps; this test keeps
// their committed chalice_gen.go files in step with the generator.
package examples

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/gen"
)

func TestGeneratedFilesAreCurrent(t *testing.T) {
	dirs, err := filepath.Glob("*/chalice_gen.go")
	nested, _ := filepath.Glob("*/*/chalice_gen.go")
	dirs = append(dirs, nested...)
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) < 20 {
		t.Fatalf("found only %d generated examples", len(dirs))
	}
	for _, f := range dirs {
		dir, _ := filepath.Abs(filepath.Dir(f))
		t.Run(filepath.ToSlash(filepath.Dir(f)), func(t *testing.T) {
			name := filepath.Base(dir)
			if cfg, err := config.Load(dir); err == nil {
				name = cfg.AppName
			}
			app, err := analyzer.Load(dir, analyzer.Config{AppName: name})
			if err != nil {
				t.Fatalf("analyze: %v", err)
			}
			want, err := gen.Generate(app)
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			got, err := os.ReadFile(filepath.Join(dir, gen.FileName))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s is stale: run `go generate ./examples/...`", f)
			}
		})
	}
}
