package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage string
		cmd := &cobra.Command{
			Use:   "url [--stage STAGE]",
			Short: "Print the URL of the stage's deployed REST API",
			Long: `Url prints the REST API URL recorded by the last deploy of the stage (or,
for an app with only websocket handlers, its websocket API URL).`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				st, err := state.Load(e.ProjectDir, stage)
				if err != nil {
					return err
				}
				u := st.RestAPIURL()
				if u == "" {
					u = st.WebsocketAPIURL()
				}
				if u == "" {
					return fmt.Errorf("stage %s has no deployed API (.chalice/deployed/%s.json records none)", stage, stage)
				}
				fmt.Fprintln(e.Stdout, u)
				return nil
			},
		}
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE`")
		return cmd
	})
}
