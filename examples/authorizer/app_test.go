package main

import (
	"encoding/json"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

func TestBuiltinAuthorizer(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if r := c.Get(t, "/"); r.StatusCode != 401 || string(r.Body) != `{"message":"Unauthorized"}` {
		t.Errorf("no token: %d %s", r.StatusCode, r.Body)
	}
	if r := c.Get(t, "/", chalicetest.Header("Authorization", "deny")); r.StatusCode != 403 {
		t.Errorf("denied: %d %s", r.StatusCode, r.Body)
	}
	r := c.Get(t, "/", chalicetest.Header("Authorization", "allow"))
	if r.StatusCode != 200 {
		t.Fatalf("allowed: %d %s", r.StatusCode, r.Body)
	}
	authz := r.JSON(t).(map[string]any)["context"].(map[string]any)["authorizer"].(map[string]any)
	if authz["principalId"] != "user" || authz["team"] != "blue" {
		t.Errorf("authorizer context = %v", authz)
	}
	if r := c.Delete(t, "/admin/x", chalicetest.Header("Authorization", "allow")); r.StatusCode != 403 {
		t.Errorf("allow token on admin route: %d", r.StatusCode)
	}
	if r := c.Delete(t, "/admin/x", chalicetest.Header("Authorization", "admin")); r.StatusCode != 200 {
		t.Errorf("admin token on admin route: %d %s", r.StatusCode, r.Body)
	}
}

func TestAuthorizerPolicyDocument(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	out, err := c.Invoke(t, "demoAuth", map[string]string{
		"type": "TOKEN", "authorizationToken": "admin",
		"methodArn": "arn:aws:execute-api:us-west-2:123456789012:abcdef/dev/GET/",
	})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		PrincipalID    string `json:"principalId"`
		PolicyDocument struct {
			Version   string
			Statement []struct {
				Action   string
				Effect   string
				Resource []string
			}
		} `json:"policyDocument"`
	}
	if err := json.Unmarshal(out, &doc); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if doc.PrincipalID != "root" || doc.PolicyDocument.Version != "2012-10-17" || len(doc.PolicyDocument.Statement) == 0 {
		t.Fatalf("policy = %s", out)
	}
	st := doc.PolicyDocument.Statement[0]
	want := []string{
		"arn:aws:execute-api:us-west-2:123456789012:abcdef/dev/GET/",
		"arn:aws:execute-api:us-west-2:123456789012:abcdef/dev/DELETE/admin/*",
	}
	if st.Effect != "Allow" || st.Action != "execute-api:Invoke" || len(st.Resource) != 2 || st.Resource[0] != want[0] || st.Resource[1] != want[1] {
		t.Errorf("statement = %+v, want resources %v", st, want)
	}
}

func TestOtherAuthorizers(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	cases := []struct {
		path   string
		hdr    []string
		status int
	}{
		{"/authenticated", nil, 403},
		{"/authenticated", []string{"X-Api-Key", "k"}, 200},
		{"/iam-role", nil, 403},
		{"/iam-role", []string{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/us-west-2/execute-api/aws4_request"}, 200},
		{"/user-pools", nil, 401},
		{"/user-pools", []string{"Authorization", "token"}, 200},
		{"/custom-auth", nil, 401},
		{"/custom-auth", []string{"Authorization", "token"}, 200},
	}
	for _, tc := range cases {
		var opts []chalicetest.RequestOption
		if tc.hdr != nil {
			opts = append(opts, chalicetest.Header(tc.hdr[0], tc.hdr[1]))
		}
		if r := c.Get(t, tc.path, opts...); r.StatusCode != tc.status {
			t.Errorf("GET %s %v = %d %s, want %d", tc.path, tc.hdr, r.StatusCode, r.Body, tc.status)
		}
	}
}
