package packaging

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Options are BuildOptions plus where the zip goes.
type Options struct {
	BuildOptions
	// ZipPath is the deployment package to write. Empty means
	// DefaultZipPath(Dir, Arch).
	ZipPath string
	// Reuse skips the build when the zip at ZipPath was built from the
	// same inputs (InputsKey, recorded beside it in ZipPath+".inputs").
	Reuse bool
}

// DefaultZipPath is where Package writes when no path is given:
// <dir>/.chalice/deployments/deployment-<arch>.zip, beside the config, as
// the spec's Chalice keeps its deployment packages under .chalice/.
func DefaultZipPath(dir, arch string) string {
	if arch == "" {
		arch = ArchARM64
	}
	return filepath.Join(dir, ".chalice", "deployments", "deployment-"+arch+".zip")
}

// Package builds the bootstrap and zips it: Build, then Zip. Unless
// opts.Out names where to keep it, the bootstrap is built in a temporary
// directory that is removed afterwards.
func Package(ctx context.Context, opts Options) (*Artifact, error) {
	if _, err := GOARCH(opts.Arch); err != nil {
		return nil, err
	}
	if opts.Dir == "" {
		return nil, errors.New("packaging: no app directory given")
	}
	zipPath := opts.ZipPath
	if zipPath == "" {
		zipPath = DefaultZipPath(opts.Dir, opts.Arch)
	}
	var key string
	if opts.Reuse && opts.Out == "" {
		k, err := InputsKey(ctx, opts.BuildOptions)
		if err != nil {
			return nil, err
		}
		if art := reuse(zipPath, k, opts.Arch); art != nil {
			return art, nil
		}
		key = k
	}
	keep := opts.Out != ""
	if !keep {
		tmp, err := os.MkdirTemp("", "chalice-bootstrap-")
		if err != nil {
			return nil, fmt.Errorf("packaging: %w", err)
		}
		defer os.RemoveAll(tmp)
		opts.Out = filepath.Join(tmp, EntryName)
	}
	built, err := Build(ctx, opts.BuildOptions)
	if err != nil {
		return nil, err
	}
	art, err := Zip(built.BinaryPath, zipPath)
	if err != nil {
		return nil, err
	}
	art.Arch, art.GOARCH = built.Arch, built.GOARCH
	if key != "" {
		if err := writeInputs(zipPath, key); err != nil {
			return nil, fmt.Errorf("packaging: %w", err)
		}
	}
	if !keep {
		art.BinaryPath = ""
	}
	return art, nil
}
