package awsdeploy_test

import (
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/internal/awsproxy"
	"github.com/chalice-go/chalice/model"
)

// tryDeploy deploys and returns the error, for deploys a fault interrupts.
func (e *env) tryDeploy(ctx context.Context, p *plan.Plan) error {
	e.out.Reset()
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		st = state.New()
	}
	_, err = e.dep.Deploy(ctx, p, awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
	return err
}

var errKilled = errors.New("killed")

// killable makes the deployer behave like a process killed at the moment
// the proxy stops it: its context ends and nothing more is saved. It
// returns the context to deploy with and the proxy's stop function; the
// next deploy (after e.revive) is a new process.
func (e *env) killable(t *testing.T) (context.Context, func()) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	killed := &atomic.Bool{}
	e.killed = killed
	return ctx, func() { killed.Store(true); cancel() }
}

// revive ends a fault: the proxy forwards everything again and the state
// is saved again.
func (e *env) revive() {
	e.proxy.Reset()
	if e.killed != nil {
		e.killed.Store(false)
	}
}

// mutatingCalls lists the mutating calls the proxy saw since its last reset.
func (e *env) mutatingCalls() []string {
	var out []string
	for _, c := range e.proxy.Mutating() {
		out = append(out, c.String())
	}
	return out
}

func op(service string, re string) func(awsproxy.Call) bool {
	rx := regexp.MustCompile(re)
	return func(c awsproxy.Call) bool { return c.Service == service && rx.MatchString(c.Operation) }
}

// Defect 1: an unchanged redeploy of schedules, a CloudWatch-event rule,
// S3/SNS/SQS sources, routes and log retention makes no mutating call.
func TestNoopRedeployMakesNoMutatingCall(t *testing.T) {
	e := setup(t)
	app := appModel()
	app.Events = append(app.Events,
		&model.EventHandler{Kind: model.EventSchedule, Name: "nightly", Schedule: "cron(0 3 * * ? *)"},
		&model.EventHandler{Kind: model.EventCloudWatch, Name: "on_change", Pattern: `{"source": ["aws.codecommit"]}`},
	)
	p := buildPlan(t, app)
	for _, f := range p.Functions {
		p.LogGroups = append(p.LogGroups, &plan.LogGroup{Function: f.Logical, Name: plan.LogGroupName(f.Name), RetentionInDays: 14})
	}
	e.deploy(t, p)
	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("unchanged redeploy made %d mutating calls:\n%s", len(m), strings.Join(m, "\n"))
	}
}

// Defect 3: a deploy stopped right after CreateRestApi returned (before
// the ID was recorded) leaves an API the next deploy finds by name and
// tag instead of creating a second one; delete removes it.
func TestOrphanedRestAPIIsAdopted(t *testing.T) {
	for _, mode := range []string{awsproxy.Stop, awsproxy.Fail} {
		t.Run(mode, func(t *testing.T) {
			e := setup(t)
			p := buildPlan(t, appModel())
			ctx, stop := e.killable(t)
			// Stop right after CreateRestApi; fail the first call after it.
			created := false
			e.proxy.InjectOn(func(c awsproxy.Call) bool {
				if mode == awsproxy.Fail {
					if created {
						return true
					}
					created = op("apigateway", `^POST /restapis$`)(c)
					return false
				}
				return op("apigateway", `^POST /restapis$`)(c)
			}, mode, stop)
			if err := e.tryDeploy(ctx, p); err == nil {
				t.Fatal("deploy with a fault succeeded")
			}
			e.revive()
			e.deploy(t, p)
			ag := apigateway.NewFromConfig(e.cfg)
			apis, err := ag.GetRestApis(context.Background(), &apigateway.GetRestApisInput{})
			if err != nil {
				t.Fatal(err)
			}
			if len(apis.Items) != 1 {
				t.Fatalf("%d REST APIs after the redeploy, want 1", len(apis.Items))
			}
			st, _ := state.Load(e.dir, "dev")
			if err := e.dep.Delete(context.Background(), st); err != nil {
				t.Fatal(err)
			}
			apis, _ = ag.GetRestApis(context.Background(), &apigateway.GetRestApisInput{})
			if len(apis.Items) != 0 {
				t.Errorf("delete left %d REST APIs", len(apis.Items))
			}
		})
	}
}

// Defect 4: when CreateDeployment fails, the next deploy still deploys
// the stage (the new route goes live), and the one after makes no call.
func TestFailedRestDeploymentConverges(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	res := e.deploy(t, buildPlan(t, appModel()))
	ag := apigateway.NewFromConfig(e.cfg)
	stageDeployment := func() string {
		s, err := ag.GetStage(ctx, &apigateway.GetStageInput{RestApiId: aws.String(res.RestAPIID), StageName: aws.String("api")})
		if err != nil {
			t.Fatal(err)
		}
		return aws.ToString(s.DeploymentId)
	}
	first := stageDeployment()
	app := appModel()
	app.Routes = append(app.Routes, &model.Route{Path: "/new", Methods: []string{"GET"}})
	p := buildPlan(t, app)
	e.proxy.InjectOn(op("apigateway", `^POST /restapis/[^/]+/deployments$`), awsproxy.Fail, nil)
	if err := e.tryDeploy(ctx, p); err == nil || !strings.Contains(err.Error(), "InjectedFault") {
		t.Fatalf("deploy with a failing CreateDeployment: %v", err)
	}
	if stageDeployment() != first {
		t.Fatal("the failed CreateDeployment changed the stage")
	}
	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); !slices.ContainsFunc(m, regexp.MustCompile(`^apigateway POST /restapis/[^/]+/deployments$`).MatchString) {
		t.Errorf("the redeploy did not deploy the stage; mutating calls: %v", m)
	}
	if stageDeployment() == first {
		t.Error("the stage still serves the old deployment")
	}
	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("third deploy made mutating calls: %v", m)
	}
}

// Defect 4, websocket: a stage created without a deployment is deployed
// by the next deploy.
func TestFailedWebsocketDeploymentConverges(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	app := &model.App{
		Name:         "demo",
		Experimental: []string{model.FeatureWebsockets},
		Events: []*model.EventHandler{
			{Kind: model.EventWSConnect, Name: "websocket_connect"},
			{Kind: model.EventWSMessage, Name: "websocket_message"},
		},
	}
	p := buildPlan(t, app)
	isDeploy := op("apigateway", `^POST /v2/apis/[^/]+/deployments$`)
	e.proxy.InjectOn(isDeploy, awsproxy.Fail, nil)
	if err := e.tryDeploy(ctx, p); err == nil {
		t.Fatal("deploy with a failing CreateDeployment succeeded")
	}
	st, _ := state.Load(e.dir, "dev")
	id := st.Lookup(state.TypeWebsocketAPI, "websocket_api").WebsocketAPIID
	if _, err := apigatewayv2.NewFromConfig(e.cfg).GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String("api")}); err != nil {
		t.Fatalf("stage: %v", err)
	}
	e.proxy.Reset()
	e.deploy(t, p)
	if !slices.ContainsFunc(e.proxy.Mutating(), isDeploy) {
		t.Errorf("the redeploy did not deploy the stage: %v", e.mutatingCalls())
	}
	e.proxy.Reset()
	e.deploy(t, p)
	if m := e.mutatingCalls(); len(m) != 0 {
		t.Errorf("third deploy made mutating calls: %v", m)
	}
}
