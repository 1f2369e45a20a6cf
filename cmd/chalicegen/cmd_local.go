package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
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
Gateway does: each HTTP request becomes the proxy event AWS sends and goes
through the app's generated dispatcher; routing, CORS preflights, binary types,
API keys, built-in authorizers (with their TTL cache) and API Gateway's own
error answers behave as deployed, and websocket handlers answer on
ws://HOST:PORT/. A stage whose api_gateway_type is "http" is served as an HTTP
API: payload 2.0 events, native CORS, Lambda authorizers with simple responses
and an HTTP API's own answers. The stage's environment variables are set. IAM, Cognito and
custom authorizers only check that their credential is present: signatures and
tokens are not verified locally. --port 0 picks a free port.

With autoreload (the default) a change to a .go file, go.mod or
.chalice/config.json regenerates, rebuilds and swaps the server without
dropping connections; an annotation or build error is printed and the previous
version keeps serving until it is fixed. Ctrl-C stops cleanly. See
docs/local.md.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				return e.runLocal(cmd.Context(), host, port, stage, !noReload, readyWrite)
			},
		}
		f := cmd.Flags()
		f.StringVar(&host, "host", "127.0.0.1", "address to listen on")
		f.IntVar(&port, "port", 8000, "port to listen on (0: a free port)")
		f.StringVar(&stage, "stage", "dev", "configuration stage to use")
		f.BoolVar(&noReload, "no-autoreload", false, "do not rebuild when files change")
		f.StringVar(&readyWrite, "ready-file", "", "write the listening address to this file once serving (for scripts and tests)")
		_ = f.MarkHidden("ready-file")
		return cmd
	})
}

func (e *Env) runLocal(ctx context.Context, host string, port int, stage string, reload bool, readyFile string) error {
	e.ran = true
	if port < 0 || port > 65535 {
		return usageErrorf("--port %d: not a TCP port (0 picks a free one)", port)
	}
	if _, err := e.stageConfig(stage); err != nil {
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
		// An HTTP API has one CORS configuration: routes that cannot share
		// it are an error at the route, as deploy reports it.
		if sc, err := e.stageConfig(stage); err == nil && sc.APIGatewayType == config.APIGatewayTypeHTTP {
			if _, err := app.HTTPCORS(); err != nil {
				return err
			}
		}
		_, err = e.Generate(app)
		return err
	}
	// The stage's environment variables (those of api_handler: the app
	// runs as one process), its API Gateway stage name, and what the
	// emulated Lambda context reports (name <app>-<stage> as the spec's
	// local server has it, memory size, the lambda_timeout deadline),
	// re-read on every rebuild so config.json edits apply.
	env := func() (map[string]string, error) {
		sc, err := e.stageConfig(stage)
		if err != nil {
			return nil, err
		}
		fc := sc.Function("api_handler")
		vars := map[string]string{}
		for k, v := range fc.EnvironmentVariables {
			vars[k] = v
		}
		name := sc.AppName + "-" + sc.Name
		vars["CHALICE_LOCAL_STAGE"] = sc.APIGatewayStage
		vars["CHALICE_LOCAL_API"] = sc.APIGatewayType // "http": the HTTP API emulation
		vars["CHALICE_LOCAL_TIMEOUT"] = strconv.Itoa(fc.LambdaTimeout)
		vars["AWS_LAMBDA_FUNCTION_NAME"] = name
		vars["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = strconv.Itoa(fc.LambdaMemorySize)
		vars["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
		vars["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + name
		return vars, nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := devserver.Run(ctx, devserver.Options{
		Dir: e.ProjectDir, Host: host, Port: port,
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
