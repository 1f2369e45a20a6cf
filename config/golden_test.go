package config

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/config/*.golden")

const testdataDir = "../testdata/config"

// displayName is the name the tests give Parse, so messages read as they do
// for a project in the current directory.
var displayName = filepath.Join(Dir, FileName)

func TestMain(m *testing.M) {
	ChaliceVersion = "test"
	os.Exit(m.Run())
}

// TestGolden parses every testdata/config/*.json and compares a dump of the
// outcome (errors, or warnings plus every stage and function resolved, plus
// Check's findings) with the .golden file next to it.
func TestGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testdataDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no test files")
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := dump(t, data)
			goldenPath := strings.TrimSuffix(file, ".json") + ".golden"
			if *update {
				if err := os.WriteFile(goldenPath, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(goldenPath)
			if err != nil {
				t.Fatalf("%v (run go test ./config -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("dump differs from %s (run go test ./config -update and review the diff)\n--- got ---\n%s", goldenPath, got)
			}
		})
	}
}

func dump(t *testing.T, data []byte) string {
	t.Helper()
	f, err := Parse(displayName, data)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("Parse returned %T, want *Error", err)
		}
		return "error:\n" + indent(err.Error()) + "\n"
	}
	var b strings.Builder
	if len(f.Warnings) > 0 {
		b.WriteString("warnings:\n")
		for _, w := range f.Warnings {
			b.WriteString(indent(w.String()) + "\n")
		}
	}
	stages := f.StageNames()
	if _, ok := f.Stages[DefaultStage]; !ok {
		stages = append(stages, DefaultStage)
	}
	for _, name := range stages {
		s, err := f.Stage(name)
		if err != nil {
			t.Fatalf("Stage(%q): %v", name, err)
		}
		b.WriteString("stage " + name + ": " + toJSON(t, s) + "\n")
		fns := append([]string{"api_handler"}, s.ConfiguredFunctions()...)
		for _, fn := range dedupe(fns) {
			b.WriteString("  function " + fn + ": " + toJSON(t, s.Function(fn)) + "\n")
		}
		if err := s.Check(dedupe(fns)...); err != nil {
			b.WriteString("  check:\n" + indent(indent(err.Error())) + "\n")
		}
	}
	roundTrip(t, f, b.String())
	return b.String()
}

// roundTrip checks that Marshal's output parses back to the same
// configuration and that Marshal is stable.
func roundTrip(t *testing.T, f *File, resolved string) {
	t.Helper()
	out, err := f.Marshal()
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	g, err := Parse(displayName, out)
	if err != nil {
		t.Fatalf("Marshal output does not parse: %v\n%s", err, out)
	}
	out2, err := g.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != string(out2) {
		t.Errorf("Marshal is not stable:\n%s\n---\n%s", out, out2)
	}
	var b strings.Builder
	if len(g.Warnings) > 0 {
		// Warnings differ in position only; compare their count.
		if len(g.Warnings) > len(f.Warnings) {
			t.Errorf("round trip added warnings: %v", g.Warnings)
		}
	}
	stages := g.StageNames()
	if _, ok := g.Stages[DefaultStage]; !ok {
		stages = append(stages, DefaultStage)
	}
	for _, name := range stages {
		s, err := g.Stage(name)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString("stage " + name + ": " + toJSON(t, s) + "\n")
		fns := append([]string{"api_handler"}, s.ConfiguredFunctions()...)
		for _, fn := range dedupe(fns) {
			b.WriteString("  function " + fn + ": " + toJSON(t, s.Function(fn)) + "\n")
		}
		if err := s.Check(dedupe(fns)...); err != nil {
			b.WriteString("  check:\n" + indent(indent(err.Error())) + "\n")
		}
	}
	want := resolved
	if i := strings.Index(want, "stage "); i >= 0 {
		want = want[i:]
	}
	if b.String() != want {
		t.Errorf("round trip changed the configuration:\n%s\n--- was ---\n%s\n--- file ---\n%s", b.String(), want, out)
	}
}

func toJSON(t *testing.T, v any) string {
	t.Helper()
	out, err := json.MarshalIndent(v, "    ", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(s, "\n", "\n  ")
}

func dedupe(names []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out
}
