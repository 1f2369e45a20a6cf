package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

// gen-policy --check compares .chalice/policy-<stage>.json with what the
// code needs: missing file, up to date, actions added and removed.
func TestGenPolicyCheck(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the AWS SDK; skipped with -short")
	}
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	root := repoRoot(t)
	dir := gentest.NewModule(t, root, "example.com/checkapp", filepath.Join(root, "examples", "s3objects"))
	os.Remove(filepath.Join(dir, "app_test.go"))
	file := filepath.Join(dir, ".chalice", "policy-dev.json")

	code, _, stderr := cli(t, dir, "--project-dir", dir, "gen-policy", "--check")
	if code != 1 || !strings.Contains(stderr, "policy-dev.json does not exist") {
		t.Fatalf("no file: exit %d: %s", code, stderr)
	}
	code, current, stderr := cli(t, dir, "--project-dir", dir, "gen-policy")
	if code != 0 {
		t.Fatalf("gen-policy: exit %d: %s", code, stderr)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, []byte(current), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, stderr := cli(t, dir, "--project-dir", dir, "gen-policy", "--check"); code != 0 || !strings.Contains(stdout, "up to date") {
		t.Fatalf("up to date: exit %d: %s%s", code, stdout, stderr)
	}
	// The file lacks PutObject and grants an action the code no longer needs.
	stale := strings.Replace(current, `"s3:PutObject"`, `"sqs:SendMessage"`, 1)
	if err := os.WriteFile(file, []byte(stale), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cli(t, dir, "--project-dir", dir, "gen-policy", "--check")
	if code != 1 || !strings.Contains(stdout, "+ s3:PutObject\n") || !strings.Contains(stdout, "- sqs:SendMessage\n") ||
		!strings.Contains(stderr, "1 actions added, 1 removed") {
		t.Errorf("stale: exit %d\n%s%s", code, stdout, stderr)
	}
	// Only a resource changed.
	moved := strings.Replace(current, "chalice-go-objects", "elsewhere", 1)
	if err := os.WriteFile(file, []byte(moved), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, stdout, _ := cli(t, dir, "--project-dir", dir, "gen-policy", "--check"); code != 1 || !strings.Contains(stdout, "~ s3:GetObject (resources)") {
		t.Errorf("resources: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := cli(t, dir, "--project-dir", dir, "gen-policy", "--check", "--explain"); code == 0 {
		t.Errorf("--check --explain accepted: %s", stderr)
	}
}

// After a deploy that inferred the policy, the file is written; a policy
// file a function uses as its hand-written policy is never overwritten;
// --no-autogen-policy reads the file instead of inferring.
func TestDeployedPolicyFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".chalice", name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("config.json", `{"version": "2.0", "app_name": "p", "stages": {"dev": {}}}`)
	e := newEnv(strings.NewReader(""), &strings.Builder{}, &strings.Builder{})
	e.ProjectDir = dir
	sc, err := e.stageConfig("dev")
	if err != nil {
		t.Fatal(err)
	}
	inferred := &policy.Document{Version: policy.Version, Statement: []policy.Statement{policy.LogsStatement()}}
	p := &cliPolicies{dir: dir, stage: "dev", sc: sc, app: appNamed("p"), res: &policy.Result{App: inferred}}
	if err := e.writeDeployedPolicy(p); err != nil {
		t.Fatal(err)
	}
	got, err := policy.LoadPolicyFile(dir, "dev", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Statement) != 1 || got.Statement[0].Sid != "Logs" {
		t.Errorf("written: %+v", got)
	}
	doc, err := p.fileFor("")
	if err != nil || len(doc.Statement) != 1 {
		t.Errorf("fileFor: %v %+v", err, doc)
	}
	p.noAutogen = true
	if doc, err := p.Inferred(""); err != nil || doc.Statement[0].Sid != "Logs" {
		t.Errorf("--no-autogen-policy: %v %+v", err, doc)
	}

	// api_handler uses policy-dev.json as its own file: deploy leaves it.
	write("config.json", `{"version": "2.0", "app_name": "p", "stages": {"dev": {"autogen_policy": false}}}`)
	hand := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]}]}`
	write("policy-dev.json", hand)
	sc, err = e.stageConfig("dev")
	if err != nil {
		t.Fatal(err)
	}
	p = &cliPolicies{dir: dir, stage: "dev", sc: sc, app: appNamed("p"), res: &policy.Result{App: inferred}}
	if err := e.writeDeployedPolicy(p); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, ".chalice", "policy-dev.json")); string(b) != hand {
		t.Errorf("hand-written policy overwritten:\n%s", b)
	}
}

// appNamed is an app with one route, so api_handler is its one function.
func appNamed(name string) *model.App {
	return &model.App{Name: name, PkgName: "main", Routes: []*model.Route{{Path: "/", Methods: []string{"GET"}}}}
}
