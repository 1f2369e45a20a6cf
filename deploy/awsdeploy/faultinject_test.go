package awsdeploy_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	"github.com/google/go-cmp/cmp"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/awsproxy"
	"github.com/chalice-go/chalice/internal/mototest"
	"github.com/chalice-go/chalice/policy"
)

// campaignApp is an example app the fault campaign deploys, with the
// buckets, topics and queues it expects to exist.
type campaignApp struct {
	dir                    string // under examples/
	buckets, topics, queue []string
	config                 string // replaces the app's .chalice/config.json when set
}

var campaignApps = []campaignApp{
	{dir: "authorizer"}, // REST API: built-in, IAM, Cognito and custom authorizers, API key
	{dir: "events/every_hour"},
	{dir: "events/codecommit"},
	{dir: "events/s3resizer", buckets: []string{"mybucket-name"}},
	{dir: "events/sns", topics: []string{"my-demo-topic"}},
	{dir: "events/sqs", queue: []string{"my-queue", "orders"}},
	{dir: "websocket/chat"},
	// HTTP API: routes, native CORS, JWT, Lambda and IAM authorizers, a v2
	// custom domain.
	{dir: "httpapi", config: `{"version": "2.0", "app_name": "httpapi", "api_gateway_type": "http", "stages": {"dev": {
	  "api_gateway_custom_domain": {"domain_name": "http.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/h"}}}}`},
	// Function URLs (public and IAM) and a REST custom domain.
	{dir: "events/pure", config: `{"version": "2.0", "app_name": "pure-lambdas", "api_gateway_endpoint_type": "REGIONAL",
	  "function_url": {"auth_type": "AWS_IAM"},
	  "stages": {"dev": {"lambda_functions": {"api_handler": {"function_url": {"auth_type": "NONE", "cors": {"allow_origins": ["*"]}}}},
	    "api_gateway_custom_domain": {"domain_name": "api.example.com", "certificate_arn": "arn:aws:acm:us-east-1:123456789012:certificate/x", "url_prefix": "v1"}}}}`},
}

// TestFaultInjectionCampaign deploys each campaign app once undisturbed to
// learn its N mutating calls and its inventory. Then, for every K in 1..N
// and both fault modes (the K-th mutating call fails with an AWS-shaped
// error, or the deployer is stopped right after it as if killed), on a
// fresh moto account: the faulted deploy, a clean deploy that must leave
// exactly the undisturbed inventory, a second deploy that must make no
// mutating call, and a delete that must leave the account as it was.
//
// The deployer makes independent calls concurrently, so "the K-th call" is
// the K-th of the undisturbed run named by its identity (awsproxy: service,
// generic operation, target resource, occurrence), which the faulted run
// makes too whatever the interleaving; the fault hits that call.
func TestFaultInjectionCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("fault-injection campaign against moto; skipped with -short")
	}
	px := mototest.Proxied(t)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	direct := cfg.Copy() // inventories go to moto directly
	direct.BaseEndpoint = aws.String(px.Target)
	inv := newAWSClients(direct)
	inv.ag2Gaps = apigatewayv2.NewFromConfig(cfg)

	zip := []byte("PK\x05\x06" + strings.Repeat("\x00", 18))
	zipPath := filepath.Join(t.TempDir(), "deployment.zip")
	if err := os.WriteFile(zipPath, zip, 0o644); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(zip)
	code := awsdeploy.Code{ZipPath: zipPath, SHA256: base64.StdEncoding.EncodeToString(sum[:])}

	var table bytes.Buffer
	fmt.Fprintf(&table, "%-18s %3s  %-4s  %-72s %s\n", "app", "K", "mode", "faulted call (identity)", "recovery: mutating calls")
	start := time.Now()
	runs := 0
	for _, ca := range campaignApps {
		p := campaignPlan(t, ca.dir, ca.config)
		fresh := func() {
			t.Helper()
			resetMoto(t, px.Target)
			for _, b := range ca.buckets {
				if _, err := inv.s3.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(b)}); err != nil {
					t.Fatal(err)
				}
			}
			for _, n := range ca.topics {
				if _, err := inv.sns.CreateTopic(ctx, &sns.CreateTopicInput{Name: aws.String(n)}); err != nil {
					t.Fatal(err)
				}
			}
			for _, q := range ca.queue {
				if _, err := sqs.NewFromConfig(direct).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(q)}); err != nil {
					t.Fatal(err)
				}
			}
			px.Reset()
		}
		deploy := func(ctx context.Context, dir string, save func(*state.State) error) error {
			st, err := state.Load(dir, "dev")
			if err != nil {
				st = state.New()
			}
			d := &awsdeploy.Deployer{Clients: awsdeploy.NewClients(cfg), Region: cfg.Region, Save: save, Poll: 5 * time.Millisecond, RoleRetry: time.Second}
			_, err = d.Deploy(ctx, p, code, st)
			return err
		}
		saver := func(dir string, killed *atomic.Bool) func(*state.State) error {
			return func(s *state.State) error {
				if killed != nil && killed.Load() {
					return errKilled
				}
				return s.Save(dir, "dev")
			}
		}

		// The undisturbed deploy.
		fresh()
		before := inventory(t, inv)
		dir := t.TempDir()
		if err := deploy(ctx, dir, saver(dir, nil)); err != nil {
			t.Fatalf("%s: undisturbed deploy: %v", ca.dir, err)
		}
		calls := px.Mutating()
		want := inventory(t, inv)
		n := len(calls)
		if n == 0 {
			t.Fatalf("%s: the undisturbed deploy made no mutating call", ca.dir)
		}

		for k := 1; k <= n; k++ {
			for _, mode := range []string{awsproxy.Fail, awsproxy.Stop} {
				runs++
				fresh()
				dir := t.TempDir()
				fctx, cancel := context.WithCancel(ctx)
				var killed atomic.Bool
				id := calls[k-1].Identity()
				px.InjectIdentity(id, mode, func() { killed.Store(true); cancel() })
				err := deploy(fctx, dir, saver(dir, &killed))
				cancel()
				what := fmt.Sprintf("%s K=%d %s (%s)", ca.dir, k, mode, id)
				if !px.Fired() {
					t.Errorf("%s: the faulted deploy never made that call", what)
				}
				if err == nil {
					t.Errorf("%s: the faulted deploy succeeded", what)
				} else if mode == awsproxy.Fail && !strings.Contains(err.Error(), "InjectedFault") {
					t.Errorf("%s: the deploy failed otherwise: %v", what, err)
				}
				px.Reset()
				if err := deploy(ctx, dir, saver(dir, nil)); err != nil {
					t.Errorf("%s: clean deploy after the fault: %v", what, err)
					continue
				}
				recovery := len(px.Mutating())
				if got := inventory(t, inv); !cmp.Equal(got, want) {
					t.Errorf("%s: after the clean deploy the account differs from an undisturbed deploy (-want +got):\n%s", what, cmp.Diff(want, got))
				}
				px.Reset()
				if err := deploy(ctx, dir, saver(dir, nil)); err != nil {
					t.Errorf("%s: second clean deploy: %v", what, err)
				}
				if m := px.Mutating(); len(m) != 0 {
					t.Errorf("%s: the second clean deploy made %d mutating calls: %v", what, len(m), m)
				}
				st, err := state.Load(dir, "dev")
				if err != nil {
					t.Fatalf("%s: %v", what, err)
				}
				d := &awsdeploy.Deployer{Clients: awsdeploy.NewClients(cfg), Region: cfg.Region, Save: saver(dir, nil), Poll: 5 * time.Millisecond}
				if err := d.Delete(ctx, st); err != nil {
					t.Errorf("%s: delete: %v", what, err)
				}
				if got := inventory(t, inv); !cmp.Equal(got, before) {
					t.Errorf("%s: delete did not leave the account as before (-before +after):\n%s", what, cmp.Diff(before, got))
				}
				fmt.Fprintf(&table, "%-18s %3d  %-4s  %-72s %d\n", ca.dir, k, mode, trunc(id, 72), recovery)
			}
		}
	}
	t.Logf("fault-injection campaign: %d runs in %s\n%s", runs, time.Since(start).Round(time.Millisecond), table.String())
}

func trunc(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n-1] + "…"
}

// resetMoto empties every moto backend.
func resetMoto(t *testing.T, base string) {
	t.Helper()
	resp, err := http.Post(base+"/moto-api/reset", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("moto reset: %s", resp.Status)
	}
}

// campaignPlan analyzes an example app and plans its dev stage with a
// fixed policy (the campaign is about the deployer, not inference).
func campaignPlan(t *testing.T, dir, override string) *plan.Plan {
	t.Helper()
	abs := filepath.Join("..", "..", "examples", filepath.FromSlash(dir))
	cfgData, err := os.ReadFile(filepath.Join(abs, ".chalice", "config.json"))
	if override != "" {
		cfgData, err = []byte(override), nil
	}
	if errors.Is(err, os.ErrNotExist) {
		cfgData = []byte(`{"version": "2.0", "app_name": "` + filepath.Base(dir) + `", "stages": {"dev": {}}}`)
	} else if err != nil {
		t.Fatal(err)
	}
	f, err := config.Parse("config.json", cfgData)
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	app, err := analyzer.Load(abs, analyzer.Config{AppName: sc.AppName})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	doc := &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{policy.LogsStatement()}}
	p, err := plan.Build(plan.Inputs{App: app, Stage: sc, Policies: fakePolicies{doc}, ReadFile: os.ReadFile})
	if err != nil {
		t.Fatalf("%s: %v", dir, err)
	}
	return p
}
