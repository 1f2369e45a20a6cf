package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/scaffold"
)

const chaliceModule = "github.com/chalice-go/chalice"

// chaliceDir may be set at link time to the checkout chalicegen is built
// from: -ldflags "-X main.chaliceDir=$PWD". New projects then get a
// replace directive pointing at it.
var chaliceDir string

func init() {
	register(func(e *Env) *cobra.Command {
		var (
			tmpl      string
			list      bool
			checkout  string
			skipSetup bool
		)
		cmd := &cobra.Command{
			Use:   "new-project NAME [-t TEMPLATE] [--list-templates]",
			Short: "Create a new Chalice for Go project",
			Long: `new-project creates the directory NAME in the current directory holding a
ready-to-run Chalice for Go app: .chalice/config.json (app_name NAME and a
dev stage), go.mod, app.go, app_test.go, .gitignore and README.md.

go.mod records chalicegen and chalicevet as tools, so in the project
'go generate ./...' (//go:generate go tool chalicegen), 'go tool chalicegen
local' and 'go vet -vettool=$(go tool -n chalicevet) ./...' run them at the
project's pinned version with nothing installed on PATH.

new-project then resolves the module's dependencies (go mod tidy, with
go.sum seeded from the Chalice for Go checkout; modules missing from the
module cache come through the module proxy) and writes chalice_gen.go, so
that 'go test ./...' and 'go tool chalicegen local' work straight away.

go.mod requires github.com/chalice-go/chalice. When chalicegen runs from a
checkout of Chalice for Go (found from the binary's build, or given with
--chalice-dir or $CHALICE_GO_DIR), go.mod also gets a replace directive
pointing at that checkout.`,
			Example: `  chalicegen new-project hello
  chalicegen new-project jobs -t events
  chalicegen new-project --list-templates`,
			Args: func(cmd *cobra.Command, args []string) error {
				if list {
					if len(args) > 0 {
						return usageErrorf("--list-templates takes no project name")
					}
					return nil
				}
				switch len(args) {
				case 0:
					return usageErrorf("new-project needs the project name: chalicegen new-project NAME")
				case 1:
					return nil
				default:
					return usageErrorf("new-project takes one project name, got %d arguments", len(args))
				}
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				if list {
					return e.listTemplates()
				}
				return e.newProject(args[0], tmpl, checkout, skipSetup)
			},
		}
		f := cmd.Flags()
		f.StringVarP(&tmpl, "template", "t", scaffold.Default, "the project template (see --list-templates)")
		f.BoolVar(&list, "list-templates", false, "list the project templates and exit")
		f.StringVar(&checkout, "chalice-dir", "", "the Chalice for Go checkout go.mod's replace directive points at (default: the one chalicegen was built from, or $CHALICE_GO_DIR)")
		f.BoolVar(&skipSetup, "no-setup", false, "only write the files: skip go mod tidy and generating chalice_gen.go")
		return cmd
	})
}

func (e *Env) listTemplates() error {
	w := tabwriter.NewWriter(e.Stdout, 0, 4, 2, ' ', 0)
	for _, t := range scaffold.List() {
		def := ""
		if t.Name == scaffold.Default {
			def = " (default)"
		}
		fmt.Fprintf(w, "%s\t%s%s\n", t.Name, t.Description, def)
	}
	return w.Flush()
}

func (e *Env) newProject(name, tmpl, checkout string, skipSetup bool) error {
	if err := scaffold.ValidAppName(name); err != nil {
		return usageErrorf("%v", err)
	}
	known := false
	var names []string
	for _, t := range scaffold.List() {
		names = append(names, t.Name)
		known = known || t.Name == tmpl
	}
	if !known {
		return usageErrorf("unknown template %q (available: %s)", tmpl, strings.Join(names, ", "))
	}
	src, err := findChalice(checkout)
	if err != nil {
		return err
	}
	if src.warning != "" {
		fmt.Fprintln(e.Stderr, "chalicegen: warning: "+src.warning)
	}
	e.Debugf("chalice module: dir %q version %s (%s)", src.dir, src.version, src.how)

	dest := filepath.Join(e.Cwd, name)
	data := scaffold.Data{AppName: name, ChaliceDir: src.dir, ChaliceVersion: src.version, GoVersion: src.goVersion}
	if err := scaffold.Render(tmpl, dest, data); err != nil {
		if errors.Is(err, scaffold.ErrExists) {
			return fmt.Errorf("cannot create project %s: %s already exists", name, e.rel(dest))
		}
		return err
	}
	if !skipSetup {
		if err := setUpProject(e, dest, src.dir); err != nil {
			return fmt.Errorf("created %s, but setting it up failed: %w\nfix the problem, then run 'go mod tidy && go generate ./...' in %s", e.rel(dest), err, e.rel(dest))
		}
	}
	fmt.Fprintf(e.Stdout, "Created %s from the %s template.\n", e.rel(dest), tmpl)
	fmt.Fprintf(e.Stdout, "Next: cd %s && go test ./... && go tool chalicegen local\n", e.rel(dest))
	return nil
}

// setUpProject makes a freshly rendered project buildable: go.sum, the full
// requirement list, and chalice_gen.go. It is a variable so tests can run
// new-project without the toolchain.
var setUpProject = (*Env).setUpProject

func (e *Env) setUpProject(dir, checkout string) error {
	// Seeding go.sum with the checkout's hashes lets go mod tidy work from
	// the module cache without asking the checksum database about modules
	// it already trusts; tidy then drops what the app does not use.
	if checkout != "" {
		if sum, err := os.ReadFile(filepath.Join(checkout, "go.sum")); err == nil {
			if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
				return err
			}
		}
	}
	if err := e.goTidy(dir); err != nil {
		return err
	}
	sub := *e
	sub.ProjectDir = dir
	app, err := sub.LoadApp()
	if err != nil {
		return err
	}
	if _, err := sub.Generate(app); err != nil {
		return err
	}
	// chalice_gen.go may import packages app.go does not (the websocket
	// support, for one): tidy again so go.mod lists their modules.
	return e.goTidy(dir)
}

func (e *Env) goTidy(dir string) error {
	e.Debugf("running go mod tidy in %s", e.rel(dir))
	cmd := exec.Command("go", "mod", "tidy")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS="+withModMod(os.Getenv("GOFLAGS")))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(out.String())
		if msg == "" {
			msg = err.Error()
		}
		return fmt.Errorf("go mod tidy: %s", msg)
	}
	return nil
}

// withModMod returns GOFLAGS with -mod=mod in place of any -mod flag.
func withModMod(goflags string) string {
	var kept []string
	for _, f := range strings.Fields(goflags) {
		if !strings.HasPrefix(f, "-mod=") && !strings.HasPrefix(f, "--mod=") {
			kept = append(kept, f)
		}
	}
	return strings.Join(append(kept, "-mod=mod"), " ")
}

// chaliceSource says where new projects get github.com/chalice-go/chalice.
type chaliceSource struct {
	dir       string // a local checkout for the replace directive; "" for none
	version   string // the required version
	goVersion string // the checkout's go line; "" for the template default
	how       string // how it was found, for --debug
	warning   string
}

// findChalice locates the Chalice for Go module for a new project's go.mod.
// In order: --chalice-dir, $CHALICE_GO_DIR, the link-time main.chaliceDir,
// the source tree this binary was compiled from (absent under -trimpath),
// a checkout holding the binary (make build puts it in <checkout>/bin),
// and last the module version recorded in the binary's build info.
func findChalice(flagDir string) (chaliceSource, error) {
	for _, c := range []struct{ dir, how string }{
		{flagDir, "--chalice-dir"},
		{os.Getenv("CHALICE_GO_DIR"), "$CHALICE_GO_DIR"},
	} {
		if c.dir == "" {
			continue
		}
		abs, err := filepath.Abs(c.dir)
		if err != nil {
			return chaliceSource{}, err
		}
		goVer, err := chaliceCheckout(abs)
		if err != nil {
			return chaliceSource{}, fmt.Errorf("%s %s: %v", c.how, c.dir, err)
		}
		return chaliceSource{dir: abs, version: scaffold.DefaultChaliceVersion, goVersion: goVer, how: c.how}, nil
	}

	var candidates []struct{ dir, how string }
	if chaliceDir != "" {
		candidates = append(candidates, struct{ dir, how string }{chaliceDir, "link-time main.chaliceDir"})
	}
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		candidates = append(candidates, struct{ dir, how string }{filepath.Dir(filepath.Dir(filepath.Dir(file))), "compiled source tree"})
	}
	if exe, err := os.Executable(); err == nil {
		if exe, err := filepath.EvalSymlinks(exe); err == nil {
			for d := filepath.Dir(exe); ; d = filepath.Dir(d) {
				candidates = append(candidates, struct{ dir, how string }{d, "directory of the chalicegen binary"})
				if filepath.Dir(d) == d {
					break
				}
			}
		}
	}
	for _, c := range candidates {
		// A directory in the module cache (name@version) is a downloaded
		// release, not a checkout to point a replace directive at.
		if strings.Contains(filepath.Base(c.dir), "@") {
			continue
		}
		if goVer, err := chaliceCheckout(c.dir); err == nil {
			return chaliceSource{dir: c.dir, version: scaffold.DefaultChaliceVersion, goVersion: goVer, how: c.how}, nil
		}
	}

	if bi, ok := debug.ReadBuildInfo(); ok {
		v := ""
		if bi.Main.Path == chaliceModule {
			v = bi.Main.Version
		}
		if v != "" && v != "(devel)" && !strings.HasSuffix(v, "+dirty") {
			return chaliceSource{version: v, how: "build info"}, nil
		}
	}
	return chaliceSource{
		version: scaffold.DefaultChaliceVersion,
		how:     "nothing found",
		warning: "cannot locate the Chalice for Go checkout this chalicegen was built from; go.mod has no replace directive for " +
			chaliceModule + ". Rerun with --chalice-dir DIR (or set CHALICE_GO_DIR) to add one.",
	}, nil
}

// chaliceCheckout checks that dir holds the github.com/chalice-go/chalice
// module and returns its go.mod's go version.
func chaliceCheckout(dir string) (goVersion string, err error) {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return "", fmt.Errorf("no go.mod: not a Chalice for Go checkout")
	}
	module := ""
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) == 2 && fields[0] == "module" {
			module = strings.Trim(fields[1], `"`)
		}
		if len(fields) == 2 && fields[0] == "go" {
			goVersion = fields[1]
		}
	}
	if module != chaliceModule {
		return "", fmt.Errorf("go.mod declares module %q, not %s", module, chaliceModule)
	}
	return goVersion, nil
}
