package state

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The spec's upgrade notes show this file.
const specFile = `{
  "schema_version": "2.0",
  "resources": [
    {"role_name": "myapp-dev", "role_arn": "arn:aws:iam::123:role/myapp-dev", "name": "default-role", "resource_type": "iam_role"},
    {"lambda_arn": "arn:aws:lambda:us-west-2:123:function:myapp-dev-foo", "name": "foo", "resource_type": "lambda_function"},
    {"lambda_arn": "arn:aws:lambda:us-west-2:123:function:myapp-dev", "name": "api_handler", "resource_type": "lambda_function"},
    {"name": "rest_api", "rest_api_id": "abcd", "rest_api_url": "https://abcd.execute-api.us-west-2.amazonaws.com/api", "resource_type": "rest_api", "future_key": {"x": [1]}}
  ],
  "backend": "api"
}`

func TestParseSpecFile(t *testing.T) {
	s, err := Parse("dev.json", []byte(specFile))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Resources) != 4 || s.Get("default-role").RoleName != "myapp-dev" || s.LambdaARN("foo") == "" ||
		s.RestAPIURL() != "https://abcd.execute-api.us-west-2.amazonaws.com/api" || s.WebsocketAPIURL() != "" {
		t.Fatalf("%+v", s)
	}
	b, err := s.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	// Unknown keys survive; known keys come first in a fixed order.
	if !strings.Contains(string(b), `"future_key": {`) || !strings.Contains(string(b), `"name": "default-role",
      "resource_type": "iam_role",
      "role_name": "myapp-dev"`) {
		t.Errorf("marshal:\n%s", b)
	}
	var round map[string]any
	if err := json.Unmarshal(b, &round); err != nil || round["schema_version"] != "2.0" || round["backend"] != "api" {
		t.Errorf("round trip: %v %v", err, round)
	}
	if _, err := Parse("x.json", []byte(`{"schema_version":"1.0","resources":[]}`)); err == nil || !strings.Contains(err.Error(), `"1.0"`) {
		t.Errorf("old schema: %v", err)
	}
	if _, err := Parse("x.json", []byte(`{`)); err == nil || !strings.HasPrefix(err.Error(), "x.json: ") {
		t.Errorf("bad JSON: %v", err)
	}
}

func TestSaveLoadRemove(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir, "prod"); !errors.Is(err, ErrNotDeployed) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing: %v", err)
	}
	s := New()
	s.Put(Resource{Name: "api_handler", Type: TypeLambdaFunction, LambdaARN: "a1"})
	s.Put(Resource{Name: "rest_api", Type: TypeRestAPI, RestAPIID: "x", RestAPIURL: "u"})
	s.Put(Resource{Name: "api_handler", Type: TypeLambdaFunction, LambdaARN: "a2"}) // replaced in place
	if err := s.Save(dir, "prod"); err != nil {
		t.Fatal(err)
	}
	got, err := Load(dir, "prod")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Resources) != 2 || got.Resources[0].LambdaARN != "a2" || got.Lookup(TypeRestAPI, "rest_api") == nil || got.Lookup(TypeIAMRole, "rest_api") != nil {
		t.Errorf("%+v", got)
	}
	entries, _ := os.ReadDir(filepath.Dir(Path(dir, "prod")))
	if len(entries) != 1 {
		t.Errorf("temporary files left: %v", entries)
	}
	got.Delete("rest_api")
	if len(got.Resources) != 1 || got.Get("rest_api") != nil {
		t.Errorf("delete: %+v", got)
	}
	if err := Remove(dir, "prod"); err != nil {
		t.Fatal(err)
	}
	if err := Remove(dir, "prod"); err != nil {
		t.Errorf("second remove: %v", err)
	}
	if Path(dir, "") != filepath.Join(dir, ".chalice", "deployed", "dev.json") {
		t.Errorf("default stage path: %s", Path(dir, ""))
	}
}
