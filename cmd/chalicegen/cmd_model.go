package main

import (
	"encoding/json"

	"github.com/spf13/cobra"
)

func init() {
	register(func(e *Env) *cobra.Command {
		return &cobra.Command{
			Use:    "model",
			Short:  "Print the app model as JSON (for debugging chalicegen)",
			Hidden: true,
			Args:   noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				app, err := e.LoadApp()
				if err != nil {
					return err
				}
				enc := json.NewEncoder(e.Stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(app)
			},
		}
	})
}
