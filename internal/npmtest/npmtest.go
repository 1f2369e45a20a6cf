// Package npmtest gives tests the npm tools of testdata/sdk (playwright-core
// driving Debian's chromium, the TypeScript compiler, an OpenAPI 3.1
// validator), installed from the committed package-lock.json with `npm ci`.
//
// Without node/npm, or offline with nothing installed yet, a test is
// skipped, except under CI (env CI set), where that is a failure: CI must
// never pass by skipping what it was meant to check.
package npmtest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// Dir is the npm project folder, absolute.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "sdk")
}

// Missing is t.Skipf outside CI and t.Fatalf under CI.
func Missing(t testing.TB) func(string, ...any) {
	if os.Getenv("CI") != "" {
		return t.Fatalf
	}
	return t.Skipf
}

// Install makes sure node_modules matches package-lock.json (npm ci,
// once per lockfile content; test packages running at once take turns
// through a file lock) and returns Dir. A failing npm ci with a
// node_modules already present (offline) goes on with what is there.
func Install(t testing.TB) string {
	t.Helper()
	dir := Dir()
	for _, tool := range []string{"node", "npm"} {
		if _, err := exec.LookPath(tool); err != nil {
			Missing(t)("%s not found: the SDK tests need Node.js >= 18 and npm", tool)
		}
	}
	lock, err := os.ReadFile(filepath.Join(dir, "package-lock.json"))
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(lock)
	want := []byte(hex.EncodeToString(sum[:]))
	stamp := filepath.Join(dir, "node_modules", ".chalice-lock-sha256")

	f, err := os.OpenFile(filepath.Join(dir, ".npm-ci.lock"), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	defer syscall.Flock(int(f.Fd()), syscall.LOCK_UN)

	if got, err := os.ReadFile(stamp); err == nil && bytes.Equal(got, want) {
		return dir
	}
	cmd := exec.Command("npm", "ci", "--no-audit", "--no-fund")
	cmd.Dir = dir
	// playwright-core never downloads a browser; this keeps any tool
	// that would from trying.
	cmd.Env = append(os.Environ(), "PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		if _, statErr := os.Stat(filepath.Join(dir, "node_modules")); statErr == nil {
			t.Logf("npm ci failed, using the node_modules present: %v\n%s", err, out)
			return dir
		}
		Missing(t)("npm ci in %s failed: %v\n%s", dir, err, out)
	}
	if err := os.WriteFile(stamp, want, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// Node runs `node args...` in Dir and returns its combined output.
func Node(t testing.TB, args ...string) ([]byte, error) {
	t.Helper()
	cmd := exec.Command("node", args...)
	cmd.Dir = Dir()
	return cmd.CombinedOutput()
}
