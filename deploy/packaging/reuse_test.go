package packaging

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// With Reuse, an unchanged app is not built again (same zip, same digest);
// a changed source file, or a different go.sum, is.
func TestReuseUnchangedInputs(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixtures, "hello"))
	opts := Options{BuildOptions: BuildOptions{Dir: dir, Arch: ArchX86_64}, ZipPath: filepath.Join(t.TempDir(), "deployment.zip"), Reuse: true}
	ctx := context.Background()
	first, err := Package(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if first.Reused {
		t.Fatal("first package reused a zip that did not exist")
	}
	second, err := Package(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !second.Reused || second.SHA256 != first.SHA256 || second.ZipSize != first.ZipSize || second.Arch != ArchX86_64 || second.GOARCH != "amd64" {
		t.Fatalf("unchanged inputs: %+v (first %+v)", second, first)
	}
	// State and config under .chalice do not count.
	if err := os.MkdirAll(filepath.Join(dir, ".chalice", "deployed"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".chalice", "deployed", "dev.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	if a, err := Package(ctx, opts); err != nil || !a.Reused {
		t.Fatalf("after a state change: %+v %v", a, err)
	}
	src := filepath.Join(dir, "main.go")
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(src, append(data, []byte("\nvar _ = 1\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	third, err := Package(ctx, opts)
	if err != nil {
		t.Fatal(err)
	}
	if third.Reused {
		t.Fatal("a changed source file did not rebuild")
	}
	if a, err := Package(ctx, opts); err != nil || !a.Reused || a.SHA256 != third.SHA256 {
		t.Fatalf("unchanged again: %+v %v", a, err)
	}
	// Another architecture is another key.
	k1, _ := InputsKey(ctx, opts.BuildOptions)
	opts.Arch = ArchARM64
	k2, _ := InputsKey(ctx, opts.BuildOptions)
	if k1 == "" || k1 == k2 {
		t.Errorf("keys for x86_64 and arm64: %q %q", k1, k2)
	}
}

// Every input of the build is in the key: a changed go.sum, GOFLAGS or
// architecture rebuilds; what only the deploy reads (.chalice/config.json,
// say a new lambda_memory_size) does not.
func TestReuseRebuildsOnEveryInput(t *testing.T) {
	dir := copyDir(t, filepath.Join(fixtures, "hello"))
	opts := Options{BuildOptions: BuildOptions{Dir: dir, Arch: ArchX86_64}, ZipPath: filepath.Join(t.TempDir(), "deployment.zip"), Reuse: true}
	ctx := context.Background()
	pkg := func(what string, wantReused bool) *Artifact {
		t.Helper()
		a, err := Package(ctx, opts)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if a.Reused != wantReused {
			t.Errorf("%s: reused %v, want %v", what, a.Reused, wantReused)
		}
		return a
	}
	pkg("first", false)
	pkg("unchanged", true)

	// The config is not an input of the build.
	if err := os.MkdirAll(filepath.Join(dir, ".chalice"), 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := `{"version": "2.0", "app_name": "hello", "stages": {"dev": {"lambda_memory_size": 512}}}`
	if err := os.WriteFile(filepath.Join(dir, ".chalice", "config.json"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg("config changed", true)

	// go.sum
	sum := filepath.Join(dir, "go.sum")
	data, err := os.ReadFile(sum)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(sum, append(data, []byte("example.com/unused v1.0.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	pkg("go.sum changed", false)
	pkg("go.sum unchanged again", true)

	// GOFLAGS
	opts.Env = append(os.Environ(), "GOFLAGS="+os.Getenv("GOFLAGS")+" -tags=chalice_reuse_test")
	pkg("GOFLAGS changed", false)
	pkg("GOFLAGS unchanged again", true)

	// The architecture, with the same zip path.
	opts.Arch = ArchARM64
	if a := pkg("architecture changed", false); a.GOARCH != "arm64" || a.Arch != ArchARM64 {
		t.Errorf("arm64 package: %+v", a)
	}
	pkg("arm64 unchanged", true)
	opts.Arch = ArchX86_64
	if a := pkg("architecture changed back", false); a.GOARCH != "amd64" {
		t.Errorf("x86_64 package: %+v", a)
	}
}

// In a workspace, the build compiles the other modules go.work uses from
// their directories: their sources, and go.work itself, are in the key.
func TestInputsKeyCoversWorkspace(t *testing.T) {
	ws := t.TempDir()
	app := filepath.Join(ws, "hello")
	if err := os.Rename(copyDir(t, filepath.Join(fixtures, "hello")), app); err != nil {
		t.Fatal(err)
	}
	lib := filepath.Join(ws, "lib")
	if err := os.MkdirAll(lib, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, text string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(lib, "go.mod"), "module example.com/lib\n\ngo 1.26\n")
	write(filepath.Join(lib, "lib.go"), "package lib\n\nconst N = 1\n")
	write(filepath.Join(lib, "README.md"), "a library\n")
	write(filepath.Join(ws, "go.work"), "go 1.26\n\nuse (\n\t./hello\n\t./lib\n)\n")
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GOWORK=") && !strings.HasPrefix(kv, "GOFLAGS=") {
			env = append(env, kv)
		}
	}
	opts := BuildOptions{Dir: app, Arch: ArchX86_64, Env: env}
	key := func() string {
		t.Helper()
		k, err := InputsKey(context.Background(), opts)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	k1 := key()
	write(filepath.Join(lib, "README.md"), "not a Go input\n")
	if k := key(); k != k1 {
		t.Error("a non-Go file of another workspace module changed the key")
	}
	write(filepath.Join(lib, "lib.go"), "package lib\n\nconst N = 2\n")
	k2 := key()
	if k2 == k1 {
		t.Error("a changed source of another workspace module left the key unchanged")
	}
	write(filepath.Join(ws, "go.work"), "go 1.26\n\nuse ./hello\n")
	if k := key(); k == k2 {
		t.Error("a changed go.work left the key unchanged")
	}
}
