package main

import (
	"bytes"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, function string
		var explain, check bool
		cmd := &cobra.Command{
			Use:     "gen-policy",
			Aliases: []string{"policy"},
			Short:   "Print the IAM policy inferred from the AWS SDK calls the app can make",
			Long: `Gen-policy builds a call graph of the app from each Lambda entry point and
prints the least-privilege IAM policy its AWS SDK calls need, with the
CloudWatch Logs permissions every function has (and the network interface
permissions of functions in a VPC). Without --function it prints the policy
of the role all the app's functions share. A function configured with
"autogen_policy": false prints its policy file instead.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				if check {
					return e.runGenPolicyCheck(stage)
				}
				return e.runGenPolicy(stage, function, explain)
			},
		}
		f := cmd.Flags()
		f.StringVar(&stage, "stage", "dev", "configuration stage")
		f.StringVar(&function, "function", "", "print the policy of this logical function only (api_handler, an event handler's name...)")
		f.BoolVar(&explain, "explain", false, "list, for each action, the calls that need it instead of printing the policy")
		f.BoolVar(&check, "check", false, "exit 1 when .chalice/policy-<stage>.json (written by deploy) differs from what the code needs, listing the added and removed actions")
		cmd.MarkFlagsMutuallyExclusive("check", "explain")
		cmd.MarkFlagsMutuallyExclusive("check", "function")
		return cmd
	})
}

func (e *Env) runGenPolicy(stage, function string, explain bool) error {
	e.ran = true
	sc, err := e.stageConfig(stage)
	if err != nil {
		return err
	}
	app, err := e.loadAndGenerate()
	if err != nil {
		return err
	}
	names := app.FunctionNames()
	if function != "" {
		found := false
		for _, n := range names {
			found = found || n == function
		}
		if !found {
			return fmt.Errorf("unknown function %q: this app's functions are %v", function, names)
		}
	}
	// The app-wide policy is governed by api_handler's settings (the
	// shared role); a single function by its own.
	governing := function
	if governing == "" {
		governing = "api_handler"
	}
	fc := sc.Function(governing)
	if !fc.AutogenPolicy {
		if explain {
			return fmt.Errorf("%s uses its policy file (autogen_policy is false): nothing is inferred to explain", governing)
		}
		doc, err := policy.LoadPolicyFile(e.ProjectDir, stage, fc.IAMPolicyFile)
		if err != nil {
			return err
		}
		return e.printPolicy(doc)
	}
	e.Debugf("inferring the policy of %v", names)
	res, err := policy.Infer(e.ProjectDir, app, policyOptions(sc, names))
	if err != nil {
		return err
	}
	doc, uses := res.App, res.AppActions
	if function != "" {
		f := res.Function(function)
		doc, uses = f.Document, f.Actions
	}
	if explain {
		return policy.WriteExplain(e.Stdout, uses, e.Cwd)
	}
	return e.printPolicy(doc)
}

func (e *Env) printPolicy(doc *policy.Document) error {
	b, err := doc.MarshalIndent()
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(e.Stdout, string(b))
	return err
}

// policyOptions carries the configuration that adds permissions no call
// shows: VPC networking and X-Ray tracing, per function.
func policyOptions(sc *config.StageConfig, functions []string) policy.Options {
	opts := policy.Options{VPC: map[string]bool{}, XRay: map[string]bool{}, Arch: sc.Architecture}
	for _, n := range functions {
		c := sc.Function(n)
		opts.VPC[n] = len(c.SubnetIDs) > 0 && len(c.SecurityGroupIDs) > 0
		opts.XRay[n] = c.XRay
	}
	return opts
}

// runGenPolicyCheck compares the policy deploy wrote for the stage with the
// one the code needs now: for CI, so a change that needs a new permission
// (or drops one) is seen before it is deployed.
func (e *Env) runGenPolicyCheck(stage string) error {
	e.ran = true
	sc, err := e.stageConfig(stage)
	if err != nil {
		return err
	}
	if fc := sc.Function("api_handler"); !fc.AutogenPolicy {
		return fmt.Errorf("stage %s has autogen_policy false: its policy file %s is written by hand, nothing to check", stage, e.rel(fc.IAMPolicyPath))
	}
	app, err := e.loadAndGenerate()
	if err != nil {
		return err
	}
	res, err := policy.Infer(e.ProjectDir, app, policyOptions(sc, app.FunctionNames()))
	if err != nil {
		return err
	}
	path := policy.PolicyFilePath(e.ProjectDir, stage, "")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("%s does not exist: chalicegen deploy writes it (or: chalicegen gen-policy --stage %s > %s)", e.rel(path), stage, e.rel(path))
	}
	old, err := policy.LoadPolicyFile(e.ProjectDir, stage, "")
	if err != nil {
		return err
	}
	oldB, err := old.MarshalIndent()
	if err != nil {
		return err
	}
	newB, err := res.App.MarshalIndent()
	if err != nil {
		return err
	}
	if bytes.Equal(oldB, newB) {
		fmt.Fprintf(e.Stdout, "%s is up to date\n", e.rel(path))
		return nil
	}
	added, removed := policy.ActionDiff(old, res.App)
	for _, a := range added {
		fmt.Fprintf(e.Stdout, "+ %s\n", a)
	}
	for _, a := range removed {
		fmt.Fprintf(e.Stdout, "- %s\n", a)
	}
	for _, a := range policy.ResourceDiff(old, res.App) {
		fmt.Fprintf(e.Stdout, "~ %s (resources)\n", a)
	}
	return fmt.Errorf("%s differs from the policy the code needs (%d actions added, %d removed): deploy, or run chalicegen gen-policy --stage %s > %s", e.rel(path), len(added), len(removed), stage, e.rel(path))
}

// loadAndGenerate analyzes the app and rewrites chalice_gen.go before the
// policy is inferred: inference type-checks the whole package, and a stale
// generated file (one naming a handler since renamed) would not compile.
func (e *Env) loadAndGenerate() (*model.App, error) {
	app, err := e.LoadApp()
	if err != nil {
		return nil, err
	}
	if _, err := e.Generate(app); err != nil {
		return nil, err
	}
	return app, nil
}
