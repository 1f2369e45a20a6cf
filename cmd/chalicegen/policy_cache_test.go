package main

import (
	"path/filepath"
	"testing"

	"github.com/chalice-go/chalice/policy"
)

// The cache gives back the documents it was given, under the same key only.
func TestPolicyCacheRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), ".chalice", "deployments", "policy-dev-arm64.cache.json")
	doc := func(action string) *policy.Document {
		return &policy.Document{Version: "2012-10-17", Statement: []policy.Statement{policy.LogsStatement(),
			{Sid: "S", Effect: "Allow", Action: policy.StringList{action}, Resource: policy.StringList{"*"}}}}
	}
	res := &policy.Result{App: doc("s3:GetObject"), Functions: []*policy.Function{{Name: "api_handler", Document: doc("s3:GetObject")}, {Name: "worker", Document: doc("sqs:SendMessage")}}}
	if err := savePolicyCache(path, "k1", res); err != nil {
		t.Fatal(err)
	}
	if loadPolicyCache(path, "k2") != nil {
		t.Error("a different key hit the cache")
	}
	got := loadPolicyCache(path, "k1")
	if got == nil {
		t.Fatal("same key missed the cache")
	}
	for _, fn := range []string{"", "api_handler", "worker"} {
		want, have := res.App, got.App
		if fn != "" {
			want, have = res.Document(fn), got.Document(fn)
		}
		a, _ := want.MarshalIndent()
		b, _ := have.MarshalIndent()
		if string(a) != string(b) {
			t.Errorf("%q: cached\n%s\nwant\n%s", fn, b, a)
		}
	}
}
