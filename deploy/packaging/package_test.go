package packaging

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chalice-go/chalice/internal/lambdaapi"
)

// The tests build for x86_64 so the bootstrap runs on this (amd64) host and
// every test shares one set of compiled packages in the build cache.

const fixtures = "../../testdata/deploy"

// copyDir copies a fixture into a fresh directory, so builds never write
// into testdata and a second copy shows that where the source sits does not
// change the bytes.
func copyDir(t testing.TB, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), filepath.Base(src))
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func packageFixture(t *testing.T, name string) (*Artifact, []byte) {
	t.Helper()
	dir := copyDir(t, filepath.Join(fixtures, name))
	art, err := Package(context.Background(), Options{
		BuildOptions: BuildOptions{Dir: dir, Arch: ArchX86_64},
		ZipPath:      filepath.Join(t.TempDir(), "deployment.zip"),
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(art.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	if art.Arch != ArchX86_64 || art.GOARCH != "amd64" || art.ZipSize != int64(len(data)) || art.BinaryPath != "" {
		t.Fatalf("artifact %+v", art)
	}
	if matches, _ := filepath.Glob(filepath.Join(filepath.Dir(art.ZipPath), ".*.tmp")); len(matches) != 0 {
		t.Fatalf("temporary files left: %v", matches)
	}
	return art, data
}

// unzipBootstrap extracts the package's one file with the mode the zip
// gives it, as Lambda does, and returns its path.
func unzipBootstrap(t *testing.T, data []byte) string {
	t.Helper()
	bin := checkZip(t, data)
	path := filepath.Join(t.TempDir(), EntryName)
	if err := os.WriteFile(path, bin, 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

// function is a bootstrap running under the in-test Runtime API server.
type function struct {
	srv *lambdaapi.Server
	ctx context.Context
}

// startFunction unzips the package's bootstrap and starts it as Lambda
// does: its own directory, the Runtime API address and _HANDLER in a clean
// environment.
func startFunction(t *testing.T, zipData []byte, name, handler string) *function {
	t.Helper()
	bootstrap := unzipBootstrap(t, zipData)
	srv := lambdaapi.New(lambdaapi.Config{FunctionName: name, Region: "us-west-2", Timeout: 20 * time.Second})
	addr, err := srv.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	cmd := exec.Command(bootstrap)
	cmd.Dir = filepath.Dir(bootstrap)
	cmd.Env = srv.Environ(addr, lambdaapi.Function{Handler: handler, TaskRoot: cmd.Dir})
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait(); cancel() }() // a crash ends pending invocations
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		_ = srv.Close()
		cancel()
		if t.Failed() {
			t.Logf("bootstrap output:\n%s", logs.String())
		}
	})
	return &function{srv: srv, ctx: ctx}
}

type proxyResponse struct {
	StatusCode int               `json:"statusCode"`
	Headers    map[string]string `json:"headers"`
	Body       string            `json:"body"`
}

// invokeHTTP sends an API Gateway proxy event and decodes the answer.
func (f *function) invokeHTTP(t *testing.T, in lambdaapi.Invocation) proxyResponse {
	t.Helper()
	res, err := f.srv.Invoke(f.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if res.Error != nil {
		t.Fatalf("function error: %v", res.Error)
	}
	var resp proxyResponse
	if err := json.Unmarshal(res.Payload, &resp); err != nil {
		t.Fatalf("response %s: %v", res.Payload, err)
	}
	return resp
}

func readEvent(t *testing.T) []byte {
	t.Helper()
	event, err := os.ReadFile(filepath.Join(fixtures, "events", "apigateway_v1.json"))
	if err != nil {
		t.Fatal(err)
	}
	return event
}

// TestPackageRunsUnderRuntimeAPI is the end-to-end proof: the zipped
// bootstrap, started as Lambda starts it, answers a real API Gateway v1
// event through the Runtime API.
func TestPackageRunsUnderRuntimeAPI(t *testing.T) {
	art, data := packageFixture(t, "hello")
	if int64(len(checkZip(t, data))) != art.BinarySize {
		t.Fatalf("binary size %d does not match the zipped bootstrap", art.BinarySize)
	}
	fn := startFunction(t, data, "hello-dev", "api_handler")
	event := readEvent(t)

	const arn = "arn:aws:lambda:us-west-2:123456789012:function:hello-dev"
	const trace = "Root=1-65a1b2c3-0123456789abcdef01234567;Parent=0123456789abcdef;Sampled=0"
	before := time.Now()
	resp := fn.invokeHTTP(t, lambdaapi.Invocation{Payload: event, RequestID: "8f8e2a9c-1111-4d2b-9c1e-0d5f2b1a7e00", TraceID: trace})
	if resp.StatusCode != 200 || resp.Headers["Content-Type"] != "application/json" {
		t.Fatalf("response %+v", resp)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(resp.Body), &body); err != nil {
		t.Fatalf("body %q: %v", resp.Body, err)
	}
	want := map[string]any{
		"greeting":      "Hello from chalicelib, lambda", // the //go:embed'ed chalicelib file
		"method":        "GET",
		"path":          "/hello/lambda",
		"query":         "packaging",
		"stage":         "api",
		"handler":       "api_handler",
		"function_name": "hello-dev",
		"request_id":    "8f8e2a9c-1111-4d2b-9c1e-0d5f2b1a7e00",
		"function_arn":  arn,
		"trace_id":      trace,
	}
	for k, v := range want {
		if body[k] != v {
			t.Errorf("body[%q] = %v, want %v", k, body[k], v)
		}
	}
	if ms, _ := body["deadline_ms"].(float64); time.UnixMilli(int64(ms)).Sub(before) < 19*time.Second {
		t.Errorf("deadline_ms %v: not the 20s invocation deadline", body["deadline_ms"])
	}

	// A handler error goes to /error and comes back as a function error.
	failing := bytes.Replace(event, []byte(`"name": "lambda"`), []byte(`"name": "fail"`), 1)
	res, err := fn.srv.Invoke(fn.ctx, lambdaapi.Invocation{Payload: failing})
	if err != nil {
		t.Fatal(err)
	}
	if res.Error == nil || res.Error.Message != "asked to fail" || res.Error.Type != "errorString" {
		t.Fatalf("want the handler's error, got %+v (%s)", res.Error, res.Payload)
	}
}

// TestReproducible: the same source, built twice from two directories,
// gives byte-identical zips (the second build from a warm cache).
func TestReproducible(t *testing.T) {
	a, da := packageFixture(t, "hello")
	b, db := packageFixture(t, "hello")
	if !bytes.Equal(da, db) || a.SHA256 != b.SHA256 {
		t.Fatalf("zips differ: %s vs %s", a.SHA256, b.SHA256)
	}
	if len(a.SHA256) != 64 || a.CodeSHA256() == "" {
		t.Fatalf("digests %q %q", a.SHA256, a.CodeSHA256())
	}
	t.Logf("zip %d bytes, bootstrap %d bytes, sha256 %s", a.ZipSize, a.BinarySize, a.SHA256)
}

// TestVendor: a dependency that exists only in vendor/ builds, and nothing
// from vendor/ but compiled code reaches the zip.
func TestVendor(t *testing.T) {
	_, data := packageFixture(t, "vendored") // checkZip inside: bootstrap only
	out, err := exec.Command(unzipBootstrap(t, data)).CombinedOutput()
	if err != nil || strings.TrimSpace(string(out)) != "hello from vendor" {
		t.Fatalf("vendored bootstrap: %v: %s", err, out)
	}
	if bytes.Contains(data, []byte("Vendored notice")) || bytes.Contains(data, []byte("NOTICE.txt")) {
		t.Fatal("a vendor/ data file leaked into the zip")
	}
}

// TestBuildErrors: compiler errors come back verbatim, non-main packages
// and bad architectures are refused, and nothing is zipped.
func TestBuildErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/broken\n\ngo 1.26\n")
	write("main.go", "package main\n\nfunc main() {\n\tundefinedThing()\n}\n")
	zipPath := filepath.Join(dir, "out.zip")
	opts := Options{BuildOptions: BuildOptions{Dir: dir, Arch: ArchX86_64}, ZipPath: zipPath}

	_, err := Package(context.Background(), opts)
	var be *BuildError
	if !errors.As(err, &be) || !strings.Contains(be.Output, "main.go:4:2: undefined: undefinedThing") ||
		!strings.Contains(err.Error(), "undefined: undefinedThing") {
		t.Fatalf("want the compiler's message, got %v", err)
	}

	write("main.go", "package lib\n\nfunc F() int { return 1 }\n")
	if _, err := Package(context.Background(), opts); err == nil || !strings.Contains(err.Error(), "package main") {
		t.Fatalf("non-main package: %v", err)
	}

	opts.Arch = "sparc"
	if _, err := Package(context.Background(), opts); err == nil || !strings.Contains(err.Error(), `"sparc"`) {
		t.Fatalf("bad architecture: %v", err)
	}
	if _, err := os.Stat(zipPath); !os.IsNotExist(err) {
		t.Fatal("a failed build left a zip")
	}
}

// TestDefaultArchARM64 builds for Lambda's default architecture.
func TestDefaultArchARM64(t *testing.T) {
	if testing.Short() {
		t.Skip("cross-compiles for arm64")
	}
	dir := copyDir(t, filepath.Join(fixtures, "vendored"))
	art, err := Package(context.Background(), Options{BuildOptions: BuildOptions{Dir: dir}})
	if err != nil {
		t.Fatal(err)
	}
	if want := DefaultZipPath(dir, ArchARM64); art.ZipPath != want || art.Arch != ArchARM64 || art.GOARCH != "arm64" {
		t.Fatalf("artifact %+v, want zip at %s", art, want)
	}
	data, err := os.ReadFile(art.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	if arch, _ := archOf(checkZip(t, data)); arch != ArchARM64 {
		t.Fatalf("bootstrap built for %q", arch)
	}
	t.Logf("arm64 zip %s bytes", strconv.FormatInt(art.ZipSize, 10))
}
