package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/gen"
	"github.com/chalice-go/chalice/model"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var check bool
		cmd := &cobra.Command{
			Use:   "generate [--check]",
			Short: "Write chalice_gen.go for the app (what bare chalicegen does)",
			Long: `Generate reads the annotated app package in the project directory and
writes chalice_gen.go next to it. The file is replaced only when its content
changes, so an up-to-date build is not disturbed. Bare chalicegen, as run by
//go:generate go tool chalicegen, does the same.

With --check nothing is written: the file is rendered in memory and compared
with the one on disk; a stale or missing file exits 1, with a unified diff (on disk →
generated) on stdout, as a CI step wants.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if check {
					return e.runCheck()
				}
				return e.runGenerate()
			},
		}
		cmd.Flags().BoolVar(&check, "check", false, "compare chalice_gen.go with what generate would write; exit 1 with a diff when it is stale")
		return cmd
	})
}

// noArgs rejects positional arguments as a usage error.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usageErrorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])
	}
	return nil
}

func (e *Env) runGenerate() error {
	if f := os.Getenv("GOFILE"); f != "" {
		e.Debugf("run by go generate from %s (package %s)", f, os.Getenv("GOPACKAGE"))
	}
	app, err := e.LoadApp()
	if err != nil {
		return err
	}
	_, err = e.Generate(app)
	return err
}

// runCheck is generate --check.
func (e *Env) runCheck() error {
	app, err := e.LoadApp()
	if err != nil {
		return err
	}
	path, src, err := e.render(app)
	if err != nil {
		return err
	}
	old, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &exitError{code: exitFailure, err: fmt.Errorf("%s does not exist: run chalicegen generate", e.rel(path))}
	}
	if err != nil {
		return err
	}
	if bytes.Equal(old, src) {
		e.Debugf("%s is up to date", e.rel(path))
		return nil
	}
	diff, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
		A: difflib.SplitLines(string(old)), B: difflib.SplitLines(string(src)),
		FromFile: e.rel(path) + " (on disk)", ToFile: e.rel(path) + " (generated)", Context: 3,
	})
	if err != nil {
		return err
	}
	fmt.Fprint(e.Stdout, diff)
	return &exitError{code: exitFailure, err: fmt.Errorf("%s is stale: run chalicegen generate", e.rel(path))}
}

// analyze is analyzeApp; tests replace it to run the CLI on a fixed model.
var analyze = analyzeApp

// LoadApp analyzes the app package in the project directory.
func (e *Env) LoadApp() (*model.App, error) {
	name, err := e.appName()
	if err != nil {
		return nil, err
	}
	e.Debugf("analyzing %s (app %q)", e.ProjectDir, name)
	app, err := analyze(e.ProjectDir, name, func(w analyzer.Error) {
		e.warnOnce("warning: " + analyzer.Errors{w}.RelativeTo(e.Cwd)[0].Error())
	})
	if err != nil {
		return nil, err
	}
	e.Debugf("found %d routes, %d authorizers, %d event handlers", len(app.Routes), len(app.Authorizers), len(app.Events))
	return app, nil
}

// Generate writes chalice_gen.go for app and reports whether the file
// changed. Commands that build the app (local, deploy, package) call it
// first, so the binary always matches the source.
func (e *Env) Generate(app *model.App) (changed bool, err error) {
	path, src, err := e.render(app)
	if err != nil {
		return false, err
	}
	changed, err = writeIfChanged(path, src)
	if err != nil {
		return false, err
	}
	if changed {
		e.Debugf("wrote %s", e.rel(path))
	} else {
		e.Debugf("%s is up to date", e.rel(path))
	}
	return changed, nil
}

// render returns the generated file's path and content.
func (e *Env) render(app *model.App) (path string, src []byte, err error) {
	src, err = gen.Generate(app)
	if err != nil {
		return "", nil, err
	}
	dir := app.Dir
	if dir == "" {
		dir = e.ProjectDir
	}
	return filepath.Join(dir, gen.FileName), src, nil
}

// writeIfChanged replaces path with data through a temp file and a rename,
// so a reader (gopls, a concurrent go build) never sees a half-written
// file. An unchanged file keeps its modification time, which spares go
// build and file watchers a pointless rebuild.
func writeIfChanged(path string, data []byte) (bool, error) {
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	mode := os.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return false, err
	}
	defer os.Remove(tmp.Name()) // no-op once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return false, fmt.Errorf("writing %s: %v", path, err)
	}
	if err := tmp.Close(); err != nil {
		return false, fmt.Errorf("writing %s: %v", path, err)
	}
	if err := os.Chmod(tmp.Name(), mode); err != nil {
		return false, err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return false, err
	}
	return true, nil
}
