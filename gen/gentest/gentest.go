// Package gentest helps tests of the generator and of chalicegen build
// throwaway apps against this checkout, offline: a temp module that
// requires github.com/chalice-go/chalice through a replace directive to the
// repository root, resolved from the module cache alone.
//
// Building needs only the modules of the packages the app imports, which
// are this repository's own requirements: the go command fetched them to
// build the test binary. Resolving (go mod tidy, and so chalicegen
// new-project) needs more — go.sum entries and sources for the tests of
// dependencies (github.com/stretchr/testify for aws-lambda-go's) — that no
// module cache on a new machine holds. Such steps run with ResolveEnv,
// which may download exactly those through the module proxy; everything
// after them runs with Env, offline, which proves the resolution complete.
package gentest

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// NewModule creates a module named modPath in a temp dir, copies the tree
// at src into it (if src is not ""), and returns its directory. root is the
// repository root (the directory holding this module's go.mod).
func NewModule(t testing.TB, root, modPath, src string) string {
	t.Helper()
	dir := t.TempDir()
	goMod := "module " + modPath + "\n\ngo 1.26\n\n" +
		"require github.com/chalice-go/chalice v0.0.0\n\n" +
		"replace github.com/chalice-go/chalice => " + root + "\n"
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(goMod), 0o644); err != nil {
		t.Fatal(err)
	}
	// The repository's go.sum covers every dependency the app can reach, so
	// the build needs neither the network nor the checksum database.
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
		t.Fatal(err)
	}
	if src != "" {
		if err := copyTree(src, dir); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Env is the environment for go commands run in a NewModule dir: module
// mode with go.mod updates allowed, and no network.
func Env(extra ...string) []string {
	env := append(os.Environ(),
		"GOFLAGS=-mod=mod",
		"GOPROXY=off",
		"GOSUMDB=off",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
	return append(env, extra...)
}

// ResolveEnv is the environment for steps that resolve a module's
// requirements: as Env, but with the module proxy and checksum database
// the caller's environment names (GOPROXY=off there keeps it offline), so
// that what the module cache lacks is downloaded — nothing else is.
func ResolveEnv(extra ...string) []string {
	env := append(os.Environ(),
		"GOFLAGS=-mod=mod",
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
	return append(env, extra...)
}

func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
}
