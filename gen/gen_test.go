package gen_test

import (
	"bytes"
	"encoding/json"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/gen"
	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/golden"
	"github.com/chalice-go/chalice/model"
)

const casesDir = "../testdata/gen"

// cases returns the golden case directories: every testdata/gen/<case>
// holding a model.json.
func cases(t *testing.T) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(casesDir, "*", "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) == 0 {
		t.Fatal("no golden cases found")
	}
	for i, d := range dirs {
		dirs[i] = filepath.Dir(d)
	}
	return dirs
}

func loadModel(t *testing.T, dir string) *model.App {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var app model.App
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields() // a renamed model field must not silently empty a case
	if err := dec.Decode(&app); err != nil {
		t.Fatalf("%s/model.json: %v", dir, err)
	}
	return &app
}

func TestGolden(t *testing.T) {
	for _, dir := range cases(t) {
		t.Run(filepath.Base(dir), func(t *testing.T) {
			app := loadModel(t, dir)
			got, err := gen.Generate(app)
			if err != nil {
				t.Fatal(err)
			}
			again, err := gen.Generate(loadModel(t, dir))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, again) {
				t.Error("two runs over the same model gave different output")
			}
			if !bytes.HasPrefix(got, []byte("// "+gen.Header+"\n")) {
				t.Errorf("output does not start with the generated-code header")
			}
			if f, err := format.Source(got); err != nil || !bytes.Equal(f, got) {
				t.Errorf("output is not gofmt-clean (err=%v)", err)
			}
			golden.Check(t, filepath.Join(dir, "chalice_gen.go.golden"), got)
		})
	}
}

// TestCompile builds each case that ships the handlers' source (src/) as a
// module together with its generated file: the output must type-check
// against the real runtime API and the handlers the model describes, and
// the case's own tests (src/*_test.go) must pass against it.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds modules; skipped with -short")
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range cases(t) {
		src := filepath.Join(dir, "src")
		if _, err := os.Stat(src); err != nil {
			continue
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			app := loadModel(t, dir)
			out, err := gen.Generate(app)
			if err != nil {
				t.Fatal(err)
			}
			mod := gentest.NewModule(t, root, app.PkgPath, src)
			if err := os.WriteFile(filepath.Join(mod, gen.FileName), out, 0o644); err != nil {
				t.Fatal(err)
			}
			// vet type-checks everything; test runs the cases' app_test.go,
			// which send requests through the generated wrappers.
			for _, args := range [][]string{{"vet", "./..."}, {"test", "-count=1", "./..."}} {
				cmd := exec.Command("go", args...)
				cmd.Dir = mod
				cmd.Env = gentest.Env()
				if b, err := cmd.CombinedOutput(); err != nil {
					t.Fatalf("go %s in generated module: %v\n%s", strings.Join(args, " "), err, b)
				}
			}
		})
	}
}

func TestGenerateErrors(t *testing.T) {
	str := model.Type{Expr: "string", Kind: model.String}
	route := func(path string, params []model.Param) *model.Route {
		return &model.Route{
			Func: model.Func{Name: "h"}, Name: "h", Path: path, Methods: []string{"GET"},
			Signature: model.Signature{Params: params, Result: model.ResultError},
			Pos:       model.Pos{File: "app.go", Line: 7, Column: 1},
		}
	}
	tests := []struct {
		name string
		app  *model.App
		want string
	}{
		{"capture index", &model.App{Routes: []*model.Route{
			route("/a/{x}", []model.Param{{Name: "x", Kind: model.ParamCapture, Type: str, CaptureIndex: 1}}),
		}}, "app.go:7:1: chalice: route h: parameter x: capture index 1 out of range"},
		{"unknown qualifier", &model.App{Routes: []*model.Route{
			route("/", []model.Param{{Name: "b", Kind: model.ParamBody, Type: model.Type{Expr: "nope.T"}}}),
		}}, `no import path for package "nope"`},
		{"bad kind", &model.App{Routes: []*model.Route{
			route("/a/{x}", []model.Param{{Name: "x", Kind: model.ParamCapture, Type: model.Type{Expr: "complex128", Kind: "complex128"}}}),
		}}, `unsupported capture kind "complex128"`},
		{"event param", &model.App{Routes: []*model.Route{
			route("/", []model.Param{{Name: "e", Kind: model.ParamEvent, Type: str}}),
		}}, "not allowed in a route handler"},
		{"missing authorizer", &model.App{Routes: []*model.Route{func() *model.Route {
			r := route("/", nil)
			r.Authorizer = &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "gone"}
			return r
		}()}}, `no built-in authorizer named "gone"`},
		{"bad type syntax", &model.App{Routes: []*model.Route{
			route("/", []model.Param{{Name: "b", Kind: model.ParamBody, Type: model.Type{Expr: "map[string"}}}),
		}}, `type "map[string"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := gen.Generate(tt.app)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Generate error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

// TestNoRoutes checks an app with nothing but event handlers still gives a
// compilable table (events are registered by a later change).
func TestNoRoutes(t *testing.T) {
	out, err := gen.Generate(&model.App{Name: "quiet", PkgName: "main"})
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, absent := range []string{"strconv", "context", "AssertComment", "Routes:"} {
		if strings.Contains(s, absent) {
			t.Errorf("output mentions %q:\n%s", absent, s)
		}
	}
	if !strings.Contains(s, "runtime.Start(chaliceApp())") {
		t.Errorf("output lacks main:\n%s", s)
	}
}

// TestBinaryTypes checks the App literal leaves BinaryTypes out when the
// app keeps API Gateway's defaults (nil means them at run time) and lists
// them all when the app adds some.
func TestBinaryTypes(t *testing.T) {
	for _, c := range []struct {
		types []string
		want  string // "" when the field is left out
	}{
		{nil, ""},
		{append([]string(nil), model.DefaultBinaryTypes...), ""},
		{append(append([]string(nil), model.DefaultBinaryTypes...), "application/x-custom"), `"video/webm",
			"application/x-custom",
		},`},
	} {
		out, err := gen.Generate(&model.App{Name: "bin", PkgName: "main", BinaryTypes: c.types})
		if err != nil {
			t.Fatal(err)
		}
		s := string(out)
		if has := strings.Contains(s, "BinaryTypes:"); has != (c.want != "") || !strings.Contains(s, c.want) {
			t.Errorf("BinaryTypes %q: output\n%s", c.types, s)
		}
	}
}
