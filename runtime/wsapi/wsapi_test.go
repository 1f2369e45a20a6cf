package wsapi

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"

	"github.com/chalice-go/chalice/internal/mototest"
)

// awsEnv points the SDK at endpoint with dummy credentials and no shared
// config files.
func awsEnv(t *testing.T, endpoint string) {
	t.Helper()
	mototest.Env(t, endpoint)
	t.Setenv("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "")
}

func wsContext() context.Context {
	return hook.WithWebsocketEndpoint(context.Background(),
		hook.WebsocketEndpoint{DomainName: "abc123.execute-api.us-west-2.amazonaws.com", Stage: "api"})
}

func TestInitInstalls(t *testing.T) {
	if _, ok := hook.WebsocketAPI.(*API); !ok {
		t.Fatalf("hook.WebsocketAPI = %T, want *wsapi.API", hook.WebsocketAPI)
	}
}

func TestEndpoint(t *testing.T) {
	t.Setenv("AWS_ENDPOINT_URL", "")
	t.Setenv("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "")
	got, err := Endpoint(wsContext())
	if err != nil || got != "https://abc123.execute-api.us-west-2.amazonaws.com/api" {
		t.Errorf("Endpoint = %q, %v", got, err)
	}
	if r := regionOf(wsContext()); r != "us-west-2" {
		t.Errorf("region = %q", r)
	}
	if _, err := Endpoint(context.Background()); !errors.Is(err, ErrNoEndpoint) {
		t.Errorf("no endpoint: %v", err)
	}
	ctx := chalice.WithWebsocketEndpoint(context.Background(), "ws.example.com", "prod")
	if got, _ := Endpoint(ctx); got != "https://ws.example.com/prod" {
		t.Errorf("WithWebsocketEndpoint: %q", got)
	}
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1")
	if got, _ := Endpoint(context.Background()); got != "http://127.0.0.1:1" {
		t.Errorf("AWS_ENDPOINT_URL: %q", got)
	}
	t.Setenv("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "http://127.0.0.1:2")
	if got, _ := Endpoint(context.Background()); got != "http://127.0.0.1:2" {
		t.Errorf("service endpoint: %q", got)
	}
}

func TestNoEndpointInContext(t *testing.T) {
	awsEnv(t, "")
	if err := New().Send(context.Background(), "c", []byte("x")); !errors.Is(err, ErrNoEndpoint) {
		t.Errorf("Send without endpoint: %v", err)
	}
}

// stub is a Management API on loopback that records requests and answers
// each connection by its id: "gone-*" with 410 GoneException.
type stub struct {
	mu   sync.Mutex
	reqs []string // "METHOD /path body"
}

func (s *stub) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	path, _ := url.PathUnescape(r.URL.EscapedPath())
	s.mu.Lock()
	s.reqs = append(s.reqs, r.Method+" "+path+" "+string(body))
	s.mu.Unlock()
	id := strings.TrimPrefix(path, "/@connections/")
	w.Header().Set("Content-Type", "application/json")
	if strings.HasPrefix(id, "gone-") {
		w.Header().Set("X-Amzn-ErrorType", "GoneException")
		w.WriteHeader(http.StatusGone)
		fmt.Fprint(w, `{"message":"Connection is gone"}`)
		return
	}
	if id == "bare-410" {
		w.WriteHeader(http.StatusGone)
		return
	}
	if id == "forbidden" {
		w.Header().Set("X-Amzn-ErrorType", "ForbiddenException")
		w.WriteHeader(http.StatusForbidden)
		fmt.Fprint(w, `{"message":"Forbidden"}`)
		return
	}
	if r.Method == http.MethodGet {
		fmt.Fprint(w, `{"connectedAt":"2024-01-20T11:54:57.419Z","lastActiveAt":"2024-01-20T11:55:00.453Z",
			"identity":{"sourceIp":"1.2.3.4","userAgent":"wsdump"}}`)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func newStub(t *testing.T) *stub {
	t.Helper()
	s := &stub{}
	srv := httptest.NewServer(s) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	awsEnv(t, srv.URL)
	return s
}

func TestSendCloseInfoAgainstStub(t *testing.T) {
	s := newStub(t)
	api := New()
	ctx := wsContext()
	if err := api.Send(ctx, "R1kmxc2VNjMCFIA=", []byte("I got your message!")); err != nil {
		t.Fatal(err)
	}
	if err := api.Close(ctx, "conn-2"); err != nil {
		t.Fatal(err)
	}
	info, err := api.Info(ctx, "conn-3")
	if err != nil {
		t.Fatal(err)
	}
	m := info.(map[string]any)
	if !m["ConnectedAt"].(time.Time).Equal(time.Date(2024, 1, 20, 11, 54, 57, 419e6, time.UTC)) ||
		!m["LastActiveAt"].(time.Time).Equal(time.Date(2024, 1, 20, 11, 55, 0, 453e6, time.UTC)) {
		t.Errorf("times: %v", m)
	}
	id := m["Identity"].(map[string]any)
	if id["SourceIp"] != "1.2.3.4" || id["UserAgent"] != "wsdump" {
		t.Errorf("identity: %v", id)
	}
	want := []string{
		"POST /@connections/R1kmxc2VNjMCFIA= I got your message!",
		"DELETE /@connections/conn-2 ",
		"GET /@connections/conn-3 ",
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if strings.Join(s.reqs, "\n") != strings.Join(want, "\n") {
		t.Errorf("requests:\n%s\nwant\n%s", strings.Join(s.reqs, "\n"), strings.Join(want, "\n"))
	}
}

func TestGoneConnection(t *testing.T) {
	newStub(t)
	api := New()
	ctx := wsContext()
	for _, id := range []string{"gone-1", "bare-410"} {
		for name, op := range map[string]func() error{
			"send":  func() error { return api.Send(ctx, id, []byte("x")) },
			"close": func() error { return api.Close(ctx, id) },
			"info":  func() error { _, err := api.Info(ctx, id); return err },
		} {
			err := op()
			var d *chalice.WebsocketDisconnectedError
			if !errors.As(err, &d) || d.ConnectionID != id {
				t.Errorf("%s %s: err = %v (%T), want *chalice.WebsocketDisconnectedError", name, id, err, err)
			}
		}
	}
	err := api.Send(ctx, "forbidden", []byte("x"))
	var d *chalice.WebsocketDisconnectedError
	if err == nil || errors.As(err, &d) {
		t.Errorf("a 403 is not a disconnection: %v", err)
	}
}

func TestThroughChaliceAPI(t *testing.T) {
	s := newStub(t)
	old := hook.WebsocketAPI
	hook.WebsocketAPI = New()
	t.Cleanup(func() { hook.WebsocketAPI = old })
	ctx := wsContext()
	if err := chalice.WebsocketSend(ctx, "c1", "hello"); err != nil {
		t.Fatal(err)
	}
	err := chalice.WebsocketSend(ctx, "gone-2", "hello")
	var d *chalice.WebsocketDisconnectedError
	if !errors.As(err, &d) || d.ConnectionID != "gone-2" {
		t.Errorf("gone: %v", err)
	}
	info, err := chalice.WebsocketInfo(ctx, "c1")
	if err != nil || info["Identity"].(map[string]any)["SourceIp"] != "1.2.3.4" {
		t.Errorf("info: %v, %v", info, err)
	}
	if err := chalice.WebsocketClose(ctx, "c1"); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.reqs) != 4 || s.reqs[0] != "POST /@connections/c1 hello" {
		t.Errorf("requests: %q", s.reqs)
	}
}

func TestAgainstMoto(t *testing.T) {
	if testing.Short() {
		t.Skip("moto test skipped in -short mode")
	}
	base := mototest.Start(t)
	awsEnv(t, base)
	api := New()
	ctx := wsContext()
	if err := api.Send(ctx, "conn-1", []byte("I got your message!")); err != nil {
		t.Fatalf("send: %v", err)
	}
	if err := api.Close(ctx, "conn-1"); err != nil {
		t.Fatalf("close: %v", err)
	}
	// moto answers GetConnection with epoch numbers where the API (and the
	// SDK) use ISO 8601 strings, so Info's decoding is checked against the
	// stub above; here it must reach moto and fail only on that.
	info, err := api.Info(ctx, "conn-2")
	switch {
	case err == nil:
		if id := info.(map[string]any)["Identity"].(map[string]any); id["UserAgent"] == "" {
			t.Errorf("info: %v", info)
		}
	case !strings.Contains(err.Error(), "deserialization failed"):
		t.Errorf("info against moto: %v", err)
	}
}
