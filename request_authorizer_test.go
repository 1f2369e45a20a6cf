package chalice

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestAuthorizerAccessors(t *testing.T) {
	ctx := func(s string) map[string]any {
		var m map[string]any
		if err := json.Unmarshal([]byte(s), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	for _, c := range []struct {
		name             string
		context          string
		lambda, jwt, iam map[string]any
	}{
		{"none", `{}`, nil, nil, nil},
		{"REST built-in", `{"httpMethod":"GET","authorizer":{"principalId":"u","user":"ada","integrationLatency":3},"identity":{"sourceIp":"1.2.3.4"}}`,
			map[string]any{"principalId": "u", "user": "ada", "integrationLatency": 3.0}, nil, map[string]any{"sourceIp": "1.2.3.4"}},
		{"REST Cognito", `{"httpMethod":"GET","authorizer":{"claims":{"sub":"s"}}}`,
			map[string]any{"claims": map[string]any{"sub": "s"}}, map[string]any{"sub": "s"}, nil},
		{"HTTP API Lambda", `{"http":{"method":"GET"},"authorizer":{"lambda":{"principalId":"u","user":"ada"}}}`,
			map[string]any{"principalId": "u", "user": "ada"}, nil, nil},
		{"HTTP API JWT", `{"http":{"method":"GET"},"authorizer":{"jwt":{"claims":{"sub":"s"},"scopes":null}}}`,
			nil, map[string]any{"sub": "s"}, nil},
		{"HTTP API IAM", `{"http":{"method":"GET"},"authorizer":{"iam":{"accessKey":"AKIA","userArn":"arn:aws:iam::1:user/u"}}}`,
			nil, nil, map[string]any{"accessKey": "AKIA", "userArn": "arn:aws:iam::1:user/u"}},
	} {
		r := &Request{Context: ctx(c.context)}
		if d := cmp.Diff(c.lambda, r.AuthorizerContext()); d != "" {
			t.Errorf("%s: AuthorizerContext (-want +got):\n%s", c.name, d)
		}
		if d := cmp.Diff(c.jwt, r.Claims()); d != "" {
			t.Errorf("%s: Claims (-want +got):\n%s", c.name, d)
		}
		if d := cmp.Diff(c.iam, r.IAMIdentity()); d != "" {
			t.Errorf("%s: IAMIdentity (-want +got):\n%s", c.name, d)
		}
	}
}
