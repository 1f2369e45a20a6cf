package config

import (
	"strings"
	"testing"
)

func TestFunctionURL(t *testing.T) {
	f, err := Parse("config.json", []byte(`{"version": "2.0", "app_name": "a",
  "function_url": {"auth_type": "AWS_IAM"},
  "stages": {"dev": {"lambda_functions": {"web": {"function_url": {"auth_type": "NONE",
    "cors": {"allow_origins": ["https://a.com"], "allow_methods": ["GET"], "max_age": 60, "allow_credentials": true}}}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	web := sc.Function("web").FunctionURL
	if web == nil || web.AuthType != "NONE" || web.CORS == nil || web.CORS.AllowOrigins[0] != "https://a.com" || *web.CORS.MaxAge != 60 || !web.CORS.AllowCredentials {
		t.Errorf("web: %+v", web)
	}
	if other := sc.Function("other").FunctionURL; other == nil || other.AuthType != "AWS_IAM" || other.CORS != nil {
		t.Errorf("other (top level): %+v", other)
	}
	for _, bad := range []struct{ json, want string }{
		{`{"function_url": {}}`, "function_url: missing required key auth_type"},
		{`{"function_url": {"auth_type": "PUBLIC"}}`, `function_url.auth_type: must be one of "NONE", "AWS_IAM"`},
		{`{"function_url": {"auth_type": "NONE", "cors": {"max_age": 99999}}}`, "function_url.cors.max_age: must be between 0 and 86400"},
		{`{"function_url": {"auth_type": "NONE", "cors": {"allow_origin": ["x"]}}}`, "function_url.cors.allow_origin: unknown key"},
	} {
		_, err := Parse("config.json", []byte(`{"version": "2.0", "app_name": "a", `+bad.json[1:]))
		if err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("%s: %v, want %q", bad.json, err, bad.want)
		}
	}
}

func TestAPIGatewayType(t *testing.T) {
	f, err := Parse("config.json", []byte(`{"version": "2.0", "app_name": "a", "api_gateway_type": "rest", "stages": {"dev": {"api_gateway_type": "http"}, "prod": {}}}`))
	if err != nil {
		t.Fatal(err)
	}
	for stage, want := range map[string]string{"dev": APIGatewayTypeHTTP, "prod": APIGatewayTypeREST} {
		sc, err := f.Stage(stage)
		if err != nil {
			t.Fatal(err)
		}
		if sc.APIGatewayType != want {
			t.Errorf("%s: api_gateway_type %q, want %q", stage, sc.APIGatewayType, want)
		}
	}
	f, err = Parse("config.json", []byte(`{"version": "2.0", "app_name": "a"}`))
	if err != nil {
		t.Fatal(err)
	}
	if sc, _ := f.Stage("dev"); sc.APIGatewayType != APIGatewayTypeREST || sc.APIGatewayEndpointTypeSet {
		t.Errorf("default: api_gateway_type %q, endpoint type set %v", sc.APIGatewayType, sc.APIGatewayEndpointTypeSet)
	}
	_, err = Parse("config.json", []byte(`{"version": "2.0", "app_name": "a", "stages": {"dev": {"api_gateway_type": "HTTP"}}}`))
	if err == nil || !strings.Contains(err.Error(), `stages.dev.api_gateway_type`) || !strings.Contains(err.Error(), `"rest"`) {
		t.Errorf("HTTP: %v", err)
	}
}
