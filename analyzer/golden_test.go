package analyzer_test

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/model"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/analyzer")

const goldenRoot = "../testdata/analyzer"

func caseDirs(t *testing.T, kind string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join(goldenRoot, kind))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.IsDir() {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out
}

// TestBad loads each testdata/analyzer/bad/<case> and compares the errors,
// positions relative to the case directory, with its errors.golden.
func TestBad(t *testing.T) {
	cases := caseDirs(t, "bad")
	if len(cases) < 30 {
		t.Errorf("only %d bad cases; keep at least 30", len(cases))
	}
	for _, name := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, err := filepath.Abs(filepath.Join(goldenRoot, "bad", name))
			if err != nil {
				t.Fatal(err)
			}
			var warnings analyzer.Errors
			app, err := analyzer.Load(dir, analyzer.Config{Warn: func(e analyzer.Error) { warnings = append(warnings, e) }})
			if err == nil {
				t.Fatalf("Load succeeded with %d routes; want errors", len(app.Routes))
			}
			var errs analyzer.Errors
			if !errors.As(err, &errs) {
				t.Fatalf("Load error is %T, not analyzer.Errors: %v", err, err)
			}
			got := errs.RelativeTo(dir).Error() + "\n"
			if len(warnings) > 0 {
				got += "warnings:\n" + warnings.RelativeTo(dir).Error() + "\n"
			}
			golden := filepath.Join(dir, "errors.golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyzer -update)", err)
			}
			if d := cmp.Diff(string(want), got); d != "" {
				t.Errorf("errors differ from %s (-want +got):\n%s", golden, d)
			}
		})
	}
}

// TestGood loads each testdata/analyzer/good/<case> and compares the model
// with its model.golden.json.
func TestGood(t *testing.T) {
	for _, name := range caseDirs(t, "good") {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, err := filepath.Abs(filepath.Join(goldenRoot, "good", name))
			if err != nil {
				t.Fatal(err)
			}
			app, err := analyzer.Load(dir, analyzer.Config{AppName: "app-" + name})
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			relativize(app, dir)
			golden := filepath.Join(dir, "model.golden.json")
			if *update {
				b, err := json.MarshalIndent(app, "", "\t")
				if err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, append(b, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			b, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./analyzer -update)", err)
			}
			var want model.App
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			// Compare through JSON so that nil and empty agree as they do
			// in the golden file.
			var got model.App
			gb, _ := json.Marshal(app)
			if err := json.Unmarshal(gb, &got); err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(&want, &got); d != "" {
				t.Errorf("model differs from %s (-want +got):\n%s", golden, d)
			}
		})
	}
}

// relativize makes the model independent of where the checkout lives. It
// walks every model.Pos reachable from the app, so a new position field
// cannot leak the checkout's absolute path into a golden file.
func relativize(app *model.App, dir string) {
	app.Dir = "."
	posType := reflect.TypeFor[model.Pos]()
	var walk func(v reflect.Value)
	walk = func(v reflect.Value) {
		switch v.Kind() {
		case reflect.Pointer, reflect.Interface:
			if !v.IsNil() {
				walk(v.Elem())
			}
		case reflect.Slice, reflect.Array:
			for i := range v.Len() {
				walk(v.Index(i))
			}
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				walk(it.Value())
			}
		case reflect.Struct:
			if v.Type() == posType {
				if !v.CanSet() {
					return
				}
				p := v.Addr().Interface().(*model.Pos)
				if r, err := filepath.Rel(dir, p.File); err == nil && p.File != "" && !strings.HasPrefix(r, "..") {
					p.File = filepath.ToSlash(r)
				}
				return
			}
			for i := range v.NumField() {
				if v.Type().Field(i).IsExported() {
					walk(v.Field(i))
				}
			}
		}
	}
	walk(reflect.ValueOf(app))
}
