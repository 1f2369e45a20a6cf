package awsdeploy_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/deploy/awsdeploy"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
)

// Preview (deploy --dry-run) calls no mutating API and says what a deploy
// would create, update and delete.
func TestPreviewMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	preview := func(app *model.App) *awsdeploy.Changes {
		t.Helper()
		st, err := state.Load(e.dir, "dev")
		if err != nil {
			st = state.New()
		}
		e.proxy.Reset()
		c, err := e.dep.Preview(ctx, buildPlan(t, app), awsdeploy.Code{ZipPath: e.zipPath, SHA256: e.zipSHA}, st)
		if err != nil {
			t.Fatal(err)
		}
		if m := e.mutatingCalls(); len(m) != 0 {
			t.Errorf("preview made mutating calls: %v", m)
		}
		return c
	}
	c := preview(appModel())
	for _, want := range []string{"IAM role demo-dev", "lambda function demo-dev", "lambda function demo-dev-worker", "event rule demo-dev-every_hour-event",
		"S3 notification of bucket uploads", "rest API demo (7 resources, 2 authorizers, stage api)"} {
		if !slices.Contains(c.Create, want) {
			t.Errorf("create lacks %q: %q", want, c.Create)
		}
	}
	if len(c.Update)+len(c.Delete) != 0 {
		t.Errorf("first preview: update %q delete %q", c.Update, c.Delete)
	}
	if _, err := state.Load(e.dir, "dev"); err == nil {
		t.Error("preview wrote the state file")
	}

	e.deploy(t, buildPlan(t, appModel()))
	if c := preview(appModel()); !c.Empty() {
		t.Errorf("preview after deploy: %+v", c)
	}

	app := appModel()
	app.Routes = append(app.Routes, &model.Route{Path: "/new", Methods: []string{"GET"}})
	app.Events = slices.DeleteFunc(app.Events, func(e *model.EventHandler) bool { return e.Name == "every_hour" })
	c = preview(app)
	if len(c.Create) != 0 || len(c.Update) != 1 || !strings.Contains(c.Update[0], "+/new") || !strings.Contains(c.Update[0], "+GET /new") {
		t.Errorf("route change: create %q update %q", c.Create, c.Update)
	}
	if !slices.Contains(c.Delete, "event rule demo-dev-every_hour-event") || !slices.Contains(c.Delete, "lambda function arn:aws:lambda:us-east-1:123456789012:function:demo-dev-every_hour") {
		t.Errorf("removed handler: delete %q", c.Delete)
	}
}
