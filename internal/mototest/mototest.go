// Package mototest starts a moto server (python3 -m moto.server) on a free
// loopback port for tests that exercise AWS APIs, and points the AWS SDK's
// environment at it with throwaway credentials. Nothing reaches AWS.
package mototest

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chalice-go/chalice/internal/awsproxy"
)

// Start runs a moto server for the test's lifetime and returns its base
// URL. Without python3 or moto the test is skipped, except under CI, where
// a missing moto is a failure rather than a silently skipped test.
func Start(t testing.TB) string {
	t.Helper()
	missing := t.Skipf
	if os.Getenv("CI") != "" {
		missing = t.Fatalf
	}
	py, err := exec.LookPath("python3")
	if err != nil {
		missing("python3 not found: the moto tests need python3 with moto installed")
	}
	if err := exec.Command(py, "-c", "import moto.server").Run(); err != nil {
		missing("moto is not installed (pip install 'moto[server]'): %v", err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	cmd := exec.Command(py, "-m", "moto.server", "-H", "127.0.0.1", "-p", fmt.Sprint(port))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := http.Get(base + "/moto-api/")
		if err == nil {
			resp.Body.Close()
			return base
		}
		if time.Now().After(deadline) {
			t.Fatalf("moto server did not start on %s: %v", base, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// Env points the AWS SDK at endpoint for the rest of the test: endpoint
// override, fake credentials, a fixed region, and no shared config files or
// instance metadata lookups.
func Env(t testing.TB, endpoint string) {
	t.Helper()
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ENDPOINT_URL":            endpoint,
		"AWS_ACCESS_KEY_ID":           "testing",
		"AWS_SECRET_ACCESS_KEY":       "testing",
		"AWS_SESSION_TOKEN":           "",
		"AWS_REGION":                  "us-east-1",
		"AWS_PROFILE":                 "",
		"AWS_CONFIG_FILE":             filepath.Join(dir, "config"),
		"AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_EC2_METADATA_DISABLED":   "true",
	} {
		t.Setenv(k, v)
	}
}

// Proxied starts moto behind a recording awsproxy.Proxy (which also answers
// the operations moto lacks, awsproxy.Gaps) and points the SDK's
// environment at the proxy.
func Proxied(t testing.TB) *awsproxy.Proxy {
	t.Helper()
	url := Start(t)
	p, err := awsproxy.Start(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Close)
	Env(t, p.URL)
	return p
}
