package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/state"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, name, profile string
		cmd := &cobra.Command{
			Use:   "invoke -n NAME [--stage STAGE]",
			Short: "Invoke a deployed Lambda function with standard input as the event",
			Long: `Invoke calls the deployed function with the given logical name (api_handler,
an event handler's name, ...) synchronously, sending standard input as the
event payload (an empty input sends {}), and prints the function's response.
A function error prints the error payload on standard error and exits 1.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if name == "" {
					return usageErrorf("invoke needs the function's name: -n NAME")
				}
				ctx := cmdContext(cmd)
				st, err := state.Load(e.ProjectDir, stage)
				if err != nil {
					return err
				}
				arn, err := deployedFunction(st, name, stage)
				if err != nil {
					return err
				}
				payload, err := io.ReadAll(e.Stdin)
				if err != nil {
					return fmt.Errorf("reading the payload from standard input: %w", err)
				}
				if len(strings.TrimSpace(string(payload))) == 0 {
					payload = []byte("{}")
				}
				cfg, err := awsConfig(ctx, profile)
				if err != nil {
					return err
				}
				out, err := lambda.NewFromConfig(cfg).Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String(arn), Payload: payload})
				if err != nil {
					return fmt.Errorf("invoking %s: %w", arn, err)
				}
				if out.FunctionError != nil {
					fmt.Fprintln(e.Stderr, string(out.Payload))
					return &exitError{code: exitFailure, err: fmt.Errorf("%s returned an error (%s)", name, aws.ToString(out.FunctionError))}
				}
				_, err = fmt.Fprintln(e.Stdout, string(out.Payload))
				return err
			},
		}
		f := cmd.Flags()
		f.StringVarP(&name, "name", "n", "", "the logical `NAME` of the function to invoke")
		f.StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE`")
		f.StringVar(&profile, "profile", "", "the AWS `PROFILE` to use")
		return cmd
	})
}

// deployedFunction is the ARN the stage's state records for the logical
// function name, or the error invoke and logs give for a name it lacks.
func deployedFunction(st *state.State, name, stage string) (string, error) {
	if arn := st.LambdaARN(name); arn != "" {
		return arn, nil
	}
	return "", fmt.Errorf("no deployed function named %q in stage %s (deployed: %s)", name, stage, strings.Join(deployedFunctions(st), ", "))
}

func deployedFunctions(st *state.State) []string {
	var out []string
	for _, r := range st.Resources {
		if r.Type == state.TypeLambdaFunction {
			out = append(out, r.Name)
		}
	}
	if len(out) == 0 {
		return []string{"none"}
	}
	return out
}
