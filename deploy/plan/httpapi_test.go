package plan

import (
	"slices"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/model"
)

const httpStage = `{"version":"2.0","app_name":"app","api_gateway_type":"http"}`

func TestHTTPAPIBuild(t *testing.T) {
	pos := model.Pos{File: "app.go", Line: 7, Column: 1}
	app := &model.App{
		Routes: []*model.Route{
			{Path: "/", Methods: []string{"GET"}},
			{Path: "/a/{x}", Methods: []string{"GET", "POST"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "gate"}},
			{Path: "/b", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthIAM}},
		},
		Authorizers: []*model.Authorizer{{Name: "gate", TTLSeconds: 300, Pos: pos}},
	}
	p := build(t, app, httpStage)
	api := p.HTTPAPI
	if p.RestAPI != nil || api == nil {
		t.Fatalf("RestAPI %v, HTTPAPI %v", p.RestAPI, api)
	}
	var keys []string
	for _, r := range api.Routes {
		keys = append(keys, r.Key+"="+r.AuthorizationType+":"+r.Authorizer)
	}
	if got, want := strings.Join(keys, " "), "GET /=NONE: GET /a/{x}=CUSTOM:gate GET /b=AWS_IAM: POST /a/{x}=CUSTOM:gate"; got != want {
		t.Errorf("routes %s, want %s", got, want)
	}
	a := api.Authorizers[0]
	if len(api.Authorizers) != 1 || a.Type != HTTPAuthorizerRequest || strings.Join(a.IdentitySource, ",") != "$request.header.Authorization,$context.routeKey" ||
		!a.EnableSimpleResponses || a.PayloadFormatVersion != "2.0" || a.TTLSeconds != 300 {
		t.Errorf("authorizer %+v", a)
	}
	if api.Stage != "$default" || api.URL.String() != "https://${http_api_id}.execute-api.${region}.${url_suffix}/" || api.CORS != nil ||
		len(api.Permissions) != 2 || api.Integration.PayloadFormatVersion != "2.0" || api.Integration.TimeoutMillis != 30000 {
		t.Errorf("api %+v", api)
	}
}

func TestHTTPAPIErrors(t *testing.T) {
	pos := model.Pos{File: "app.go", Line: 9, Column: 2}
	route := func(mod func(r *model.Route)) *model.App {
		r := &model.Route{Path: "/", Methods: []string{"GET"}, Pos: pos}
		mod(r)
		return &model.App{Routes: []*model.Route{r}}
	}
	cognito := func(v *model.AuthorizerVar) *model.App {
		app := route(func(r *model.Route) { r.Authorizer = &model.AuthorizerRef{Kind: model.AuthCognito, Var: "pool"} })
		v.Var, v.Kind, v.Name, v.Pos = "pool", model.AuthCognito, "Pool", model.Pos{File: "app.go", Line: 3, Column: 5}
		app.AuthorizerVars = []*model.AuthorizerVar{v}
		return app
	}
	arn := "arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_x"
	plain := route(func(*model.Route) {})
	for _, c := range []struct {
		name string
		app  *model.App
		cfg  string
		want string
	}{
		{"api key", route(func(r *model.Route) { r.APIKeyRequired = true }), httpStage, "app.go:9:2: route /: api_key_required: an HTTP API has no API keys"},
		{"policy file", plain, `{"version":"2.0","app_name":"app","api_gateway_type":"http","api_gateway_policy_file":"p.json"}`, "api_gateway_policy_file: an HTTP API has no resource policy"},
		{"edge", plain, `{"version":"2.0","app_name":"app","api_gateway_type":"http","api_gateway_endpoint_type":"EDGE"}`, "api_gateway_endpoint_type EDGE: an HTTP API is REGIONAL"},
		{"vpce", plain, `{"version":"2.0","app_name":"app","api_gateway_type":"http","api_gateway_endpoint_vpce":"vpce-1"}`, "api_gateway_endpoint_vpce: an HTTP API cannot be private"},
		{"compression", plain, `{"version":"2.0","app_name":"app","api_gateway_type":"http","minimum_compression_size":10}`, "minimum_compression_size: an HTTP API does not compress"},
		{"stage name", plain, `{"version":"2.0","app_name":"app","api_gateway_type":"http","api_gateway_stage":"v1"}`, `api_gateway_stage "v1": an HTTP API is served from its $default stage`},
		{"binary types", &model.App{Routes: plain.Routes, BinaryTypes: append([]string{"image/x-mine"}, model.DefaultBinaryTypes...), BinaryTypesPos: model.Pos{File: "app.go", Line: 1, Column: 14}},
			httpStage, "app.go:1:14: binary_types: an HTTP API has no binary media type list"},
		// Written, even with only types the defaults hold: the option is
		// still one an HTTP API cannot honour.
		{"binary types among the defaults", &model.App{Routes: plain.Routes, BinaryTypes: slices.Clone(model.DefaultBinaryTypes), BinaryTypesPos: model.Pos{File: "app.go", Line: 1, Column: 14}},
			httpStage, "app.go:1:14: binary_types: an HTTP API has no binary media type list"},
		{"custom authorizer", func() *model.App {
			app := route(func(r *model.Route) { r.Authorizer = &model.AuthorizerRef{Kind: model.AuthCustom, Var: "ext"} })
			app.AuthorizerVars = []*model.AuthorizerVar{{Var: "ext", Kind: model.AuthCustom, Name: "Ext", AuthorizerURI: "arn:x"}}
			return app
		}(), httpStage, "app.go:9:2: route / uses ext, a chalice.CustomAuthorizer"},
		{"no audience", cognito(&model.AuthorizerVar{ProviderARNs: []string{arn}}), httpStage, `app.go:3:5: pool needs Audience under api_gateway_type "http"`},
		{"two pools", cognito(&model.AuthorizerVar{ProviderARNs: []string{arn, arn + "2"}, Audience: []string{"c"}}), httpStage, "app.go:3:5: pool: an HTTP API's JWT authorizer trusts one issuer"},
		{"not a pool", cognito(&model.AuthorizerVar{ProviderARNs: []string{"arn:aws:iam::1:role/x"}, Audience: []string{"c"}}), httpStage, "is not a Cognito user pool ARN"},
		{"ttl", func() *model.App {
			app := route(func(r *model.Route) { r.Authorizer = &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: "gate"} })
			app.Authorizers = []*model.Authorizer{{Name: "gate", TTLSeconds: 3601, Pos: model.Pos{File: "app.go", Line: 20, Column: 1}}}
			return app
		}(), httpStage, "app.go:20:1: authorizer gate: ttl_seconds 3601"},
		{"cors differs", &model.App{Routes: []*model.Route{
			{Path: "/a", Methods: []string{"GET"}, CORS: &model.CORS{AllowOrigin: "*"}},
			{Path: "/b", Methods: []string{"GET"}, Pos: pos},
		}}, httpStage, "app.go:9:2: route /b has no CORS but route /a has"},
	} {
		_, err := Build(Inputs{App: c.app, Stage: stage(t, c.cfg), Policies: &policies{}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	// The same settings are fine when the stage has a websocket API for the
	// stage name, or an explicit REGIONAL endpoint.
	ws := &model.App{Routes: plain.Routes, Experimental: []string{model.FeatureWebsockets}, Events: []*model.EventHandler{{Kind: model.EventWSMessage, Name: "websocket_message"}}}
	build(t, ws, `{"version":"2.0","app_name":"app","api_gateway_type":"http","api_gateway_stage":"v1","api_gateway_endpoint_type":"REGIONAL"}`)
}

// Audience is for HTTP APIs: on a REST API it is a warning, not silently
// dropped.
func TestAudienceOnRESTWarns(t *testing.T) {
	app := &model.App{
		Routes:         []*model.Route{{Path: "/", Methods: []string{"GET"}, Authorizer: &model.AuthorizerRef{Kind: model.AuthCognito, Var: "pool"}}},
		AuthorizerVars: []*model.AuthorizerVar{{Var: "pool", Kind: model.AuthCognito, Name: "Pool", ProviderARNs: []string{"arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_x"}, Audience: []string{"c"}, Pos: model.Pos{File: "app.go", Line: 4, Column: 5}}},
	}
	p := build(t, app, basic)
	if len(p.Warnings) != 1 || !strings.Contains(p.Warnings[0].Error(), "app.go:4:5: pool: Audience has no effect on a REST API") {
		t.Errorf("warnings: %v", p.Warnings)
	}
	if p := build(t, app, httpStage); len(p.Warnings) != 0 {
		t.Errorf("HTTP API warnings: %v", p.Warnings)
	}
}

func TestCognitoIssuer(t *testing.T) {
	for arn, want := range map[string]string{
		"arn:aws:cognito-idp:us-west-2:123:userpool/us-west-2_abc":      "https://cognito-idp.us-west-2.amazonaws.com/us-west-2_abc",
		"arn:aws-cn:cognito-idp:cn-north-1:123:userpool/cn-north-1_abc": "https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_abc",
		"arn:aws:cognito-idp:us-west-2:123:identitypool/us-west-2_abc":  "",
		"arn:aws:cognito-idp::123:userpool/x":                           "",
		"not an arn":                                                    "",
	} {
		got, ok := CognitoIssuer(arn)
		if got != want || ok != (want != "") {
			t.Errorf("%s: %q %v, want %q", arn, got, ok, want)
		}
	}
}
