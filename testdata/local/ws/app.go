// Command ws is the websocket app the black-box tests of `chalicegen local`
// drive. Each message is a command: "echo TEXT", "id", "send ID TEXT",
// "close ID", "info ID", "event", "log".
//
//chalice:app experimental=WEBSOCKETS
package main

//go:generate chalicegen

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"

	"github.com/chalice-go/chalice"
)

var (
	mu  sync.Mutex
	log []string
)

func record(s string) {
	mu.Lock()
	log = append(log, s)
	mu.Unlock()
}

//chalice:route GET /
func index() map[string]string { return map[string]string{"ws": "yes"} }

//chalice:on_ws_connect
func connect(ctx context.Context, ev chalice.WebsocketEvent) error {
	if q, _ := ev.ToMap()["queryStringParameters"].(map[string]any); q["deny"] != nil {
		return chalice.ForbiddenError("denied")
	}
	record("connect " + ev.ConnectionID)
	return nil
}

//chalice:on_ws_disconnect
func disconnect(ctx context.Context, ev chalice.WebsocketEvent) error {
	record("disconnect " + ev.ConnectionID)
	return nil
}

//chalice:on_ws_message
func message(ctx context.Context, ev chalice.WebsocketEvent) error {
	reply := func(s string) error { return chalice.WebsocketSend(ctx, ev.ConnectionID, s) }
	cmd, arg, _ := strings.Cut(ev.Body, " ")
	switch cmd {
	case "echo":
		return reply(arg)
	case "id":
		return reply(ev.ConnectionID)
	case "send":
		to, text, _ := strings.Cut(arg, " ")
		err := chalice.WebsocketSend(ctx, to, text)
		var gone *chalice.WebsocketDisconnectedError
		if errors.As(err, &gone) {
			return reply("disconnected: " + gone.ConnectionID)
		}
		if err != nil {
			return reply("error: " + err.Error())
		}
		return reply("sent")
	case "close":
		return chalice.WebsocketClose(ctx, arg)
	case "info":
		info, err := chalice.WebsocketInfo(ctx, arg)
		if err != nil {
			return reply("error: " + err.Error())
		}
		b, _ := json.Marshal(info)
		return reply(string(b))
	case "event":
		b, _ := json.Marshal(map[string]string{"Stage": ev.Stage, "DomainName": ev.DomainName, "EventType": ev.EventType, "RouteKey": ev.RouteKey})
		return reply(string(b))
	case "log":
		mu.Lock()
		defer mu.Unlock()
		return reply(strings.Join(log, "\n"))
	}
	return reply("unknown command " + cmd)
}
