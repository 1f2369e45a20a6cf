package main

import (
	"errors"
	"io/fs"
	"path/filepath"

	"github.com/chalice-go/chalice/config"
)

// appName is app_name from .chalice/config.json, else the project
// directory's name, as the spec has it. A malformed config file is an
// error: every command relies on it.
func appName(projectDir string) (string, error) {
	f, err := config.Load(projectDir)
	if errors.Is(err, fs.ErrNotExist) {
		return filepath.Base(projectDir), nil
	}
	if err != nil {
		return "", err
	}
	if f.AppName == "" {
		return filepath.Base(projectDir), nil
	}
	return f.AppName, nil
}
