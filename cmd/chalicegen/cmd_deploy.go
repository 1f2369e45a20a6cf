package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/packaging"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/policy"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var stage, apiStage, profile string
		var yes, dryRun, noAutogen bool
		cmd := &cobra.Command{
			Use:   "deploy [--stage STAGE]",
			Short: "Deploy the app to AWS: IAM role, Lambda functions, REST or HTTP API, event sources",
			Long: `Deploy regenerates chalice_gen.go, builds the deployment package, and creates
or updates the stage's AWS resources: the IAM role (with the inferred
policy), one Lambda function per logical function (provided.al2023, all
running the same bootstrap), the REST API and its stage, the websocket API,
and the event sources (EventBridge rules, S3 notifications, SNS
subscriptions, SQS/Kinesis/DynamoDB mappings). What it created is recorded
in .chalice/deployed/<stage>.json; running it again updates only what
changed. See docs/deploy.md.`,
			Args: noArgs,
			RunE: func(cmd *cobra.Command, args []string) error {
				return e.runDeploy(cmdContext(cmd), stage, apiStage, profile, yes, dryRun, noAutogen)
			},
		}
		f := cmd.Flags()
		f.StringVar(&stage, "stage", config.DefaultStage, "the chalice `STAGE` to deploy")
		f.StringVar(&apiStage, "api-gateway-stage", "", "the API Gateway `STAGE` name (default: the config's api_gateway_stage)")
		f.StringVar(&profile, "profile", "", "the AWS `PROFILE` to use")
		f.BoolVar(&yes, "yes", false, "apply execution policy changes without asking")
		f.BoolVar(&dryRun, "dry-run", false, "print what would be created, updated and deleted; change nothing (only read APIs are called)")
		f.BoolVar(&noAutogen, "no-autogen-policy", false, "use the policy file (.chalice/policy-<stage>.json, or iam_policy_file) instead of inferring the policy")
		return cmd
	})
}

func cmdContext(cmd *cobra.Command) context.Context {
	if ctx := cmd.Context(); ctx != nil {
		return ctx
	}
	return context.Background()
}

// awsConfig loads the SDK configuration (environment, shared files, the
// --profile).
func awsConfig(ctx context.Context, profile string) (aws.Config, error) {
	var opts []func(*awsconfig.LoadOptions) error
	if profile != "" {
		opts = append(opts, awsconfig.WithSharedConfigProfile(profile))
	}
	cfg, err := awsconfig.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, errors.New("no AWS region configured: set AWS_REGION (or AWS_DEFAULT_REGION), or a region in your AWS profile")
	}
	// Found once here (the SDK caches them), so a missing credential is
	// said plainly instead of inside the first call's error.
	if cfg.Credentials != nil {
		if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
			return aws.Config{}, fmt.Errorf("no AWS credentials found: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or name a profile with --profile or AWS_PROFILE (%w)", err)
		}
	}
	return cfg, nil
}

func (e *Env) newDeployer(cfg aws.Config, stage string) *awsdeploy.Deployer {
	return &awsdeploy.Deployer{
		Clients: awsdeploy.NewClients(cfg),
		Region:  cfg.Region,
		Out:     e.Stdout,
		Debugf:  e.Debugf,
		Save:    func(s *state.State) error { return s.Save(e.ProjectDir, stage) },
		Workers: e.DeployWorkers,
	}
}

// cliPolicies infers the policy once, on first use.
type cliPolicies struct {
	dir, stage string
	sc         *config.StageConfig
	noAutogen  bool // deploy --no-autogen-policy: every role uses its policy file
	app        *model.App
	opts       policy.Options
	once       sync.Once
	res        *policy.Result
	err        error
}

func (p *cliPolicies) Inferred(fn string) (*policy.Document, error) {
	if p.noAutogen {
		return p.fileFor(fn)
	}
	p.once.Do(func() { p.res, p.err = p.infer() })
	if p.err != nil {
		return nil, p.err
	}
	if fn == "" {
		return p.res.App, nil
	}
	if d := p.res.Document(fn); d != nil {
		return d, nil
	}
	return nil, fmt.Errorf("no inferred policy for function %s", fn)
}

func (p *cliPolicies) File(file string) (*policy.Document, error) {
	return policy.LoadPolicyFile(p.dir, p.stage, file)
}

// stagePlan loads the app, regenerates chalice_gen.go and plans the
// stage: what deploy converges to and package renders.
func (e *Env) stagePlan(stage, apiStage string) (*model.App, *config.StageConfig, *plan.Plan, error) {
	app, sc, p, _, err := e.stagePlanPolicies(stage, apiStage, false)
	return app, sc, p, err
}

// stagePlanPolicies is stagePlan, also returning where the roles' policies
// came from; noAutogen is deploy --no-autogen-policy.
func (e *Env) stagePlanPolicies(stage, apiStage string, noAutogen bool) (*model.App, *config.StageConfig, *plan.Plan, *cliPolicies, error) {
	sc, err := e.stageConfig(stage)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if apiStage != "" {
		sc.APIGatewayStage = apiStage
	}
	app, err := e.LoadApp()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	if err := model.CheckExperimental(app); err != nil {
		return nil, nil, nil, nil, err
	}
	if _, err := e.Generate(app); err != nil {
		return nil, nil, nil, nil, err
	}
	for _, n := range sc.ConfiguredFunctions() {
		if !contains(app.FunctionNames(), n) {
			fmt.Fprintf(e.Stderr, "chalicegen: warning: .chalice/config.json configures function %q, which the app does not define\n", n)
		}
	}
	policies := &cliPolicies{dir: e.ProjectDir, stage: sc.Name, sc: sc, noAutogen: noAutogen, app: app, opts: policyOptions(sc, app.FunctionNames())}
	p, err := plan.Build(plan.Inputs{
		App: app, Stage: sc,
		Policies: policies,
		ReadFile: os.ReadFile,
	})
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for _, w := range p.Warnings {
		rel := *w
		rel.Pos.File = e.rel(w.Pos.File)
		fmt.Fprintln(e.Stderr, "chalicegen: warning: "+rel.Error())
	}
	return app, sc, p, policies, nil
}

func (e *Env) runDeploy(ctx context.Context, stage, apiStage, profile string, yes, dryRun, noAutogen bool) error {
	start := time.Now()
	app, sc, p, policies, err := e.stagePlanPolicies(stage, apiStage, noAutogen)
	if err != nil {
		return err
	}
	planned := time.Now()
	cfg, err := awsConfig(ctx, profile)
	if err != nil {
		return err
	}
	dir := app.Dir
	if dir == "" {
		dir = e.ProjectDir
	}
	fmt.Fprintln(e.Stdout, "Creating deployment package.")
	// An unchanged app (same sources, go.sum, toolchain settings and
	// architecture) keeps its zip: builds are reproducible.
	art, err := packaging.Package(ctx, packaging.Options{BuildOptions: packaging.BuildOptions{Dir: dir, Arch: sc.Architecture}, Reuse: true})
	if err != nil {
		return err
	}
	e.Debugf("deployment package %s: %d bytes, sha256 %s (reused unchanged: %v)", e.rel(art.ZipPath), art.ZipSize, art.SHA256, art.Reused)
	packaged := time.Now()
	defer func() {
		e.Debugf("timing: load, generate, infer and plan %v; package %v; AWS %v", planned.Sub(start).Round(time.Millisecond), packaged.Sub(planned).Round(time.Millisecond), time.Since(packaged).Round(time.Millisecond))
	}()
	st, err := state.Load(e.ProjectDir, sc.Name)
	if errors.Is(err, state.ErrNotDeployed) {
		st = state.New()
	} else if err != nil {
		return err
	}
	d := e.newDeployer(cfg, sc.Name)
	if dryRun {
		changes, err := d.Preview(ctx, p, awsdeploy.Code{ZipPath: art.ZipPath, SHA256: art.CodeSHA256()}, st)
		if err != nil {
			return err
		}
		printChanges(e.Stdout, changes)
		return nil
	}
	if !yes && isTerminal(e.Stdin) {
		d.Confirm = func(added, removed []string) (bool, error) { return confirm(e.Stdin, e.Stdout) }
	}
	if _, err = d.Deploy(ctx, p, awsdeploy.Code{ZipPath: art.ZipPath, SHA256: art.CodeSHA256()}, st); err != nil {
		return err
	}
	return e.writeDeployedPolicy(policies)
}

// printChanges prints a dry run's result.
func printChanges(w io.Writer, c *awsdeploy.Changes) {
	fmt.Fprintln(w, "Dry run: nothing was changed.")
	if c.Empty() {
		fmt.Fprintln(w, "No changes: the deployed stage matches the app.")
		return
	}
	for _, g := range []struct {
		title string
		items []string
	}{{"Would create:", c.Create}, {"Would update:", c.Update}, {"Would delete:", c.Delete}} {
		if len(g.items) == 0 {
			continue
		}
		fmt.Fprintln(w, g.title)
		for _, it := range g.items {
			fmt.Fprintf(w, "  - %s\n", it)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// isTerminal reports whether r is an interactive terminal. A character
// device is not enough: /dev/null, the standard input of most CI systems,
// is one too.
func isTerminal(r io.Reader) bool {
	f, ok := r.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// confirm asks the spec's question; an empty answer is yes.
func confirm(in io.Reader, out io.Writer) (bool, error) {
	fmt.Fprint(out, "Would you like to continue?  [Y/n]: ")
	line, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && line == "" {
		return false, fmt.Errorf("reading the answer: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(line)) {
	case "", "y", "yes":
		return true, nil
	}
	return false, nil
}
