package main

import (
	"fmt"
	"net/url"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/sdkgen"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, sdkType, endpoint string
		cmd := &cobra.Command{
			Use:   "generate-sdk [--sdk-type javascript|typescript] [--stage STAGE] [--endpoint URL] OUT",
			Short: "Write a typed JavaScript/TypeScript client of the app's REST API into OUT",
			Long: `Generate-sdk writes a client of the app's routes into the directory OUT, offline,
from the handlers' Go types: apigClient.js (fetch-based, no dependencies, the
spec's apigClientFactory.newClient() surface) with apigClient.d.ts, or with
--sdk-type typescript apigClient.ts; and README.md. The client's endpoint is
--endpoint, else the stage's deployed REST API URL (.chalice/deployed/STAGE.json).
Use --endpoint http://127.0.0.1:8000 for chalicegen local. See docs/openapi.md.`,
			Args: func(cmd *cobra.Command, args []string) error {
				if len(args) != 1 {
					return usageErrorf("%s takes one argument, the output directory OUT", cmd.CommandPath())
				}
				if sdkType != string(sdkgen.JavaScript) && sdkType != string(sdkgen.TypeScript) {
					return usageErrorf("--sdk-type must be javascript or typescript, not %q", sdkType)
				}
				if endpoint != "" {
					if u, err := url.Parse(endpoint); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
						return usageErrorf("--endpoint must be an http or https URL, not %q", endpoint)
					}
				}
				return nil
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				return e.runGenerateSDK(stage, sdkgen.Type(sdkType), endpoint, args[0])
			},
		}
		cmd.Flags().StringVar(&sdkType, "sdk-type", string(sdkgen.JavaScript), "`TYPE` of client: javascript or typescript")
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE` whose deployed URL is the default endpoint")
		cmd.Flags().StringVar(&endpoint, "endpoint", "", "the client's default base `URL` (default: the stage's deployed REST API)")
		return cmd
	})
}

func (e *Env) runGenerateSDK(stage string, typ sdkgen.Type, endpoint, out string) error {
	app, deployed, err := e.loadForClients(stage)
	if err != nil {
		return err
	}
	if endpoint == "" {
		if deployed == "" {
			return fmt.Errorf("stage %s has no deployed REST API (.chalice/deployed/%s.json): deploy it first or pass --endpoint URL (e.g. --endpoint http://127.0.0.1:8000 for chalicegen local)", stage, stage)
		}
		endpoint = deployed
	}
	files, err := sdkgen.Generate(app, sdkgen.Options{Type: typ, Endpoint: endpoint})
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(e.Cwd, out)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if err := config.WriteFileAtomic(filepath.Join(out, n), files[n], 0o644); err != nil {
			return err
		}
		e.Debugf("wrote %s", e.rel(filepath.Join(out, n)))
	}
	return nil
}
