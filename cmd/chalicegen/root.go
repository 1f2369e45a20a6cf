package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/packaging"
	"github.com/chalice-go/chalice/model"
)

// A subcommand lives in its own cmd_<name>.go file, whose init() passes a
// builder to register. Builders run on every execution, so each run (and
// each test) gets a fresh cobra tree with no flag state left over.
var builders []func(*Env) *cobra.Command

// register adds a subcommand to chalicegen. Call it from init().
func register(build func(*Env) *cobra.Command) {
	builders = append(builders, build)
}

// Env is what every command shares: the I/O streams, the global flags and
// helpers for the common steps (loading the app, generating).
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// Cwd is the working directory; error positions are shown relative to it.
	Cwd string
	// ProjectDir is the app directory (--project-dir, default Cwd), absolute
	// once flags are parsed.
	ProjectDir string
	// Debug is --debug: progress and details go to Stderr.
	Debug bool
	// DeployWorkers bounds the resources a deploy converges at once
	// (awsdeploy.Deployer.Workers; 0 is its default). BenchmarkDeployMoto
	// sets 1 for its sequential baseline.
	DeployWorkers int

	// ran records that a command body started: an error before that point
	// is a usage error (exit 2), after it a failure (exit 1).
	ran bool
	// warned holds the warnings this run printed (see warnOnce).
	warned map[string]bool
}

func newEnv(stdin io.Reader, stdout, stderr io.Writer) *Env {
	cwd, err := os.Getwd()
	if err != nil {
		cwd = "."
	}
	return &Env{Stdin: stdin, Stdout: stdout, Stderr: stderr, Cwd: cwd}
}

// Debugf logs to stderr under --debug.
func (e *Env) Debugf(format string, args ...any) {
	if e.Debug {
		fmt.Fprintf(e.Stderr, "chalicegen: "+format+"\n", args...)
	}
}

// exitError is an error with a chosen exit status. An empty message means
// the command already reported the problem.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// usageErrorf reports a usage problem (exit 2), as commands' argument
// checks should.
func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func version() string {
	if v := buildVersion; v != "" {
		return v
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// buildVersion is set at link time: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion string

func (e *Env) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "chalicegen [--project-dir DIR] [--debug] [--version] [COMMAND]",
		Short: "Chalice for Go: generate, run and deploy annotated Go apps on AWS Lambda",
		Long: `chalicegen builds Chalice apps written in Go.

Run without a command (as //go:generate go tool chalicegen does), it
reads the annotated app package in the project directory and writes
chalice_gen.go next to it: the typed request dispatcher and the registration
table the runtime serves.`,
		Version: version(),
		// Bare chalicegen generates: that is what //go:generate runs.
		RunE: func(cmd *cobra.Command, args []string) error { return e.runGenerate() },
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return nil
			}
			msg := fmt.Sprintf("unknown command %q for %q", args[0], cmd.CommandPath())
			if s := cmd.SuggestionsFor(args[0]); len(s) > 0 {
				msg += "; did you mean " + strings.Join(s, " or ") + "?"
			}
			return usageErrorf("%s", msg)
		},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			return e.resolveProjectDir()
		},
		SilenceErrors:              true,
		SilenceUsage:               true,
		DisableFlagsInUseLine:      true,
		SuggestionsMinimumDistance: 2,
	}
	root.SetVersionTemplate("chalicegen, version {{.Version}}\n")
	root.CompletionOptions.DisableDefaultCmd = true
	root.SetIn(e.Stdin)
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return &exitError{code: exitUsage, err: err}
	})
	pf := root.PersistentFlags()
	pf.StringVar(&e.ProjectDir, "project-dir", "", "path of the project `DIR` (default: the current directory)")
	pf.BoolVar(&e.Debug, "debug", false, "print debug logs to stderr")

	for _, build := range builders {
		root.AddCommand(build(e))
	}
	e.markRuns(root)
	return root
}

// markRuns wraps every command body so that execute knows whether an error
// came from cobra's parsing (usage) or from the command itself.
func (e *Env) markRuns(c *cobra.Command) {
	if run := c.RunE; run != nil {
		c.RunE = func(cmd *cobra.Command, args []string) error {
			e.ran = true
			return run(cmd, args)
		}
	}
	if run := c.Run; run != nil {
		c.Run = func(cmd *cobra.Command, args []string) {
			e.ran = true
			run(cmd, args)
		}
	}
	for _, sub := range c.Commands() {
		e.markRuns(sub)
	}
}

func (e *Env) resolveProjectDir() error {
	dir := e.ProjectDir
	if dir == "" {
		dir = e.Cwd
	} else if !filepath.IsAbs(dir) {
		dir = filepath.Join(e.Cwd, dir)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return &exitError{code: exitFailure, err: fmt.Errorf("project directory: %v", err)}
	}
	if !fi.IsDir() {
		return &exitError{code: exitFailure, err: fmt.Errorf("project directory %s is not a directory", e.rel(dir))}
	}
	e.ProjectDir = filepath.Clean(dir)
	return nil
}

// execute runs the command line and maps the outcome to an exit status.
func (e *Env) execute(args []string) int {
	if args == nil {
		args = []string{} // cobra reads os.Args for a nil slice
	}
	root := e.rootCommand()
	root.SetArgs(args)
	err := root.Execute()
	if err == nil {
		return exitOK
	}
	code := exitFailure
	var xe *exitError
	if errors.As(err, &xe) {
		code = xe.code
	} else if !e.ran {
		code = exitUsage
	}
	e.report(err)
	if code == exitUsage {
		fmt.Fprintln(e.Stderr, "Run 'chalicegen --help' for usage.")
	}
	return code
}

// report prints err. Positioned diagnostics (analyzer errors, one per
// line, and the *model.Error the generator, the policy inferrer and the
// deploy plan return, and the config file's *config.Error lines that have
// one) are printed as "file:line:col: message", the file
// relative to the working directory so editors and terminals can jump to
// it; anything else gets a "chalicegen: " prefix, but for indented
// continuation lines, which are printed as they are.
func (e *Env) report(err error) {
	if lines, ok := analyzerErrors(err, e.Cwd); ok {
		for _, l := range lines {
			fmt.Fprintln(e.Stderr, l)
		}
		return
	}
	var ce *config.Error
	if errors.As(err, &ce) {
		for _, d := range ce.Diagnostics {
			d.File = e.rel(d.File)
			if d.Line > 0 {
				fmt.Fprintln(e.Stderr, d.String())
			} else {
				fmt.Fprintln(e.Stderr, "chalicegen: "+d.String())
			}
		}
		return
	}
	var be *packaging.BuildError
	if errors.As(err, &be) && strings.TrimSpace(be.Output) != "" {
		// The Go toolchain's own output, positions included, as go build
		// prints it.
		fmt.Fprintf(e.Stderr, "chalicegen: building %s for Lambda failed:\n%s\n", e.rel(be.Dir), strings.TrimRight(be.Output, "\n"))
		return
	}
	if pe, ok := model.AsError(err); ok && pe.Pos.File != "" {
		rel := *pe
		rel.Pos.File = e.rel(pe.Pos.File)
		fmt.Fprintln(e.Stderr, rel.Error())
		return
	}
	msg := err.Error()
	if msg == "" {
		return
	}
	for _, line := range strings.Split(strings.TrimRight(msg, "\n"), "\n") {
		if strings.HasPrefix(line, "\t") || strings.HasPrefix(line, " ") {
			fmt.Fprintln(e.Stderr, line)
			continue
		}
		fmt.Fprintln(e.Stderr, "chalicegen: "+line)
	}
}

// rel shows path relative to the working directory when it lies under it.
func (e *Env) rel(path string) string {
	if !filepath.IsAbs(path) {
		return path
	}
	r, err := filepath.Rel(e.Cwd, path)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return path
	}
	return r
}
