package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, name string
		cmd := &cobra.Command{
			Use:   "url [--stage STAGE] [-n FUNCTION]",
			Short: "Print the URL of the stage's deployed REST or HTTP API (or websocket API, or Function URL)",
			Long: `Url prints the REST API (or HTTP API) URL recorded by the last deploy of the stage (or,
for an app with only websocket handlers, its websocket API URL; for an app
with neither, its Function URL: api_handler's, or the only one). With -n it
prints the Function URL of the named function.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				st, err := state.Load(e.ProjectDir, stage)
				if err != nil {
					return err
				}
				urls := st.FunctionURLs()
				if name != "" {
					u, ok := urls[name]
					if !ok {
						have := "none is deployed"
						if len(urls) > 0 {
							have = "deployed: " + strings.Join(slices.Sorted(maps.Keys(urls)), ", ")
						}
						return fmt.Errorf("function %s has no deployed Function URL in stage %s (%s; set function_url in .chalice/config.json and deploy)", name, stage, have)
					}
					fmt.Fprintln(e.Stdout, u)
					return nil
				}
				u := st.RestAPIURL()
				if u == "" {
					u = st.HTTPAPIURL()
				}
				if u == "" {
					u = st.WebsocketAPIURL()
				}
				if u == "" {
					u = urls["api_handler"]
				}
				if u == "" && len(urls) == 1 {
					for _, v := range urls {
						u = v
					}
				}
				if u == "" && len(urls) > 1 {
					return fmt.Errorf("stage %s has several Function URLs (%s): name one with -n", stage, strings.Join(slices.Sorted(maps.Keys(urls)), ", "))
				}
				if u == "" {
					return fmt.Errorf("stage %s has no deployed API (.chalice/deployed/%s.json records none)", stage, stage)
				}
				fmt.Fprintln(e.Stdout, u)
				return nil
			},
		}
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE`")
		cmd.Flags().StringVarP(&name, "name", "n", "", "print the Function URL of the function with this logical `NAME`")
		return cmd
	})
}
