package examples

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestLambdaBuildLinksOnlyWhatTheAppUses (audit): DESIGN.md's fixed
// decision — an app without websockets or SDK calls must not carry
// aws-sdk-go-v2, and no Lambda build carries the local server's websocket
// library. Checked on the dependency graph of the Lambda build
// (linux/arm64, -tags lambda.norpc), with a websocket app as the positive
// control.
func TestLambdaBuildLinksOnlyWhatTheAppUses(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list; skipped with -short")
	}
	deps := func(pkg string) []string {
		t.Helper()
		cmd := exec.Command("go", "list", "-deps", "-tags", "lambda.norpc", "./"+pkg)
		cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=arm64", "CGO_ENABLED=0")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list -deps ./%s: %v\n%s", pkg, err, out)
		}
		return strings.Fields(string(out))
	}
	has := func(list []string, prefix string) bool {
		for _, p := range list {
			if strings.HasPrefix(p, prefix) {
				return true
			}
		}
		return false
	}
	const sdk, wslib, wsapi = "github.com/aws/aws-sdk-go-v2", "github.com/coder/websocket", "github.com/chalice-go/chalice/runtime/wsapi"
	for _, app := range []string{"hello", "cities", "authorizer", "cors", "blueprints", "events/sqs", "events/every_hour", "events/pure"} {
		d := deps(app)
		if !has(d, "github.com/chalice-go/chalice/runtime") {
			t.Fatalf("%s: go list output does not look like a chalice app: %v", app, d)
		}
		for _, bad := range []string{sdk, wslib, wsapi} {
			if has(d, bad) {
				t.Errorf("%s links %s", app, bad)
			}
		}
	}
	// Positive control: a websocket app links the Management API client
	// (and so the SDK), still without the local server's websocket library.
	d := deps("websocket/echo")
	if !has(d, wsapi) || !has(d, sdk) {
		t.Errorf("websocket/echo does not link %s and the SDK", wsapi)
	}
	if has(d, wslib) {
		t.Errorf("websocket/echo links %s (the local server's library)", wslib)
	}
}
