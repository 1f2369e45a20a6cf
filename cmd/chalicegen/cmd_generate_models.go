package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/openapi"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, format string
		cmd := &cobra.Command{
			Use:   "generate-models [--stage STAGE] [--format json|yaml] [FILE]",
			Short: "Write the app's OpenAPI 3.1 description, JSON Schemas from the Go types",
			Long: `Generate-models writes an OpenAPI 3.1 document of the app to FILE (stdout
without FILE): every route and method, path parameters, request bodies and
results as JSON Schemas derived from the handlers' Go types, the error
answers each route can produce, and security for authorizers and API keys.
When the stage is deployed, its REST API URL is the document's server.
See docs/openapi.md.`,
			Args: func(cmd *cobra.Command, args []string) error {
				if len(args) > 1 {
					return usageErrorf("%s takes at most one argument, the output FILE", cmd.CommandPath())
				}
				if format != "json" && format != "yaml" {
					return usageErrorf("--format must be json or yaml, not %q", format)
				}
				return nil
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				out := ""
				if len(args) == 1 {
					out = args[0]
				}
				return e.runGenerateModels(stage, format, out)
			},
		}
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE` whose deployed URL is the server")
		cmd.Flags().StringVar(&format, "format", "json", "output `FORMAT`: json or yaml")
		return cmd
	})
}

func (e *Env) runGenerateModels(stage, format, out string) error {
	app, serverURL, err := e.loadForClients(stage)
	if err != nil {
		return err
	}
	opts := openapi.Options{ServerURL: serverURL}
	var data []byte
	if format == "yaml" {
		data, err = openapi.YAML(app, opts)
	} else {
		data, err = openapi.JSON(app, opts)
	}
	if err != nil {
		return err
	}
	if out == "" {
		_, err = e.Stdout.Write(data)
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(e.Cwd, out)
	}
	return config.WriteFileAtomic(out, data, 0o644)
}

// loadForClients analyzes the app for generate-models and generate-sdk:
// the stage is resolved as every command does; its deployed REST API URL is
// returned when it has been deployed, "" otherwise.
func (e *Env) loadForClients(stage string) (*model.App, string, error) {
	if _, err := e.stageConfig(stage); err != nil {
		return nil, "", err
	}
	app, err := e.LoadApp()
	if err != nil {
		return nil, "", err
	}
	if err := openapi.CheckOperationIDs(app); err != nil {
		return nil, "", err
	}
	st, err := state.Load(e.ProjectDir, stage)
	switch {
	case errors.Is(err, state.ErrNotDeployed):
		return app, "", nil
	case err != nil:
		return nil, "", fmt.Errorf("reading the deployed stage %s: %w", stage, err)
	}
	if u := st.RestAPIURL(); u != "" {
		return app, u, nil
	}
	return app, st.HTTPAPIURL(), nil
}
