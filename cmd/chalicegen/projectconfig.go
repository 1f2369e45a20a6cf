package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/chalice-go/chalice/config"
)

// Every command reads .chalice/config.json through projectConfig, so that
// none drops a warning or treats stages differently.

// projectConfig loads the project's configuration; a project without
// .chalice/config.json runs with the defaults, named after its directory.
// The file's warnings — unknown keys (with a did-you-mean), keys that have
// no effect — are printed on stderr, each once per run: a setting is never
// ignored silently.
func (e *Env) projectConfig() (*config.File, error) {
	f, err := config.Load(e.ProjectDir)
	if errors.Is(err, fs.ErrNotExist) {
		return config.Default(filepath.Base(e.ProjectDir)), nil
	}
	if err != nil {
		return nil, err
	}
	for _, w := range f.Warnings {
		w.File = e.rel(w.File)
		e.warnOnce("warning: " + w.String())
	}
	return f, nil
}

// stageConfig resolves a stage of the project's configuration. A stage the
// file does not declare takes the top-level values, everywhere (the spec's
// rule, by which deploy creates it); a note says so.
func (e *Env) stageConfig(stage string) (*config.StageConfig, error) {
	f, err := e.projectConfig()
	if err != nil {
		return nil, err
	}
	sc, err := f.Stage(stage)
	if err != nil {
		return nil, err
	}
	if !sc.Declared && sc.Name != config.DefaultStage {
		e.warnOnce(fmt.Sprintf("note: stage %q is not declared in %s; it takes the top-level values", sc.Name, e.rel(config.Path(e.ProjectDir))))
	}
	return sc, nil
}

// appName is app_name from the configuration, else the project
// directory's name, as the spec has it.
func (e *Env) appName() (string, error) {
	f, err := e.projectConfig()
	if err != nil {
		return "", err
	}
	if f.AppName == "" {
		return filepath.Base(e.ProjectDir), nil
	}
	return f.AppName, nil
}

// warnOnce prints "chalicegen: msg" on stderr unless this run printed it
// already (local re-reads the configuration on every rebuild).
func (e *Env) warnOnce(msg string) {
	if e.warned[msg] {
		return
	}
	if e.warned == nil {
		e.warned = map[string]bool{}
	}
	e.warned[msg] = true
	fmt.Fprintln(e.Stderr, "chalicegen: "+msg)
}
