package packaging

import (
	"context"
	"os"
	"path/filepath"
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
