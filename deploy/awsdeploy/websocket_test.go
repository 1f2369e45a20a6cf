package awsdeploy_test

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/model"
)

func TestDeployWebsocketMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	app := &model.App{
		Name:         "demo",
		Experimental: []string{model.FeatureWebsockets},
		Events: []*model.EventHandler{
			{Kind: model.EventWSConnect, Name: "websocket_connect"},
			{Kind: model.EventWSMessage, Name: "websocket_message"},
			{Kind: model.EventWSDisconnect, Name: "websocket_disconnect"},
		},
	}
	// moto implements no CreateDeployment for API Gateway v2: the proxy
	// answers it (awsproxy.Gaps).
	deployments := func() int {
		n := 0
		for _, c := range e.proxy.Calls() {
			if c.Answered {
				n++
			}
		}
		return n
	}
	res := e.deploy(t, buildPlan(t, app))
	if deployments() != 1 {
		t.Errorf("%d websocket deployments, want 1", deployments())
	}
	out := e.out.String()
	if !strings.Contains(out, "Creating websocket api: demo-dev-websocket-api\n") ||
		!strings.Contains(out, "  - Websocket API URL: wss://"+res.WebsocketAPIID+".execute-api.us-east-1.amazonaws.com/api/\n") {
		t.Errorf("output:\n%s", out)
	}
	c := apigatewayv2.NewFromConfig(e.cfg)
	routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(res.WebsocketAPIID)})
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, r := range routes.Items {
		keys[aws.ToString(r.RouteKey)] = aws.ToString(r.Target)
	}
	if len(keys) != 3 || keys["$connect"] == "" || keys["$default"] == "" || keys["$disconnect"] == "" || keys["$connect"] == keys["$default"] {
		t.Errorf("routes: %v", keys)
	}
	res2 := e.deploy(t, buildPlan(t, app))
	if res2.WebsocketAPIID != res.WebsocketAPIID || strings.Contains(e.out.String(), "Creating") || deployments() != 1 {
		t.Errorf("redeploy:\n%s", e.out)
	}
	st, err := state.Load(e.dir, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if st.WebsocketAPIURL() != res.WebsocketAPIURL {
		t.Errorf("state: %+v", st.Resources)
	}
	e.out.Reset()
	if err := e.dep.Delete(ctx, st); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(e.out.String(), "Deleting Websocket API: "+res.WebsocketAPIID+"\n") {
		t.Errorf("delete output:\n%s", e.out)
	}
	if _, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(res.WebsocketAPIID)}); err == nil {
		t.Errorf("websocket API still exists")
	}
}
