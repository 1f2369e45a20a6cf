package plan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/internal/golden"
	"github.com/chalice-go/chalice/policy"
)

const deployCases = "../../testdata/deploy"

// namedPolicies stands in for policy inference: the policy stage has its
// own goldens, so a plan golden records only which document a role gets.
type namedPolicies struct{}

func (namedPolicies) Inferred(fn string) (*policy.Document, error) {
	if fn == "" {
		fn = "app"
	}
	return &policy.Document{Version: policy.Version, Statement: []policy.Statement{{Sid: "inferred:" + fn, Effect: "Allow"}}}, nil
}

func (namedPolicies) File(f string) (*policy.Document, error) {
	return &policy.Document{Version: policy.Version, Statement: []policy.Statement{{Sid: "file:" + f, Effect: "Allow"}}}, nil
}

// TestGolden analyzes every testdata/deploy/<case> app of this module (a
// directory with .chalice/config.json and no go.mod of its own), plans its
// dev stage and compares the plan with the case's plan.json; go test
// ./deploy/plan -update rewrites them (internal/golden).
func TestGolden(t *testing.T) {
	entries, err := os.ReadDir(deployCases)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, ent := range entries {
		dir := filepath.Join(deployCases, ent.Name())
		if !ent.IsDir() || !exists(filepath.Join(dir, ".chalice", "config.json")) || exists(filepath.Join(dir, "go.mod")) {
			continue
		}
		n++
		t.Run(ent.Name(), func(t *testing.T) {
			f, err := config.Load(dir)
			if err != nil {
				t.Fatal(err)
			}
			sc, err := f.Stage("dev")
			if err != nil {
				t.Fatal(err)
			}
			app, err := analyzer.Load(dir, analyzer.Config{AppName: sc.AppName})
			if err != nil {
				t.Fatal(err)
			}
			p, err := Build(Inputs{App: app, Stage: sc, Policies: namedPolicies{},
				ReadFile: func(name string) ([]byte, error) { return os.ReadFile(filepath.Join(dir, name)) }})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(p, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden.Check(t, filepath.Join(dir, "plan.json"), got)
		})
	}
	if n == 0 {
		t.Fatal("no plan golden cases found")
	}
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
