package main

import (
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
	"github.com/chalice-go/chalice/examples/blueprints/events"
)

func TestBlueprints(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	for path, want := range map[string]string{
		"/":      `{"hello":"world"}`,
		"/foo":   `{"foo":"bar"}`,
		"/hello": `{"hello":"world"}`,
	} {
		if r := c.Get(t, path); r.StatusCode != 200 || string(r.Body) != want {
			t.Errorf("GET %s = %d %s", path, r.StatusCode, r.Body)
		}
	}
	if r := c.Get(t, "/users/1"); r.StatusCode != 403 {
		t.Errorf("unprefixed blueprint route answered %d", r.StatusCode)
	}
	if r := c.Get(t, "/admin/users/1"); r.StatusCode != 401 {
		t.Errorf("no token: %d", r.StatusCode)
	}
	r := c.Get(t, "/admin/users/12", chalicetest.Header("Authorization", "admin"))
	if r.StatusCode != 200 || string(r.Body) != `{"id":12,"role":"member"}` {
		t.Errorf("admin: %d %s", r.StatusCode, r.Body)
	}
	// The authorizer is its own Lambda function, named with the prefix.
	if _, err := c.Invoke(t, "admin_Auth", `{"type":"TOKEN","authorizationToken":"x","methodArn":"arn:aws:execute-api:us-east-1:1:a/api/GET/admin/users/1"}`); err != nil {
		t.Errorf("invoke admin_Auth: %v", err)
	}
}

func TestBlueprintEvents(t *testing.T) {
	c := chalicetest.New(chaliceApp())
	if _, err := c.Invoke(t, "bp_Cron", chalicetest.ScheduleEvent()); err != nil {
		t.Fatal(err)
	}
	if events.Ticks.Load() != 1 {
		t.Errorf("schedule handler ran %d times", events.Ticks.Load())
	}
	if _, err := c.Invoke(t, "bp_HandleSNSMessage", chalicetest.SNSEvent("arn:aws:sns:us-east-1:123456789012:MyTopic", "greeting", "hello")); err != nil {
		t.Fatal(err)
	}
	if got := events.LastMessage.Load(); got != "greeting: hello" {
		t.Errorf("sns handler saw %v", got)
	}
	// name_prefix does not apply to routes: they stay in api_handler.
	if _, err := c.Invoke(t, "Cron", chalicetest.ScheduleEvent()); err == nil {
		t.Error("the unprefixed name should not exist")
	}
}
