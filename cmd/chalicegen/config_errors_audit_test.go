package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/model"
)

// TestConfigErrorsAudit (audit, issue 4): bad JSON, wrong types and an
// invalid stage name give one clear error and exit 1 from every command that
// reads .chalice/config.json, never a panic or a stack trace, and the app
// is not analyzed.
func TestConfigErrorsAudit(t *testing.T) {
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		t.Errorf("analyzer ran despite a bad config")
		return &model.App{Name: name, PkgName: "main", Dir: d}, nil
	})
	cases := []struct {
		name, config string
		stage        string
		want         []string // lines of stderr, in order (substrings)
	}{
		{"bad JSON", `{"version": "2.0", "app_name": "a",}`, "",
			[]string{".chalice/config.json:1:36: invalid JSON"}},
		{"wrong types", `{"version": "2.0", "app_name": "a", "lambda_timeout": "30",
 "stages": {"dev": {"environment_variables": {"PORT": 8080}}}}`, "",
			[]string{".chalice/config.json:1:55: lambda_timeout: expected integer, got string",
				".chalice/config.json:2:55: stages.dev.environment_variables.PORT: expected string, got number 8080"}},
		{"invalid stage name", `{"version": "2.0", "app_name": "a", "stages": {"dev": {}, "beta": {}}}`, "../prod",
			[]string{`invalid stage name "../prod"`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".chalice", "config.json"), []byte(c.config), 0o644); err != nil {
				t.Fatal(err)
			}
			var cmds [][]string
			if c.stage == "" {
				cmds = append(cmds, []string{}, []string{"generate"})
			}
			for _, cmd := range []string{"local", "gen-policy", "policy", "package"} {
				args := []string{cmd}
				if c.stage != "" {
					args = append(args, "--stage", c.stage)
				}
				if cmd == "package" {
					args = append(args, filepath.Join(t.TempDir(), "out"))
				}
				cmds = append(cmds, args)
			}
			for _, args := range cmds {
				code, stdout, stderr := cli(t, dir, args...)
				what := "chalicegen " + strings.Join(args, " ")
				if code != exitFailure {
					t.Errorf("%s: exit %d, want %d\nstderr:\n%s", what, code, exitFailure, stderr)
				}
				lines := strings.Split(strings.TrimRight(stderr, "\n"), "\n")
				if len(lines) != len(c.want) {
					t.Errorf("%s: %d stderr lines, want %d:\n%s", what, len(lines), len(c.want), stderr)
					continue
				}
				for i, w := range c.want {
					if !strings.Contains(lines[i], w) {
						t.Errorf("%s: stderr line %d = %q, want it to contain %q", what, i+1, lines[i], w)
					}
				}
				if strings.Contains(stderr, "goroutine ") || strings.Contains(stderr, "panic") || strings.Contains(stdout, "Serving on") {
					t.Errorf("%s: stack trace or server start:\nstdout:\n%s\nstderr:\n%s", what, stdout, stderr)
				}
			}
		})
	}
}

// TestConfigWarningsPrinted: every command that reads .chalice/config.json
// prints its warnings (an unknown key with a did-you-mean, a key without
// effect) once, and takes an undeclared stage with the top-level values,
// saying so, before going on to analyze the app.
func TestConfigWarningsPrinted(t *testing.T) {
	fakeAnalyzer(t, func(d, name string) (*model.App, error) {
		return nil, errors.New("analyzer reached")
	})
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := `{"version": "2.0", "app_name": "a", "lamda_timeout": 30,
 "automatic_layer": true, "stages": {"dev": {}}}`
	if err := os.WriteFile(filepath.Join(dir, ".chalice", "config.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	warnings := []string{
		`chalicegen: warning: .chalice/config.json:1:37: lamda_timeout: unknown key, ignored (did you mean "lambda_timeout"?)`,
		`chalicegen: warning: .chalice/config.json:2:21: automatic_layer: has no effect: a Go app is one static binary`,
	}
	note := `chalicegen: note: stage "prod" is not declared in .chalice/config.json; it takes the top-level values`
	out := t.TempDir()
	for _, args := range [][]string{
		{}, {"generate"},
		{"local", "--stage", "prod", "--port", "0", "--no-autoreload"},
		{"gen-policy", "--stage", "prod"},
		{"package", "--stage", "prod", filepath.Join(out, "pkg")},
		{"deploy", "--stage", "prod"},
		{"generate-models", "--stage", "prod"},
		{"generate-sdk", "--stage", "prod", filepath.Join(out, "sdk")},
	} {
		what := "chalicegen " + strings.Join(args, " ")
		code, _, stderr := cli(t, dir, args...)
		if code != exitFailure || !strings.Contains(stderr, "analyzer reached") {
			t.Errorf("%s: exit %d, want 1 from the analyzer:\n%s", what, code, stderr)
		}
		want := warnings
		if len(args) > 1 {
			want = append(want, note)
		}
		for _, w := range want {
			if n := strings.Count(stderr, w); n != 1 {
				t.Errorf("%s: stderr has %q %d times, want once:\n%s", what, w, n, stderr)
			}
		}
	}
}
