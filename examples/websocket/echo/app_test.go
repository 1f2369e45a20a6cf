package main

import (
	"reflect"
	"testing"

	"github.com/chalice-go/chalice/chalicetest"
)

// The spec's wsdump session: every line typed comes back.
func TestEcho(t *testing.T) {
	ws := chalicetest.NewWebsocketRecorder(t)
	c := chalicetest.New(chaliceApp())
	for _, msg := range []string{"foo", "bar", "foo bar baz"} {
		res, err := c.Invoke(t, "websocket_message", chalicetest.WebsocketMessage("conn-1", msg))
		if err != nil || string(res) != `{"statusCode":200}` {
			t.Fatalf("invoke: %s, %v", res, err)
		}
	}
	if got := ws.Messages("conn-1"); !reflect.DeepEqual(got, []string{"foo", "bar", "foo bar baz"}) {
		t.Errorf("echoed %q", got)
	}
	sent := ws.Sent()
	if sent[0].DomainName != chalicetest.WebsocketDomain || sent[0].Stage != chalicetest.WebsocketStage {
		t.Errorf("sent through %s/%s", sent[0].DomainName, sent[0].Stage)
	}
}

// A client gone before its echo is not an error.
func TestDisconnectedClient(t *testing.T) {
	ws := chalicetest.NewWebsocketRecorder(t)
	ws.Disconnect("conn-2")
	c := chalicetest.New(chaliceApp())
	res, err := c.Invoke(t, "websocket_message", chalicetest.WebsocketMessage("conn-2", "anyone?"))
	if err != nil || string(res) != `{"statusCode":200}` {
		t.Errorf("invoke: %s, %v", res, err)
	}
	if len(ws.Sent()) != 0 {
		t.Errorf("sent %v", ws.Sent())
	}
}
