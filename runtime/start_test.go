package runtime

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-lambda-go/lambda"

	"github.com/chalice-go/chalice"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestStartNotUnderLambda(t *testing.T) {
	var stderr bytes.Buffer
	served := false
	code := start(testApp(), env(nil), &stderr, func(lambda.Handler) { served = true })
	if code != 2 || served {
		t.Errorf("code = %d, served = %v", code, served)
	}
	if msg := stderr.String(); !strings.Contains(msg, "chalicegen local") || !strings.Contains(msg, "testapp") {
		t.Errorf("message = %q", msg)
	}
}

func TestStartDispatch(t *testing.T) {
	a := testApp()
	a.Functions = []Function{{Name: "every_hour", Kind: "schedule", Invoke: func(ctx context.Context, p []byte) ([]byte, error) {
		return append([]byte("got:"), p...), nil
	}}}
	a.Authorizers = []Authorizer{{Name: "demo_auth", Handler: func(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
		return chalice.AuthResponse{Routes: chalice.AllowPaths("*"), PrincipalID: r.Token}, nil
	}}}
	lambdaEnv := func(h string) func(string) string {
		return env(map[string]string{"AWS_LAMBDA_RUNTIME_API": "127.0.0.1:1", "_HANDLER": h})
	}
	tests := []struct {
		handler string
		payload string
		want    string
		wantErr string
	}{
		{"api_handler", `{"httpMethod":"GET","resource":"/","path":"/"}`, `"body":"{\"hello\":\"world\"}"`, ""},
		{"every_hour", `{"x":1}`, `got:{"x":1}`, ""},
		{"demo_auth", `{"type":"TOKEN","authorizationToken":"me","methodArn":"arn:aws:execute-api:r:1:api/dev/GET/"}`, `"principalId":"me"`, ""},
		{"nope", `{}`, "", `unknown handler "nope" (from _HANDLER); this app's functions are: api_handler, demo_auth, every_hour`},
		{"", `{}`, "", "_HANDLER is not set"},
	}
	for _, tc := range tests {
		var stderr bytes.Buffer
		var h lambda.Handler
		code := start(a, lambdaEnv(tc.handler), &stderr, func(x lambda.Handler) { h = x })
		if code != 0 || h == nil {
			t.Fatalf("%s: code %d", tc.handler, code)
		}
		out, err := h.Invoke(context.Background(), []byte(tc.payload))
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(stderr.String(), tc.wantErr) {
				t.Errorf("%s: err = %v, stderr %q", tc.handler, err, stderr.String())
			}
			continue
		}
		if err != nil || !strings.Contains(string(out), tc.want) {
			t.Errorf("%s: out = %s, err = %v", tc.handler, out, err)
		}
	}
}

func TestStartLocalHook(t *testing.T) {
	called := false
	localServe = func(a *App) error { called = true; return errors.New("port busy") }
	t.Cleanup(func() { localServe = nil })
	var stderr bytes.Buffer
	code := start(testApp(), env(map[string]string{"CHALICE_LOCAL": "1"}), &stderr, func(lambda.Handler) { t.Error("served") })
	if !called || code != 1 || !strings.Contains(stderr.String(), "port busy") {
		t.Errorf("called %v code %d stderr %q", called, code, stderr.String())
	}
	// Without CHALICE_LOCAL the hook is ignored.
	called = false
	if code := start(testApp(), env(nil), io.Discard, func(lambda.Handler) {}); code != 2 || called {
		t.Errorf("code %d called %v", code, called)
	}
}

func TestFunctions(t *testing.T) {
	a := &App{Name: "f", Functions: []Function{
		{Name: "boom", Invoke: func(ctx context.Context, p []byte) ([]byte, error) { panic("kaput") }},
		{Name: "fails", Invoke: func(ctx context.Context, p []byte) ([]byte, error) { return nil, errors.New("bad input") }},
		{Name: "nohandler"},
	}}
	quietLogs(t, a)
	for name, want := range map[string]string{"boom": "boom panicked: kaput", "fails": "bad input", "nohandler": "no handler"} {
		if _, err := a.Invoke(context.Background(), name, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err = %v", name, err)
		}
	}
}

// TestStartUnderRuntimeAPI runs Start in a child process against a fake
// Lambda runtime API, the way the provided.al2023 runtime drives bootstrap.
func TestStartUnderRuntimeAPI(t *testing.T) {
	if os.Getenv("CHALICE_TEST_CHILD") == "1" {
		Start(testApp())
		return
	}
	if testing.Short() {
		t.Skip("starts a child process")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	event := fixture(t, "v1_users_name.json")
	responses := make(chan []byte, 1)
	var served atomic.Bool
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.Method == "GET" && r.URL.Path == "/2018-06-01/runtime/invocation/next":
			if served.Swap(true) {
				<-r.Context().Done() // no more events: hold the poll until the child dies
				return
			}
			w.Header().Set("Lambda-Runtime-Aws-Request-Id", "req-1")
			w.Header().Set("Lambda-Runtime-Deadline-Ms", "9999999999999")
			w.Header().Set("Lambda-Runtime-Invoked-Function-Arn", "arn:aws:lambda:eu-west-1:123456789012:function:testapp-dev")
			w.Write(event)
		case r.Method == "POST" && r.URL.Path == "/2018-06-01/runtime/invocation/req-1/response":
			b, _ := io.ReadAll(r.Body)
			w.WriteHeader(http.StatusAccepted)
			responses <- b
		default:
			b, _ := io.ReadAll(r.Body)
			t.Errorf("unexpected runtime API call %s %s: %s", r.Method, r.URL.Path, b)
			w.WriteHeader(http.StatusAccepted)
			responses <- nil
		}
	})}
	go srv.Serve(ln)
	defer srv.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^TestStartUnderRuntimeAPI$")
	cmd.Env = append(os.Environ(), "CHALICE_TEST_CHILD=1", "AWS_LAMBDA_RUNTIME_API="+ln.Addr().String(), "_HANDLER=api_handler")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill(); _ = cmd.Wait() }()
	select {
	case b := <-responses:
		r := decodeResponse(t, b)
		if r.StatusCode != 200 || r.Body != `{"name":"bob","greeting":"Hello, bob"}` {
			t.Errorf("response = %s", b)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("no response from the child; output:\n%s", out.String())
	}
}
