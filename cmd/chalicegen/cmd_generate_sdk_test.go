package main

import (
	"bytes"
	"encoding/json"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/npmtest"
)

// runCLI runs the chalicegen binary and returns stdout, stderr and the
// exit status.
func runCLI(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(chalicegenBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = gentest.Env()
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// TestGenerateSDKInBrowser: chalicegen local serves the spec's sdktest app
// (examples/sdk); a page on another origin loads the apigClient.js that
// generate-sdk wrote and calls the spec's four methods, an error route
// and an API-key route; headless Chromium (Debian's, through
// playwright-core) runs it and the test reads the page's results.
func TestGenerateSDKInBrowser(t *testing.T) {
	chromium := "/usr/bin/chromium"
	if _, err := os.Stat(chromium); err != nil {
		npmtest.Missing(t)("%s is missing (apt-get install chromium): %v", chromium, err)
	}
	npm := npmtest.Install(t)
	dir := gentest.NewModule(t, repoRoot(t), "example.com/sdk", filepath.Join(repoRoot(t), "examples", "sdk"))
	local := startLocal(t, dir)

	// The page's origin: another port, so every call is cross-origin.
	page := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "generate-sdk", "--endpoint", "http://"+local.addr, page); code != 0 {
		t.Fatalf("generate-sdk: exit %d\n%s", code, stderr)
	}
	html, err := os.ReadFile(filepath.Join(npm, "page", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(page, "index.html"), html, 0o644); err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.FileServer(http.Dir(page))}
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })

	cmd := exec.Command("node", "browser.mjs", "http://"+l.Addr().String()+"/index.html")
	cmd.Dir = npm
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err = cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == 3 {
		npmtest.Missing(t)("headless chromium did not start: %s", stderr.String())
	}
	if err != nil {
		t.Fatalf("browser: %v\nstdout:\n%s\nstderr:\n%s", err, stdout.String(), stderr.String())
	}
	var got struct {
		Results map[string]any
		Shown   map[string]string
		Logs    []string
	}
	if err := json.Unmarshal(stdout.Bytes(), &got); err != nil {
		t.Fatalf("browser output: %v\n%s", err, stdout.String())
	}
	want := map[string]string{
		"root-get":         `{"hello":"world"}`,
		"foo-get":          `{"foo":true}`,
		"helloname-get":    `{"hello":"jimmy"}`,
		"users-userid-put": `{"status":200,"data":{"msg":"fake updated user","userId":"123"}}`,
		"teapot-error":     `{"error":"ApiError","status":404,"Code":"NotFoundError","Message":"no teapot number 7"}`,
		// API Gateway's own 403 carries CORS headers in an app with CORS
		// routes (apirules.GatewayCORS), so the page reads it.
		"secret-nokey": `{"error":"ApiError","status":403,"Message":"Forbidden"}`,
		"secret-key":   `{"status":200,"data":{"secret":"open sesame"}}`,
	}
	for id, w := range want {
		if got.Shown[id] != w {
			t.Errorf("page shows %s = %s, want %s", id, got.Shown[id], w)
		}
	}
	if t.Failed() {
		t.Logf("browser console:\n%s", strings.Join(got.Logs, "\n"))
	}
	// The calls were cross-origin: the page's requests carried an Origin
	// the API answered with CORS headers (the local server's access log
	// shows the preflight of the PUT).
	local.waitOutput(`"OPTIONS /users/123 HTTP/1.1" 200`, false)
}

// TestGenerateSDKErrors: no deployed stage and no --endpoint is a clear
// error; bad flags are usage errors; nothing is written.
func TestGenerateSDKErrors(t *testing.T) {
	dir := gentest.NewModule(t, repoRoot(t), "example.com/sdk", filepath.Join(repoRoot(t), "examples", "sdk"))
	out := filepath.Join(t.TempDir(), "sdk")
	_, stderr, code := runCLI(t, dir, "generate-sdk", out)
	if code != 1 || !strings.Contains(stderr, "stage dev has no deployed REST API") || !strings.Contains(stderr, "--endpoint") {
		t.Errorf("not deployed: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("%s was created", out)
	}
	for _, args := range [][]string{
		{"generate-sdk", "--sdk-type", "python", out},
		{"generate-sdk", "--endpoint", "ftp://x", out},
		{"generate-sdk"},
		{"generate-models", "--format", "xml"},
		{"generate-models", "a", "b"},
	} {
		if _, stderr, code := runCLI(t, dir, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s", args, code, stderr)
		}
	}
	// A deployed stage's URL is the default endpoint.
	rec := `{"schema_version":"2.0","backend":"api","resources":[{"name":"rest_api","resource_type":"rest_api","rest_api_id":"abc123","rest_api_url":"https://abc123.execute-api.us-west-2.amazonaws.com/api/"}]}`
	if err := os.MkdirAll(filepath.Join(dir, ".chalice", "deployed"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".chalice", "deployed", "dev.json"), []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, stderr, code := runCLI(t, dir, "generate-sdk", "--sdk-type", "typescript", out); code != 0 {
		t.Fatalf("generate-sdk: exit %d\n%s", code, stderr)
	}
	ts, err := os.ReadFile(filepath.Join(out, "apigClient.ts"))
	if err != nil || !bytes.Contains(ts, []byte(`const DEFAULT_ENDPOINT = "https://abc123.execute-api.us-west-2.amazonaws.com/api/";`)) {
		t.Errorf("apigClient.ts: %v\n%.400s", err, ts)
	}
	models, stderr, code := runCLI(t, dir, "generate-models", "--format", "yaml")
	if code != 0 || !strings.HasPrefix(models, "openapi: 3.1.0\n") || !strings.Contains(models, "url: https://abc123.execute-api.us-west-2.amazonaws.com/api/") {
		t.Errorf("generate-models: exit %d\n%s\n%.300s", code, stderr, models)
	}
}

// TestGenerateSDKConformance: chalicegen local serves the typed test app
// (blueprint, {path+}, multi-method routes, one path with several methods,
// a token authorizer, an API key); Node calls it through the generated
// client and checks each answer against the operation's schema in the
// generate-models output (testdata/sdk/conformance.mjs).
func TestGenerateSDKConformance(t *testing.T) {
	npm := npmtest.Install(t)
	dir := gentest.NewModule(t, repoRoot(t), "example.com/typed", filepath.Join(repoRoot(t), "testdata", "clients", "typed"))
	local := startLocal(t, dir)
	out := t.TempDir()
	if _, stderr, code := runCLI(t, dir, "generate-sdk", "--endpoint", "http://"+local.addr, out); code != 0 {
		t.Fatalf("generate-sdk: exit %d\n%s", code, stderr)
	}
	spec := filepath.Join(out, "openapi.json")
	if _, stderr, code := runCLI(t, dir, "generate-models", spec); code != 0 {
		t.Fatalf("generate-models: exit %d\n%s", code, stderr)
	}
	cmd := exec.Command("node", "conformance.mjs", out, spec, "http://"+local.addr)
	cmd.Dir = npm
	res, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("conformance: %v\n%s", err, res)
	}
	t.Logf("%s", res)
}
