package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/chalicetest"
)

func TestMiddlewareAndLogging(t *testing.T) {
	var logs bytes.Buffer
	app := chaliceApp()
	c := chalicetest.New(app)
	chalice.ConfigureLogger(app.Name, &logs)

	r := c.Get(t, "/")
	if r.StatusCode != 200 || string(r.Body) != `{"hello":"world"}` {
		t.Fatalf("%d %s", r.StatusCode, r.Body)
	}
	if r.Headers.Get("X-Elapsed") == "" {
		t.Errorf("timing middleware did not run: %v", r.Headers)
	}
	// The default level is ERROR: only the error line is written.
	if got := logs.String(); got != "middleware - ERROR - This is an error statement\n" {
		t.Errorf("logs = %q", got)
	}

	logs.Reset()
	chalice.SetLogLevel(slog.LevelDebug)
	defer chalice.SetLogLevel(slog.LevelError)
	c.Get(t, "/")
	if !strings.Contains(logs.String(), "middleware - DEBUG - This is a debug statement\n") {
		t.Errorf("debug logs = %q", logs.String())
	}

	r = c.Get(t, "/", chalicetest.Header("X-Maintenance", "1"))
	if r.StatusCode != 503 || string(r.Body) != `{"status":"maintenance"}` || r.Headers.Get("X-Elapsed") == "" {
		t.Errorf("maintenance: %d %s %v", r.StatusCode, r.Body, r.Headers)
	}
}
