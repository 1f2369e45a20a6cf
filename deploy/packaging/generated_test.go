package packaging

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/chalice-go/chalice/gen"
	"github.com/chalice-go/chalice/gen/gentest"
	"github.com/chalice-go/chalice/internal/lambdaapi"
	"github.com/chalice-go/chalice/model"
)

// apiEvent is the fixture API Gateway v1 event re-aimed at another route.
func apiEvent(t *testing.T, method, resource, path string, params map[string]string) []byte {
	t.Helper()
	var ev map[string]any
	if err := json.Unmarshal(readEvent(t), &ev); err != nil {
		t.Fatal(err)
	}
	ev["httpMethod"], ev["resource"], ev["path"] = method, resource, path
	ev["pathParameters"] = params
	ev["queryStringParameters"], ev["multiValueQueryStringParameters"] = nil, nil
	rc := ev["requestContext"].(map[string]any)
	rc["httpMethod"], rc["resourcePath"], rc["path"] = method, resource, "/api"+path
	b, err := json.Marshal(ev)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestGeneratedAppRunsUnderRuntimeAPI packages a real annotated app (the
// generator's "params" case: its source plus the chalice_gen.go that
// gen.Generate writes for it) and serves routes from the zipped bootstrap
// through runtime.Start.
func TestGeneratedAppRunsUnderRuntimeAPI(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the chalice module for Lambda")
	}
	const gcase = "../../testdata/gen/params"
	b, err := os.ReadFile(filepath.Join(gcase, "model.json"))
	if err != nil {
		t.Fatal(err)
	}
	var app model.App
	if err := json.Unmarshal(b, &app); err != nil {
		t.Fatal(err)
	}
	src, err := gen.Generate(&app)
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := gentest.NewModule(t, root, app.PkgPath, filepath.Join(gcase, "src"))
	if err := os.WriteFile(filepath.Join(dir, gen.FileName), src, 0o644); err != nil {
		t.Fatal(err)
	}
	art, err := Package(context.Background(), Options{
		BuildOptions: BuildOptions{Dir: dir, Arch: ArchX86_64, Env: gentest.Env()},
		ZipPath:      filepath.Join(t.TempDir(), "deployment.zip"),
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(art.ZipPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("generated app: zip %d bytes, bootstrap %d bytes", art.ZipSize, art.BinarySize)
	fn := startFunction(t, data, app.Name+"-dev", "api_handler")

	resp := fn.invokeHTTP(t, invocation(apiEvent(t, "GET", "/", "/", nil)))
	if resp.StatusCode != 200 || !jsonEqual(resp.Body, `{"hello":"world"}`) {
		t.Fatalf("GET /: %+v", resp)
	}
	resp = fn.invokeHTTP(t, invocation(apiEvent(t, "GET", "/users/{id}", "/users/42", map[string]string{"id": "42"})))
	var profile map[string]any // the case's Profile; its content is the case's business
	if resp.StatusCode != 200 || json.Unmarshal([]byte(resp.Body), &profile) != nil || profile["name"] == nil {
		t.Fatalf("GET /users/42: %+v", resp)
	}
	// A capture that does not parse as the handler's int64 parameter.
	resp = fn.invokeHTTP(t, invocation(apiEvent(t, "GET", "/users/{id}", "/users/abc", map[string]string{"id": "abc"})))
	if resp.StatusCode != 400 || !bytes.Contains([]byte(resp.Body), []byte("BadRequestError")) {
		t.Fatalf("GET /users/abc: %+v", resp)
	}
}

func jsonEqual(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return bytes.Equal(xb, yb)
}

func invocation(payload []byte) lambdaapi.Invocation { return lambdaapi.Invocation{Payload: payload} }
