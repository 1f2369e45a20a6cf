package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/gen/gentest"
)

// The s3objects example stores objects in one constant bucket: the policy
// must name exactly GetObject and PutObject on that bucket's objects.
func TestGenPolicyExample(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the AWS SDK; skipped with -short")
	}
	dir, _ := filepath.Abs("../../examples/s3objects")
	for _, args := range [][]string{
		{"--project-dir", dir, "gen-policy"},
		{"--project-dir", dir, "policy", "--function", "api_handler"},
	} {
		code, stdout, stderr := cli(t, dir, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		var doc struct {
			Version   string
			Statement []struct {
				Effect   string
				Action   []string
				Resource []string
			}
		}
		if err := json.Unmarshal([]byte(stdout), &doc); err != nil {
			t.Fatalf("%v: not JSON: %v\n%s", args, err, stdout)
		}
		if doc.Version != "2012-10-17" || len(doc.Statement) != 2 {
			t.Fatalf("%v: policy = %s", args, stdout)
		}
		s := doc.Statement[0]
		if diff := cmp.Diff([]string{"s3:GetObject", "s3:PutObject"}, s.Action); diff != "" {
			t.Errorf("%v: actions: %s", args, diff)
		}
		if diff := cmp.Diff([]string{"arn:aws:s3:::chalice-go-objects/*"}, s.Resource); diff != "" {
			t.Errorf("%v: resources: %s", args, diff)
		}
		if logs := doc.Statement[1]; !strings.HasPrefix(logs.Action[0], "logs:") {
			t.Errorf("%v: second statement is not the logs one: %+v", args, logs)
		}
	}
	code, stdout, _ := cli(t, dir, "--project-dir", dir, "gen-policy", "--explain")
	if code != 0 || !strings.Contains(stdout, "(*s3.Client).PutObject") || !strings.Contains(stdout, "app.go:") {
		t.Errorf("explain: exit %d\n%s", code, stdout)
	}
	if code, _, stderr := cli(t, dir, "--project-dir", dir, "gen-policy", "--function", "nope"); code != 1 || !strings.Contains(stderr, `unknown function "nope"`) {
		t.Errorf("unknown function: exit %d: %s", code, stderr)
	}
}

// With autogen_policy false the stage's policy file is printed as is, and a
// missing file is an error naming it.
func TestGenPolicyFromFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "go.mod"), "module x\n\ngo 1.26\n")
	writeFile(t, filepath.Join(dir, "app.go"), "package main\n\n//chalice:route GET /\nfunc index() string { return \"x\" }\n")
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, ".chalice", "config.json"),
		`{"version": "2.0", "app_name": "x", "autogen_policy": false, "stages": {"dev": {}}}`)
	code, _, stderr := cli(t, dir, "--project-dir", dir, "gen-policy")
	if code != 1 || !strings.Contains(stderr, "policy-dev.json") {
		t.Fatalf("missing file: exit %d: %s", code, stderr)
	}
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets"], "Resource": ["*"]}]}`
	if err := os.WriteFile(filepath.Join(dir, ".chalice", "policy-dev.json"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := cli(t, dir, "--project-dir", dir, "gen-policy")
	if code != 0 || !strings.Contains(stdout, "s3:ListAllMyBuckets") {
		t.Fatalf("from file: exit %d: %s%s", code, stdout, stderr)
	}
}

// Websocket handlers without the opt-in: the positioned error, then the
// spec's experimental-features message.
func TestExperimentalMessage(t *testing.T) {
	dir, _ := filepath.Abs("../../testdata/analyzer/bad/websocket_flag")
	code, _, stderr := cli(t, dir, "--project-dir", dir)
	if code != 1 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"app.go:9:1: chalice: websocket handlers are experimental",
		"You are using experimental features without explicitly opting in.",
		"//chalice:app experimental=WEBSOCKETS",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// A polled event source needs read access through the function's role,
// though no call in the code shows it.
func TestGenPolicyEventSource(t *testing.T) {
	dir, _ := filepath.Abs("../../examples/events/sqs")
	code, stdout, stderr := cli(t, dir, "--project-dir", dir, "gen-policy")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{`"sqs:ReceiveMessage"`, `"sqs:DeleteMessage"`, `"arn:aws:sqs:*:*:orders"`, `"Sid": "EventSourceSQS"`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("policy lacks %s:\n%s", want, stdout)
		}
	}
}

// offlineModule is a throwaway module requiring this checkout, for tests
// that run the analyzer in-process (go list reads the environment).
func offlineModule(t *testing.T, app string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("loads packages with go list; skipped with -short")
	}
	for k, v := range map[string]string{"GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOSUMDB": "off", "GOWORK": "off", "GOTOOLCHAIN": "local"} {
		t.Setenv(k, v)
	}
	dir := gentest.NewModule(t, repoRoot(t), "example.com/app", "")
	writeFile(t, filepath.Join(dir, "app.go"), app)
	return dir
}

// gen-policy regenerates chalice_gen.go before inferring: after a handler
// is renamed, the stale file (which names the old one) must not stop it.
func TestGenPolicyAfterRename(t *testing.T) {
	const app = "package main\n\n//chalice:route GET /\nfunc index() map[string]string { return nil }\n"
	dir := offlineModule(t, app)
	if code, _, stderr := cli(t, dir, "generate"); code != 0 {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	writeFile(t, filepath.Join(dir, "app.go"), strings.Replace(app, "func index(", "func home(", 1))
	code, stdout, stderr := cli(t, dir, "gen-policy")
	if code != 0 || !strings.Contains(stdout, `"logs:CreateLogGroup"`) {
		t.Fatalf("gen-policy after the rename: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	src, err := os.ReadFile(filepath.Join(dir, "chalice_gen.go"))
	if err != nil || !strings.Contains(string(src), "home(") || strings.Contains(string(src), "index(") {
		t.Errorf("chalice_gen.go was not regenerated for home: %v\n%s", err, src)
	}
}

// A directive written with a space after the slashes does nothing: bare
// chalicegen (what go generate runs) warns, with the fix, and goes on.
func TestGenerateWarnsSpacedDirective(t *testing.T) {
	dir := offlineModule(t, "package main\n\n// chalice:route GET /spaced\nfunc spaced() string { return \"\" }\n\n//chalice:route GET /\nfunc index() string { return \"\" }\n")
	code, _, stderr := cli(t, dir)
	want := "chalicegen: warning: app.go:3:1: chalice: this comment does nothing: with a space after //, Go reads it as prose; write //chalice:route to make it a directive\n"
	if code != 0 || stderr != want {
		t.Errorf("chalicegen: exit %d, stderr:\n%s\nwant exit 0 and:\n%s", code, stderr, want)
	}
}
