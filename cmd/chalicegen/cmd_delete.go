package main

import (
	"errors"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, profile string
		cmd := &cobra.Command{
			Use:   "delete [--stage STAGE]",
			Short: "Delete the AWS resources a deploy of the stage created",
			Long: `Delete removes every resource recorded in .chalice/deployed/<stage>.json,
newest first (REST and websocket APIs, event sources, Lambda functions, the
IAM role), then the file itself. Resources already gone are skipped; if a
deletion fails, the resources not yet deleted stay recorded, so running the
command again finishes the job.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				ctx := cmdContext(cmd)
				st, err := state.Load(e.ProjectDir, stage)
				if err != nil {
					return err
				}
				cfg, err := awsConfig(ctx, profile)
				if err != nil {
					return err
				}
				if err := e.newDeployer(cfg, stage).Delete(ctx, st); err != nil {
					return err
				}
				if len(st.Resources) != 0 {
					return errors.New("some resources were not deleted; they stay recorded")
				}
				return state.Remove(e.ProjectDir, stage)
			},
		}
		cmd.Flags().StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE` to delete")
		cmd.Flags().StringVar(&profile, "profile", "", "the AWS `PROFILE` to use")
		return cmd
	})
}
