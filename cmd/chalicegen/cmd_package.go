package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/packaging"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage string
		cmd := &cobra.Command{
			Use:   "package [--stage STAGE] OUT",
			Short: "Build the Lambda deployment package into the directory OUT",
			Long: `Package regenerates chalice_gen.go, cross-compiles the app into a bootstrap
for the provided.al2023 runtime (the stage's architecture: arm64 by default,
or x86_64) and writes OUT/deployment.zip: that bootstrap alone, the same
bytes for the same source. Every Lambda function of the app runs this one
package; the handler setting picks the logical function.

The go command runs as usual in the app directory, so GOFLAGS, GOPROXY,
go.work and vendor/ apply. See docs/packaging.md.`,
			Args: func(cmd *cobra.Command, args []string) error {
				if len(args) != 1 {
					return usageErrorf("%s takes one argument, the output directory OUT", cmd.CommandPath())
				}
				return nil
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				ctx := cmd.Context()
				if ctx == nil {
					ctx = context.Background()
				}
				return e.runPackage(ctx, stage, args[0])
			},
		}
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the `STAGE` whose configuration applies")
		return cmd
	})
}

func (e *Env) runPackage(ctx context.Context, stage, out string) error {
	cfg, err := config.Load(e.ProjectDir)
	if err != nil {
		return err
	}
	st, err := cfg.Stage(stage)
	if err != nil {
		return err
	}
	app, err := e.LoadApp()
	if err != nil {
		return err
	}
	if _, err := e.Generate(app); err != nil {
		return err
	}
	dir := app.Dir
	if dir == "" {
		dir = e.ProjectDir
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(e.Cwd, out)
	}
	fmt.Fprintln(e.Stdout, "Creating deployment package.")
	art, err := packaging.Package(ctx, packaging.Options{
		BuildOptions: packaging.BuildOptions{Dir: dir, Arch: st.Architecture},
		ZipPath:      filepath.Join(out, "deployment.zip"),
	})
	if err != nil {
		return err
	}
	e.Debugf("wrote %s: %d bytes (bootstrap %d bytes, %s), sha256 %s",
		e.rel(art.ZipPath), art.ZipSize, art.BinarySize, art.Arch, art.SHA256)
	return nil
}
