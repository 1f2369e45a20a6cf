// Package awsdeploy executes a deploy plan against AWS with
// aws-sdk-go-v2: every resource is created when missing and updated only
// where it differs, so a re-run converges and an unchanged app changes
// nothing. What was created is recorded in the stage's state file after
// each resource, so a failure part-way leaves an accurate record that the
// next deploy (or delete) picks up.
package awsdeploy

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sts"
	"github.com/aws/smithy-go"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

// Clients are the AWS service clients a deploy uses.
type Clients struct {
	IAM         *iam.Client
	Lambda      *lambda.Client
	APIGateway  *apigateway.Client
	APIGateway2 *apigatewayv2.Client
	Events      *eventbridge.Client
	S3          *s3.Client
	SNS         *sns.Client
	Logs        *cloudwatchlogs.Client
	STS         *sts.Client
}

// NewClients builds every client from one configuration.
func NewClients(cfg aws.Config) *Clients {
	return &Clients{
		IAM:         iam.NewFromConfig(cfg),
		Lambda:      lambda.NewFromConfig(cfg),
		APIGateway:  apigateway.NewFromConfig(cfg),
		APIGateway2: apigatewayv2.NewFromConfig(cfg),
		Events:      eventbridge.NewFromConfig(cfg),
		S3:          s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = os.Getenv("AWS_ENDPOINT_URL") != "" }),
		SNS:         sns.NewFromConfig(cfg),
		Logs:        cloudwatchlogs.NewFromConfig(cfg),
		STS:         sts.NewFromConfig(cfg),
	}
}

// Code is the deployment package every function runs.
type Code struct {
	ZipPath string
	// SHA256 is the zip's SHA-256 in base64, as Lambda reports CodeSha256.
	SHA256 string
}

// Deployer runs deploys and deletes for one stage.
type Deployer struct {
	Clients   *Clients
	Region    string
	Account   string // found with sts:GetCallerIdentity when empty
	Partition string // "aws" unless the region says otherwise

	// Out receives the progress lines the spec's CLI prints.
	Out io.Writer
	// Debugf logs details; nil discards them.
	Debugf func(format string, args ...any)
	// Confirm is asked before a changed execution policy is applied to an
	// existing role; nil proceeds.
	Confirm func(added, removed []string) (bool, error)
	// Save persists the state; it is called after every change.
	Save func(*state.State) error

	// RoleRetry is how long CreateFunction keeps retrying while a new
	// role is not yet assumable (IAM is eventually consistent); default 60s.
	RoleRetry time.Duration
	// Poll is the interval of waits; default 1s.
	Poll time.Duration
	// Workers bounds the resources converged at the same time (see
	// concurrent.go); 0 means 4, 1 a sequential deploy.
	Workers int

	// sh is shared by the copies of the Deployer that concurrent tasks use.
	sh *shared

	// refs are the live values of the plan's references known so far.
	refs map[plan.Ref]string
	// fnReads and methodReads are prefetched reads (prefetch.go).
	fnReads     map[string]*fnRead
	methodReads map[methodKey]*methodRead
}

// Result is what a deploy produced.
type Result struct {
	LambdaARNs      []string
	RestAPIID       string
	RestAPIURL      string
	HTTPAPIID       string
	HTTPAPIURL      string
	WebsocketAPIID  string
	WebsocketAPIURL string
	// Domains are the custom domains and the alias targets to point DNS at.
	Domains []*Domain
	// FunctionURLs are the functions' Function URLs.
	FunctionURLs []FunctionURL
}

// FunctionURL is a deployed Function URL.
type FunctionURL struct {
	Function string // logical name
	URL      string
}

// ErrAborted is returned when Confirm declines a policy change.
var ErrAborted = errors.New("deploy aborted: the execution policy change was not confirmed")

func (d *Deployer) printf(format string, args ...any) {
	if d.Out != nil {
		fmt.Fprintf(d.Out, format+"\n", args...)
	}
}

func (d *Deployer) debugf(format string, args ...any) {
	if d.Debugf != nil {
		d.Debugf(format, args...)
	}
}

func (d *Deployer) poll() time.Duration {
	if d.Poll > 0 {
		return d.Poll
	}
	return time.Second
}

func (d *Deployer) save(st *state.State) error {
	if d.Save == nil {
		return nil
	}
	return d.Save(st)
}

// record stores r and persists the state, whole, under the lock tasks
// share.
func (d *Deployer) record(st *state.State, r state.Resource) error {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	st.Put(r)
	return d.save(st)
}

// forget removes a resource from the state and persists it.
func (d *Deployer) forget(st *state.State, name string) error {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	st.Delete(name)
	return d.save(st)
}

// Init fills Account and Partition.
func (d *Deployer) Init(ctx context.Context) error {
	if d.Region == "" {
		return errors.New("no AWS region configured: set AWS_REGION or a region in your AWS profile")
	}
	if d.Partition == "" {
		d.Partition = partitionOf(d.Region)
	}
	if d.Account == "" {
		out, err := d.Clients.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		if err != nil {
			return fmt.Errorf("finding the AWS account (sts:GetCallerIdentity): %w", err)
		}
		d.Account = aws.ToString(out.Account)
	}
	d.sh = &shared{}
	d.refs = map[plan.Ref]string{
		{Kind: plan.RefPartition}: d.Partition,
		{Kind: plan.RefRegion}:    d.Region,
		{Kind: plan.RefAccount}:   d.Account,
		{Kind: plan.RefURLSuffix}: d.dnsSuffix(),
	}
	return nil
}

// resolve returns the live value of v: its references must be of
// resources already deployed.
func (d *Deployer) resolve(v plan.Value) (string, error) {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	return v.Resolve(func(r plan.Ref) (string, error) {
		if s, ok := d.refs[r]; ok {
			return s, nil
		}
		return "", fmt.Errorf("%s is not deployed yet", r)
	})
}

// known records the live value of a reference.
func (d *Deployer) known(r plan.Ref, s string) {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	d.refs[r] = s
}

func partitionOf(region string) string {
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

func (d *Deployer) dnsSuffix() string {
	if d.Partition == "aws-cn" {
		return "amazonaws.com.cn"
	}
	return "amazonaws.com"
}

// Deploy converges AWS to p. st is the stage's recorded state; it is
// updated (and saved through Save) as resources are created, and resources
// it records that p no longer has are deleted.
func (d *Deployer) Deploy(ctx context.Context, p *plan.Plan, code Code, st *state.State) (*Result, error) {
	if err := d.Init(ctx); err != nil {
		return nil, err
	}
	zip, err := os.ReadFile(code.ZipPath)
	if err != nil {
		return nil, fmt.Errorf("reading the deployment package: %w", err)
	}
	desired := map[string]bool{}
	res := &Result{}

	for _, r := range p.Roles {
		arn, err := d.ensureRole(ctx, r, st)
		if err != nil {
			return nil, err
		}
		d.known(plan.Ref{Kind: plan.RefRoleARN, Name: r.StateName}, arn)
		desired[r.StateName] = true
	}
	d.prefetchFunctions(ctx, p.Functions)
	defer func() { d.fnReads = nil }()
	// Functions, then what hangs off them (function URLs, log groups,
	// event sources, APIs): each phase's resources converge concurrently
	// (concurrent.go).
	arns := make([]string, len(p.Functions))
	var tasks []task
	for i, f := range p.Functions {
		tasks = append(tasks, task{keys: []string{"fn:" + f.Logical}, run: func(ctx context.Context, d *Deployer) error {
			role, err := d.resolve(f.RoleARN)
			if err != nil {
				return fmt.Errorf("lambda function %s: role: %w", f.Name, err)
			}
			arn, err := d.ensureFunction(ctx, f, role, code.SHA256, zip, st)
			if err != nil {
				return err
			}
			d.known(plan.Ref{Kind: plan.RefFunctionARN, Name: f.Logical}, arn)
			arns[i] = arn
			return nil
		}})
		desired[f.Logical] = true
	}
	if err := d.runTasks(ctx, tasks); err != nil {
		return nil, err
	}
	res.LambdaARNs = arns

	res.FunctionURLs = make([]FunctionURL, len(p.FunctionURLs))
	tasks = nil
	for i, u := range p.FunctionURLs {
		tasks = append(tasks, task{keys: []string{"fn:" + u.Function}, run: func(ctx context.Context, d *Deployer) error {
			addr, err := d.ensureFunctionURL(ctx, u, st)
			res.FunctionURLs[i] = FunctionURL{Function: u.Function, URL: addr}
			return err
		}})
		desired[u.StateName] = true
	}
	for _, g := range p.LogGroups {
		tasks = append(tasks, task{run: func(ctx context.Context, d *Deployer) error { return d.ensureLogGroup(ctx, g) }})
	}
	for _, e := range p.Events {
		keys := []string{"fn:" + e.Base().Function}
		if s3e, ok := e.(*plan.S3Event); ok {
			keys = append(keys, "bucket:"+s3e.Bucket)
		}
		tasks = append(tasks, task{keys: keys, run: func(ctx context.Context, d *Deployer) error { return d.ensureEvent(ctx, e, st) }})
		desired[e.Base().StateName] = true
	}
	// The APIs share a lane with what else changes the resource policy of
	// the functions they invoke.
	var restDom, httpDom, wsDom *Domain
	if p.RestAPI != nil {
		desired[restAPIName] = true
		if cd := p.RestAPI.CustomDomain; cd != nil {
			desired[cd.StateName] = true
		}
		tasks = append(tasks, task{keys: permissionKeys(p.RestAPI.Permissions), run: func(ctx context.Context, d *Deployer) error {
			id, url, err := d.ensureRestAPI(ctx, p.RestAPI, st)
			if err != nil {
				return err
			}
			res.RestAPIID, res.RestAPIURL = id, url
			if cd := p.RestAPI.CustomDomain; cd != nil {
				restDom, err = d.ensureDomain(ctx, cd, id, p.RestAPI.Stage, st)
			}
			return err
		}})
	}
	if p.HTTPAPI != nil {
		desired[httpAPIName] = true
		if cd := p.HTTPAPI.CustomDomain; cd != nil {
			desired[cd.StateName] = true
		}
		tasks = append(tasks, task{keys: permissionKeys(p.HTTPAPI.Permissions), run: func(ctx context.Context, d *Deployer) error {
			var err error
			httpDom, err = d.deployHTTPAPI(ctx, p.HTTPAPI, st, res)
			return err
		}})
	}
	if p.WebsocketAPI != nil {
		desired[websocketAPIName] = true
		if cd := p.WebsocketAPI.CustomDomain; cd != nil {
			desired[cd.StateName] = true
		}
		tasks = append(tasks, task{keys: permissionKeys(p.WebsocketAPI.Permissions), run: func(ctx context.Context, d *Deployer) error {
			id, url, err := d.ensureWebsocketAPI(ctx, p.WebsocketAPI, st)
			if err != nil {
				return err
			}
			res.WebsocketAPIID, res.WebsocketAPIURL = id, url
			if cd := p.WebsocketAPI.CustomDomain; cd != nil {
				wsDom, err = d.ensureDomain(ctx, cd, id, p.WebsocketAPI.Stage, st)
			}
			return err
		}})
	}
	if err := d.runTasks(ctx, tasks); err != nil {
		return nil, err
	}
	for _, dom := range []*Domain{restDom, httpDom, wsDom} {
		if dom != nil {
			res.Domains = append(res.Domains, dom)
		}
	}
	// Resources the app no longer has, newest first.
	for i := len(st.Resources) - 1; i >= 0; i-- {
		if i >= len(st.Resources) {
			continue
		}
		r := st.Resources[i]
		if desired[r.Name] {
			continue
		}
		if err := d.deleteResource(ctx, r, st); err != nil {
			return nil, err
		}
	}
	if err := d.planOrder(st, p); err != nil {
		return nil, err
	}
	d.printf("Resources deployed:")
	for _, a := range res.LambdaARNs {
		d.printf("  - Lambda ARN: %s", a)
	}
	if res.RestAPIURL != "" {
		d.printf("  - Rest API URL: %s", res.RestAPIURL)
	}
	if res.HTTPAPIURL != "" {
		d.printf("  - HTTP API URL: %s", res.HTTPAPIURL)
	}
	if res.WebsocketAPIURL != "" {
		d.printf("  - Websocket API URL: %s", res.WebsocketAPIURL)
	}
	for _, u := range res.FunctionURLs {
		d.printf("  - Function URL (%s): %s", u.Function, u.URL)
	}
	for _, dom := range res.Domains {
		dom.print(d)
	}
	return res, nil
}

const (
	restAPIName      = "rest_api"
	websocketAPIName = "websocket_api"
)

// Delete deletes every resource st records, newest first, and forgets each
// once it is gone (or was already gone). On an error the resources not yet
// deleted stay recorded.
func (d *Deployer) Delete(ctx context.Context, st *state.State) error {
	if err := d.Init(ctx); err != nil {
		return err
	}
	for i := len(st.Resources) - 1; i >= 0; i-- {
		if i >= len(st.Resources) {
			continue
		}
		if err := d.deleteResource(ctx, st.Resources[i], st); err != nil {
			return err
		}
	}
	return nil
}

// apiCode returns the error code of an AWS API error, or "".
func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// isNotFound reports whether err says the resource does not exist.
func isNotFound(err error) bool {
	switch apiCode(err) {
	case "NotFoundException", "ResourceNotFoundException", "NoSuchEntity", "NoSuchBucket",
		"NotFound", "NoSuchKey", "ResourceNotFound":
		return true
	}
	return false
}

// wrap adds what was being done to an AWS error.
func wrap(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), err)
}

func wrapText(format string, args ...any) error { return fmt.Errorf(format, args...) }
