package openapi_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/internal/clienttest"
	"github.com/chalice-go/chalice/internal/golden"
	"github.com/chalice-go/chalice/internal/npmtest"
	"github.com/chalice-go/chalice/model"
	"github.com/chalice-go/chalice/openapi"
)

var apps = clienttest.Apps()

func load(t *testing.T, dir string) *model.App { return clienttest.Load(t, dir) }

// TestGolden renders each app as JSON and YAML, compares with the goldens,
// checks a second rendering is byte-identical and has the validator accept
// both files.
func TestGolden(t *testing.T) {
	var files []string
	for name, dir := range apps {
		app := load(t, dir)
		js, err := openapi.JSON(app, openapi.Options{})
		if err != nil {
			t.Fatal(err)
		}
		ym, err := openapi.YAML(app, openapi.Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, _ := openapi.JSON(load(t, dir), openapi.Options{})
		if !bytes.Equal(js, again) {
			t.Errorf("%s: two renderings differ", name)
		}
		base := clienttest.GoldenDir(name)
		golden.Check(t, filepath.Join(base, "openapi.json"), js)
		golden.Check(t, filepath.Join(base, "openapi.yaml"), ym)
		files = append(files, filepath.Join(base, "openapi.json"), filepath.Join(base, "openapi.yaml"))
	}
	if *golden.Update {
		return
	}
	npmtest.Install(t)
	out, err := npmtest.Node(t, append([]string{"validate-openapi.mjs"}, files...)...)
	if err != nil {
		t.Fatalf("OpenAPI validation failed: %v\n%s", err, out)
	}
	t.Logf("%s", out)
}

// TestValidatorRejects keeps the validator honest: a document with a
// dangling $ref, an undeclared path parameter and a misspelt keyword fails.
func TestValidatorRejects(t *testing.T) {
	app := load(t, apps["sdk"])
	js, err := openapi.JSON(app, openapi.Options{})
	if err != nil {
		t.Fatal(err)
	}
	bad := map[string]func(string) string{
		"dangling-ref": func(s string) string {
			return strings.Replace(s, `"#/components/schemas/Hello"`, `"#/components/schemas/Nope"`, 1)
		},
		"undeclared-capture": func(s string) string {
			return strings.Replace(s, `"name": "name",`, `"name": "nom",`, 1)
		},
		"misspelt-keyword": func(s string) string {
			return strings.Replace(s, `"description": "An error answered`, `"descripton": "An error answered`, 1)
		},
	}
	npmtest.Install(t)
	for name, mutate := range bad {
		doc := mutate(string(js))
		if doc == string(js) {
			t.Fatalf("%s: mutation did not apply", name)
		}
		f := filepath.Join(t.TempDir(), name+".json")
		if err := os.WriteFile(f, []byte(doc), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := npmtest.Node(t, "validate-openapi.mjs", f); err == nil {
			t.Errorf("%s: the validator accepted a broken document:\n%s", name, out)
		}
	}
}

func TestOperationID(t *testing.T) {
	for _, c := range []struct{ path, method, want string }{
		{"/", "GET", "rootGet"},
		{"/foo", "GET", "fooGet"},
		{"/hello/{name}", "GET", "helloNameGet"},
		{"/users/{user_id}", "PUT", "usersUserIdPut"},
		{"/files/{proxy+}", "GET", "filesProxyGet"},
		{"/cors_multiple_origins", "OPTIONS", "corsMultipleOriginsOptions"},
		{"/v1/a-b.json", "DELETE", "v1ABJsonDelete"},
		{"/2fa", "POST", "op2faPost"},
	} {
		if got := openapi.OperationID(c.path, c.method); got != c.want {
			t.Errorf("OperationID(%q, %q) = %q, want %q", c.path, c.method, got, c.want)
		}
	}
}

func TestCheckOperationIDs(t *testing.T) {
	app := &model.App{Routes: []*model.Route{
		{Path: "/a-b", Methods: []string{"GET"}},
		{Path: "/a_b", Methods: []string{"GET"}},
	}}
	err := openapi.CheckOperationIDs(app)
	if err == nil || !strings.Contains(err.Error(), "aBGet") {
		t.Fatalf("err = %v", err)
	}
}

// TestServerAndShape: a deployed URL becomes the server; JSON is valid and
// the typed app's rules are visible in the schemas.
func TestServerAndShape(t *testing.T) {
	app := load(t, apps["typed"])
	js, err := openapi.JSON(app, openapi.Options{ServerURL: "https://abc.execute-api.us-west-2.amazonaws.com/api/"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Servers    []struct{ URL string }
		Components struct {
			Schemas map[string]map[string]any
		}
	}
	if err := json.Unmarshal(js, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Servers) != 1 || doc.Servers[0].URL != "https://abc.execute-api.us-west-2.amazonaws.com/api/" {
		t.Errorf("servers = %+v", doc.Servers)
	}
	item := doc.Components.Schemas["Item"]
	props := item["properties"].(map[string]any)
	for _, k := range []string{"created", "updated", "id", "Untagged", "owner"} {
		if props[k] == nil {
			t.Errorf("Item has no property %s (embedded or untagged field lost)", k)
		}
	}
	for _, k := range []string{"Note", "hidden", "Audit"} {
		if props[k] != nil {
			t.Errorf("Item has property %s", k)
		}
	}
	req := item["required"].([]any)
	for _, r := range req {
		if r == "tags" || r == "updated" || r == "raw" {
			t.Errorf("%s is omitempty/omitzero but required", r)
		}
	}
	if doc.Components.Schemas["users_Item"] == nil || doc.Components.Schemas["Page_Item"] == nil {
		t.Errorf("schemas = %v", keys(doc.Components.Schemas))
	}
}

func keys(m map[string]map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
