package scaffold

import (
	"bufio"
	"bytes"
	"errors"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/chalice-go/chalice/analyzer/directive"
	"github.com/chalice-go/chalice/config"
)

func TestList(t *testing.T) {
	l := List()
	if len(l) != 3 || l[0].Name != Default {
		t.Fatalf("List() = %v, want the default %q first of 3", l, Default)
	}
	for _, tmpl := range l {
		if tmpl.Description == "" {
			t.Errorf("%s has no description", tmpl.Name)
		}
	}
}

func TestRender(t *testing.T) {
	wantDirectives := map[string][]string{
		"rest-api":  {"route"},
		"events":    {"schedule", "on_sqs_message"},
		"websocket": {"app", "on_ws_connect", "on_ws_message", "on_ws_disconnect"},
	}
	for _, tmpl := range List() {
		t.Run(tmpl.Name, func(t *testing.T) {
			dest := filepath.Join(t.TempDir(), "work", "my-app")
			chalice := filepath.Join(t.TempDir(), "chalice checkout")
			if err := Render(tmpl.Name, dest, Data{AppName: "my-app", ChaliceDir: chalice}); err != nil {
				t.Fatal(err)
			}
			var got []string
			err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					rel, _ := filepath.Rel(dest, p)
					got = append(got, filepath.ToSlash(rel))
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			want := []string{".chalice/config.json", ".gitignore", "README.md", "app.go", "app_test.go", "go.mod"}
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("files = %v, want %v", got, want)
			}
			fi, err := os.Stat(dest)
			if err != nil || fi.Mode().Perm() != 0o755 {
				t.Errorf("project directory mode = %v, %v; want 0755", fi.Mode(), err)
			}
			entries, _ := os.ReadDir(filepath.Dir(dest))
			if len(entries) != 1 {
				t.Errorf("parent holds %v, want only the project (no temporary directory)", entries)
			}

			cfg, err := config.Load(dest)
			if err != nil {
				t.Fatal(err)
			}
			if cfg.AppName != "my-app" || cfg.Version != "2.0" || len(cfg.Warnings) != 0 {
				t.Errorf("config = %+v", cfg)
			}
			st, err := cfg.Stage("dev")
			if err != nil || st.APIGatewayStage != "api" {
				t.Errorf("dev stage = %+v, %v", st, err)
			}

			gomod := read(t, dest, "go.mod")
			for _, line := range []string{
				"module my-app\n",
				"\ngo 1.26.0\n",
				"\nrequire github.com/chalice-go/chalice v0.0.0\n",
				"\nreplace github.com/chalice-go/chalice => \"" + filepath.ToSlash(chalice) + "\"\n",
			} {
				if !strings.Contains(gomod, line) {
					t.Errorf("go.mod lacks %q:\n%s", line, gomod)
				}
			}
			mf, err := modfile.Parse("go.mod", []byte(gomod), nil)
			if err != nil {
				t.Fatalf("go.mod: %v", err)
			}
			var tools []string
			for _, tl := range mf.Tool {
				tools = append(tools, tl.Path)
			}
			if want := "github.com/chalice-go/chalice/cmd/chalicegen github.com/chalice-go/chalice/cmd/chalicevet"; strings.Join(tools, " ") != want {
				t.Errorf("go.mod tools = %v, want %s", tools, want)
			}

			var names []string
			for _, file := range []string{"app.go", "app_test.go"} {
				src := read(t, dest, file)
				if formatted, err := format.Source([]byte(src)); err != nil || !bytes.Equal(formatted, []byte(src)) {
					t.Errorf("%s is not gofmt-clean (err %v)", file, err)
				}
				f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.ParseComments)
				if err != nil {
					t.Fatalf("%s: %v", file, err)
				}
				if f.Name.Name != "main" {
					t.Errorf("%s: package %s, want main", file, f.Name.Name)
				}
				sc := bufio.NewScanner(strings.NewReader(src))
				for sc.Scan() {
					line := sc.Text()
					if !directive.IsDirective(line) {
						continue
					}
					d, err := directive.Parse(line)
					if err != nil {
						t.Errorf("%s: %q: %v", file, line, err)
						continue
					}
					names = append(names, d.Name)
				}
			}
			if strings.Join(names, " ") != strings.Join(wantDirectives[tmpl.Name], " ") {
				t.Errorf("directives = %v, want %v", names, wantDirectives[tmpl.Name])
			}
			app := read(t, dest, "app.go")
			if !strings.Contains(app, "\n//go:generate go tool chalicegen\n") {
				t.Errorf("app.go has no //go:generate go tool chalicegen line")
			}
			if tmpl.Name == "rest-api" && !strings.Contains(app, `return map[string]string{"hello": "world"}`) {
				t.Errorf("app.go is not the hello world app:\n%s", app)
			}
			if tmpl.Name == "websocket" && !strings.Contains(app, "//chalice:app experimental=WEBSOCKETS\npackage main") {
				t.Errorf("app.go does not enable WEBSOCKETS on the package clause:\n%s", app)
			}
			if test := read(t, dest, "app_test.go"); !strings.Contains(test, "chalicetest.New(chaliceApp())") {
				t.Errorf("app_test.go does not use chalicetest.New(chaliceApp())")
			}
		})
	}
}

func read(t *testing.T, dir, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestRenderNoReplace(t *testing.T) {
	files, err := Files("rest-api", Data{AppName: "hello", ChaliceVersion: "v1.2.3"})
	if err != nil {
		t.Fatal(err)
	}
	want := "module hello\n\ngo 1.26.0\n\nrequire github.com/chalice-go/chalice v1.2.3\n\n" +
		"// go tool chalicegen and go tool chalicevet run these, built at the version\n" +
		"// required above: //go:generate uses the first.\n" +
		"tool (\n\tgithub.com/chalice-go/chalice/cmd/chalicegen\n\tgithub.com/chalice-go/chalice/cmd/chalicevet\n)\n"
	if got := string(files["go.mod"]); got != want {
		t.Errorf("go.mod = %q, want %q", got, want)
	}
}

func TestRenderRefuses(t *testing.T) {
	dir := t.TempDir()
	existing := filepath.Join(dir, "taken")
	if err := os.Mkdir(existing, 0o755); err != nil {
		t.Fatal(err)
	}
	err := Render("rest-api", existing, Data{AppName: "taken"})
	if !errors.Is(err, ErrExists) || !strings.Contains(err.Error(), existing) {
		t.Errorf("Render over a directory = %v, want ErrExists naming it", err)
	}
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Render("rest-api", file, Data{AppName: "file"}); !errors.Is(err, ErrExists) {
		t.Errorf("Render over a file = %v, want ErrExists", err)
	}
	if err := Render("nope", filepath.Join(dir, "x"), Data{AppName: "x"}); err == nil ||
		err.Error() != `unknown template "nope" (available: rest-api, events, websocket)` {
		t.Errorf("unknown template: %v", err)
	}
	for _, bad := range []string{"", "my app", "-flag", ".hidden", "a/b", strings.Repeat("a", 65)} {
		if err := Render("rest-api", filepath.Join(dir, "bad"), Data{AppName: bad}); err == nil {
			t.Errorf("app name %q accepted", bad)
		}
	}
	if err := Render("rest-api", filepath.Join(dir, "rel"), Data{AppName: "rel", ChaliceDir: "relative/path"}); err == nil {
		t.Errorf("relative ChaliceDir accepted")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("failed renders left files behind: %v", entries)
	}
}
