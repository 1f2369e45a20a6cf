package packaging

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// inputsVersion changes when what the key covers, or how the bootstrap is
// built, changes.
const inputsVersion = "chalice-package-inputs 2"

// inputsPath is where Package keeps the key of the inputs a zip was built
// from.
func inputsPath(zipPath string) string { return zipPath + ".inputs" }

// InputsKey hashes everything the bootstrap is built from, so that an
// unchanged key means an unchanged zip (builds are reproducible):
// every file of the app's module (its sources, go.mod, go.sum, embedded
// files; hidden directories such as .git and .chalice, which holds the
// config, the state and the zip itself, and node_modules excepted), the Go
// sources and module files of modules replaced by local
// directories and of the other modules of the go.work in use (with the
// go.work itself), the architecture, and the go command's version and
// build-relevant settings (GOFLAGS, GOEXPERIMENT, GOAMD64, GOARM64,
// GOWORK). Modules from the proxy are pinned by go.sum.
func InputsKey(ctx context.Context, opts BuildOptions) (string, error) {
	return inputsKey(ctx, opts, func(string) bool { return true })
}

// SourcesKey is InputsKey restricted to what the Go build of the
// deployed binary reads from the app's own module as code: Go (and
// assembly, cgo, syso) sources and module files, no tests. It keys what
// depends only on the code, such as the inferred policy, and is cheaper
// than InputsKey in a module that holds large non-Go files.
func SourcesKey(ctx context.Context, opts BuildOptions) (string, error) {
	return inputsKey(ctx, opts, isGoInput)
}

func inputsKey(ctx context.Context, opts BuildOptions, keepApp func(string) bool) (string, error) {
	goarch, err := GOARCH(opts.Arch)
	if err != nil {
		return "", err
	}
	gocmd := opts.Go
	if gocmd == "" {
		gocmd = "go"
	}
	cmd := exec.CommandContext(ctx, gocmd, "env", "GOVERSION", "GOFLAGS", "GOEXPERIMENT", "GOAMD64", "GOARM64", "GOWORK", "GOMOD")
	cmd.Dir = opts.Dir
	cmd.Env = opts.Env
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("packaging: go env: %w", err)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	gomod, gowork := lines[len(lines)-1], ""
	if len(lines) >= 2 {
		gowork = lines[len(lines)-2]
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s\n", inputsVersion, goarch, out)
	if gomod == "" || gomod == os.DevNull {
		return "", fmt.Errorf("packaging: %s is not in a module", opts.Dir)
	}
	root := filepath.Dir(gomod)
	if err := hashTree(h, root, keepApp); err != nil {
		return "", err
	}
	data, err := os.ReadFile(gomod)
	if err != nil {
		return "", fmt.Errorf("packaging: %w", err)
	}
	mf, err := modfile.ParseLax(gomod, data, nil)
	if err != nil {
		return "", fmt.Errorf("packaging: %w", err)
	}
	for _, r := range mf.Replace {
		p := r.New.Path
		if r.New.Version != "" || !(strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p)) {
			continue
		}
		if !filepath.IsAbs(p) {
			p = filepath.Join(root, p)
		}
		fmt.Fprintf(h, "replace %s\n", r.Old.Path)
		if err := hashTree(h, p, isGoInput); err != nil {
			return "", err
		}
	}
	if gowork != "" && gowork != "off" {
		if err := hashWorkspace(h, gowork, root); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashWorkspace hashes the go.work the build uses (and its go.work.sum):
// the Go sources and module files of every module it uses other than the
// app's own (hashed whole already) and of the local directories it
// replaces modules with, since the build compiles those instead of what
// go.sum pins.
func hashWorkspace(h io.Writer, gowork, appRoot string) error {
	data, err := os.ReadFile(gowork)
	if err != nil {
		return fmt.Errorf("packaging: %w", err)
	}
	wf, err := modfile.ParseWork(gowork, data, nil)
	if err != nil {
		return fmt.Errorf("packaging: %w", err)
	}
	sum := sha256.Sum256(data)
	fmt.Fprintf(h, "go.work %x\n", sum)
	if s, err := os.ReadFile(filepath.Join(filepath.Dir(gowork), "go.work.sum")); err == nil {
		fmt.Fprintf(h, "go.work.sum %x\n", sha256.Sum256(s))
	}
	wroot := filepath.Dir(gowork)
	abs := func(p string) string {
		if !filepath.IsAbs(p) {
			p = filepath.Join(wroot, p)
		}
		return filepath.Clean(p)
	}
	for _, u := range wf.Use { // always directories
		p := abs(u.Path)
		if p == filepath.Clean(appRoot) {
			continue
		}
		fmt.Fprintf(h, "use %s\n", u.Path)
		if err := hashTree(h, p, isGoInput); err != nil {
			return err
		}
	}
	for _, r := range wf.Replace {
		p := r.New.Path
		if r.New.Version != "" || !(strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../") || filepath.IsAbs(p)) {
			continue
		}
		p = abs(p)
		fmt.Fprintf(h, "work replace %s\n", r.Old.Path)
		if err := hashTree(h, p, isGoInput); err != nil {
			return err
		}
	}
	return nil
}

func isGoInput(name string) bool {
	switch filepath.Ext(name) {
	case ".go", ".s", ".c", ".h", ".syso":
		return !strings.HasSuffix(name, "_test.go")
	}
	return name == "go.mod" || name == "go.sum"
}

// hashTree writes the relative path and content of every file under root
// that keep accepts, in lexical order.
func hashTree(h io.Writer, root string, keep func(name string) bool) error {
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() && keep(name) {
			files = append(files, p)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("packaging: hashing inputs: %w", err)
	}
	slices.Sort(files)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return fmt.Errorf("packaging: hashing inputs: %w", err)
		}
		rel, _ := filepath.Rel(root, f)
		sum := sha256.Sum256(data)
		fmt.Fprintf(h, "%s %x\n", filepath.ToSlash(rel), sum)
	}
	return nil
}

// reuse returns the artifact of the zip at zipPath when it was built from
// inputs with the given key, else nil.
func reuse(zipPath, key, arch string) *Artifact {
	recorded, err := os.ReadFile(inputsPath(zipPath))
	if err != nil || strings.TrimSpace(string(recorded)) != key {
		return nil
	}
	data, err := os.ReadFile(zipPath)
	if err != nil {
		return nil
	}
	sum := sha256.Sum256(data)
	goarch, _ := GOARCH(arch)
	if arch == "" {
		arch = ArchARM64
	}
	return &Artifact{Arch: arch, GOARCH: goarch, ZipPath: zipPath, ZipSize: int64(len(data)), SHA256: hex.EncodeToString(sum[:]), Reused: true}
}

func writeInputs(zipPath, key string) error {
	return writeFileAtomic(inputsPath(zipPath), bytes.TrimSpace([]byte(key+"\n")), 0o644)
}
