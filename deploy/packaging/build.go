package packaging

import (
	"bytes"
	"context"
	"debug/elf"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Architectures as .chalice/config.json spells them.
const (
	ArchARM64  = "arm64" // the default
	ArchX86_64 = "x86_64"
)

// BuildTag is always set: the binary speaks the Runtime API directly and
// carries no net/rpc (the go1.x protocol provided.al2023 never uses).
const BuildTag = "lambda.norpc"

// LinkerFlags strip the symbol table and DWARF (-s -w) and empty the build
// ID so the same source gives the same bytes.
const LinkerFlags = "-s -w -buildid="

// BuildOptions says what to build and where.
type BuildOptions struct {
	// Dir is the app's package main directory (the one holding
	// chalice_gen.go). The go command runs there, so the app's go.mod,
	// go.work, vendor/ and default.pgo apply as they do to `go build`.
	Dir string
	// Arch is the config's "architecture": "arm64" (also when empty) or
	// "x86_64".
	Arch string
	// Out is the path of the bootstrap to write. Build requires it; Package
	// uses a temporary file when it is empty.
	Out string
	// Env is the go command's environment; nil means os.Environ(). GOOS,
	// GOARCH and CGO_ENABLED are set over it; everything else (GOFLAGS,
	// GOPROXY, GOCACHE, GOWORK, GOAMD64, GOARM64, ...) is the caller's.
	Env []string
	// Go is the go command; empty means "go" from PATH.
	Go string
}

// Artifact describes what was produced. Build fills the binary fields,
// Zip and Package the zip fields too.
type Artifact struct {
	Arch       string // "arm64" or "x86_64"
	GOARCH     string // "arm64" or "amd64"
	BinaryPath string // empty after Package when the bootstrap was temporary
	BinarySize int64  // bytes; what Lambda counts as the unzipped size
	ZipPath    string
	ZipSize    int64
	SHA256     string // hex SHA-256 of the zip file
	// Reused is set when Package found the zip already built from the same
	// inputs (Options.Reuse) and built nothing; BinarySize is 0 then.
	Reused bool
}

// BuildError is a failed go build. Output is the go command's output,
// verbatim: compiler errors name the user's files and lines.
type BuildError struct {
	Dir    string
	Output string
	Err    error
}

func (e *BuildError) Error() string {
	out := strings.TrimRight(e.Output, "\n")
	if out == "" {
		out = e.Err.Error()
	}
	return fmt.Sprintf("building %s for Lambda failed:\n%s", e.Dir, out)
}

func (e *BuildError) Unwrap() error { return e.Err }

// GOARCH maps a config architecture to the Go one.
func GOARCH(arch string) (string, error) {
	switch arch {
	case "", ArchARM64:
		return "arm64", nil
	case ArchX86_64:
		return "amd64", nil
	}
	return "", fmt.Errorf("unsupported architecture %q: Lambda supports %q and %q", arch, ArchARM64, ArchX86_64)
}

// Build cross-compiles the package main in opts.Dir into the bootstrap at
// opts.Out: GOOS=linux, GOARCH from opts.Arch, CGO_ENABLED=0, -trimpath,
// -buildvcs=false, -tags lambda.norpc (plus any -tags in GOFLAGS), and
// -ldflags "-s -w -buildid=" (after any -ldflags in GOFLAGS). The Go build
// cache is used as usual, so rebuilding unchanged sources only relinks, if
// that.
func Build(ctx context.Context, opts BuildOptions) (*Artifact, error) {
	goarch, err := GOARCH(opts.Arch)
	if err != nil {
		return nil, err
	}
	arch := opts.Arch
	if arch == "" {
		arch = ArchARM64
	}
	if opts.Dir == "" {
		return nil, errors.New("packaging: no app directory given")
	}
	if opts.Out == "" {
		return nil, errors.New("packaging: no output path given for bootstrap")
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("packaging: app directory: %w", err)
	} else if !fi.IsDir() {
		return nil, fmt.Errorf("packaging: app directory %s is not a directory", dir)
	}
	out, err := filepath.Abs(opts.Out)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	gocmd := opts.Go
	if gocmd == "" {
		gocmd = "go"
	}
	env, tags, ldflags, err := target(ctx, gocmd, dir, goarch, opts.Env)
	if err != nil {
		return nil, err
	}

	args := []string{"build", "-trimpath", "-buildvcs=false", "-tags", tags, "-ldflags", ldflags, "-o", out, "."}
	cmd := exec.CommandContext(ctx, gocmd, args...)
	cmd.Dir = dir
	cmd.Env = env
	var output bytes.Buffer
	cmd.Stdout = &output
	cmd.Stderr = &output
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, &BuildError{Dir: dir, Output: output.String(), Err: err}
	}
	if err := checkExecutable(out, goarch); err != nil {
		return nil, fmt.Errorf("packaging: %s: %w (is it package main?)", dir, err)
	}
	if err := os.Chmod(out, 0o755); err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	fi, err := os.Stat(out)
	if err != nil {
		return nil, fmt.Errorf("packaging: %w", err)
	}
	return &Artifact{Arch: arch, GOARCH: goarch, BinaryPath: out, BinarySize: fi.Size()}, nil
}

// target returns the go command's environment and the -tags and -ldflags
// values of the Lambda build: GOOS=linux, GOARCH, CGO_ENABLED=0 over env
// (nil: os.Environ()), and the user's GOFLAGS -tags and -ldflags merged
// with ours (flags given on the command line replace the same flag in
// GOFLAGS, so they would otherwise be lost).
func target(ctx context.Context, gocmd, dir, goarch string, env []string) (_ []string, tags, ldflags string, err error) {
	if env == nil {
		env = os.Environ()
	}
	env = setEnv(env, "GOOS", "linux", "GOARCH", goarch, "CGO_ENABLED", "0")
	goflags, err := goEnv(ctx, gocmd, dir, env, "GOFLAGS")
	if err != nil {
		return nil, "", "", err
	}
	tags, ldflags = mergeFlags(goflags)
	return env, tags, ldflags, nil
}

// Target returns the go command environment and build flags of the Lambda
// build for arch (the config's architecture) in dir: the same GOOS,
// GOARCH, CGO_ENABLED and -tags Build uses, so code that must see what the
// bootstrap contains (policy inference) analyses exactly that build.
func Target(ctx context.Context, dir, arch string, env []string) (goEnv []string, buildFlags []string, err error) {
	goarch, err := GOARCH(arch)
	if err != nil {
		return nil, nil, err
	}
	env, tags, _, err := target(ctx, "go", dir, goarch, env)
	if err != nil {
		return nil, nil, err
	}
	// -trimpath as Build: the compiled export data of dependencies is then
	// the same Go build cache entry for both.
	return env, []string{"-trimpath", "-tags", tags}, nil
}

// goEnv asks the go command for one setting as it would see it: the
// environment first, then the user's go env file.
func goEnv(ctx context.Context, gocmd, dir string, env []string, name string) (string, error) {
	cmd := exec.CommandContext(ctx, gocmd, "env", name)
	cmd.Dir = dir
	cmd.Env = env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		if errors.Is(err, exec.ErrNotFound) {
			return "", fmt.Errorf("packaging: the Go toolchain is needed to build the bootstrap: %w", err)
		}
		return "", &BuildError{Dir: dir, Output: stderr.String(), Err: err}
	}
	return strings.TrimSpace(string(out)), nil
}

// mergeFlags returns the -tags and -ldflags values to pass: GOFLAGS' own
// values (if any) with ours added.
func mergeFlags(goflags string) (tags, ldflags string) {
	var userTags, userLD []string
	for _, f := range splitQuoted(goflags) {
		name, val, ok := strings.Cut(strings.TrimPrefix(f, "-"), "=")
		if !ok {
			continue
		}
		switch strings.TrimPrefix(name, "-") {
		case "tags":
			for _, t := range strings.FieldsFunc(val, func(r rune) bool { return r == ',' || r == ' ' }) {
				if t != BuildTag {
					userTags = append(userTags, t)
				}
			}
		case "ldflags":
			if val != "" {
				userLD = []string{val}
			}
		}
	}
	tags = strings.Join(append(userTags, BuildTag), ",")
	ldflags = strings.Join(append(userLD, LinkerFlags), " ")
	return tags, ldflags
}

// splitQuoted splits GOFLAGS as the go command does: on spaces, with single
// or double quotes grouping.
func splitQuoted(s string) []string {
	var out []string
	var cur strings.Builder
	var quote rune
	inField := false
	for _, r := range s {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inField = r, true
		case r == ' ' || r == '\t' || r == '\n' || r == '\r':
			if inField {
				out = append(out, cur.String())
				cur.Reset()
				inField = false
			}
		default:
			cur.WriteRune(r)
			inField = true
		}
	}
	if inField {
		out = append(out, cur.String())
	}
	return out
}

// setEnv returns env with the given key/value pairs replacing any earlier
// setting.
func setEnv(env []string, kv ...string) []string {
	keys := map[string]bool{}
	for i := 0; i < len(kv); i += 2 {
		keys[kv[i]] = true
	}
	out := make([]string, 0, len(env)+len(kv)/2)
	for _, e := range env {
		k, _, _ := strings.Cut(e, "=")
		if !keys[k] {
			out = append(out, e)
		}
	}
	for i := 0; i < len(kv); i += 2 {
		out = append(out, kv[i]+"="+kv[i+1])
	}
	return out
}

// checkExecutable makes sure path is a Linux executable for goarch: go
// build -o on a non-main package writes an archive instead.
func checkExecutable(path, goarch string) error {
	f, err := elf.Open(path)
	if err != nil {
		return fmt.Errorf("bootstrap is not a Linux executable: %w", err)
	}
	defer f.Close()
	want := map[string]elf.Machine{"arm64": elf.EM_AARCH64, "amd64": elf.EM_X86_64}[goarch]
	if f.Machine != want {
		return fmt.Errorf("bootstrap is built for %v, not %v", f.Machine, want)
	}
	if f.Type != elf.ET_EXEC && f.Type != elf.ET_DYN {
		return fmt.Errorf("bootstrap is an ELF %v, not an executable", f.Type)
	}
	return nil
}
