package main

import (
	"strings"
	"testing"

	"github.com/chalice-go/chalice/deploy/state"
)

// url prints the REST (or HTTP) API URL first, then the websocket URL, then a
// Function URL (api_handler's or the only one; -n picks one).
func TestURLFunctionURLs(t *testing.T) {
	dir := t.TempDir()
	st := state.New()
	st.Put(state.Resource{Name: "worker-function-url", Type: state.TypeFunctionURL, LambdaARN: "arn:aws:lambda:us-east-1:1:function:a-dev-worker", FunctionURL: "https://w.lambda-url.us-east-1.on.aws/"})
	if err := st.Save(dir, "dev"); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := cli(t, dir, "--project-dir", dir, "url"); code != 0 || out != "https://w.lambda-url.us-east-1.on.aws/\n" {
		t.Errorf("url with one Function URL: exit %d %q %s", code, out, errs)
	}
	st.Put(state.Resource{Name: "jobs-function-url", Type: state.TypeFunctionURL, FunctionURL: "https://j.lambda-url.us-east-1.on.aws/"})
	_ = st.Save(dir, "dev")
	if code, _, errs := cli(t, dir, "--project-dir", dir, "url"); code != 1 || !strings.Contains(errs, "several Function URLs (jobs, worker): name one with -n") {
		t.Errorf("url with two: exit %d %s", code, errs)
	}
	if code, out, _ := cli(t, dir, "--project-dir", dir, "url", "-n", "jobs"); code != 0 || out != "https://j.lambda-url.us-east-1.on.aws/\n" {
		t.Errorf("url -n jobs: exit %d %q", code, out)
	}
	if code, _, errs := cli(t, dir, "--project-dir", dir, "url", "-n", "nope"); code != 1 || !strings.Contains(errs, "function nope has no deployed Function URL in stage dev (deployed: jobs, worker;") {
		t.Errorf("url -n nope: exit %d %s", code, errs)
	}
	st.Put(state.Resource{Name: "http_api", Type: state.TypeHTTPAPI, HTTPAPIID: "h1", HTTPAPIURL: "https://h1.execute-api.us-east-1.amazonaws.com/"})
	_ = st.Save(dir, "dev")
	if code, out, _ := cli(t, dir, "--project-dir", dir, "url"); code != 0 || out != "https://h1.execute-api.us-east-1.amazonaws.com/\n" {
		t.Errorf("url with an HTTP API: exit %d %q", code, out)
	}
	st.Delete("http_api")
	st.Put(state.Resource{Name: "rest_api", Type: state.TypeRestAPI, RestAPIURL: "https://abc.execute-api.us-east-1.amazonaws.com/api/"})
	_ = st.Save(dir, "dev")
	if code, out, _ := cli(t, dir, "--project-dir", dir, "url"); code != 0 || out != "https://abc.execute-api.us-east-1.amazonaws.com/api/\n" {
		t.Errorf("url with a REST API: exit %d %q", code, out)
	}
}
