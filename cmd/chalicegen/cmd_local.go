package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/internal/devserver"
	"github.com/chalice-go/chalice/model"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var (
			host       string
			port       int
			stage      string
			noReload   bool
			readyWrite string
		)
		cmd := &cobra.Command{
			Use:   "local",
			Short: "Serve the app locally, as API Gateway would, rebuilding on change",
			Long: `Local generates and builds the app, then serves it on HOST:PORT the way API
Gateway does: each HTTP request becomes the proxy event AWS sends, routes,
CORS, binary types, API keys and built-in authorizers behave as deployed, and
websocket handlers answer on ws://HOST:PORT/. The stage's environment
variables are set. With autoreload (the default) a change to a .go file,
go.mod or .chalice/config.json regenerates, rebuilds and swaps the server; a
build error keeps the previous version serving.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				return e.runLocal(cmd.Context(), host, port, stage, !noReload, readyWrite)
			},
		}
		f := cmd.Flags()
		f.StringVar(&host, "host", "127.0.0.1", "address to listen on")
		f.IntVar(&port, "port", 8000, "port to listen on")
		f.StringVar(&stage, "stage", "dev", "configuration stage to use")
		f.BoolVar(&noReload, "no-autoreload", false, "do not rebuild when files change")
		f.StringVar(&readyWrite, "ready-file", "", "write the listening address to this file once serving (for scripts and tests)")
		_ = f.MarkHidden("ready-file")
		return cmd
	})
}

// stageSettings reads the stage's configuration; a project without
// .chalice/config.json runs with the defaults.
func stageSettings(projectDir, stage string) (*config.StageConfig, error) {
	f, err := config.Load(projectDir)
	if errors.Is(err, fs.ErrNotExist) {
		f = config.Default(filepath.Base(projectDir))
	} else if err != nil {
		return nil, err
	}
	return f.Stage(stage)
}

func (e *Env) runLocal(ctx context.Context, host string, port int, stage string, reload bool, readyFile string) error {
	e.ran = true
	sc, err := stageSettings(e.ProjectDir, stage)
	if err != nil {
		return err
	}
	prepare := func() error {
		app, err := e.LoadApp()
		if err != nil {
			return err
		}
		if err := model.CheckExperimental(app); err != nil {
			return err
		}
		_, err = e.Generate(app)
		return err
	}
	env := func() (map[string]string, error) {
		sc, err := stageSettings(e.ProjectDir, stage)
		if err != nil {
			return nil, err
		}
		return sc.Function("api_handler").EnvironmentVariables, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err = devserver.Run(ctx, devserver.Options{
		Dir: e.ProjectDir, Host: host, Port: port, Stage: sc.APIGatewayStage,
		Autoreload: reload, Prepare: prepare, Env: env,
		Stdout: e.Stdout, Stderr: e.Stderr,
		Ready: func(addr string) {
			if readyFile != "" {
				_ = config.WriteFileAtomic(readyFile, []byte(addr), 0o644)
			}
		},
	})
	if devserver.Shown(err) {
		return &exitError{code: 1}
	}
	if err != nil {
		return fmt.Errorf("local: %w", err)
	}
	return nil
}
