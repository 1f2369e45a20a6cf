package main

import (
	"context"
	"os"

	"github.com/chalice-go/chalice"
)

var dynamic = chalice.CORSConfig{AllowOrigin: os.Getenv("ORIGIN")} // want "field AllowOrigin of dynamic must be a constant"

// want +2 `unknown directive //chalice:rout; did you mean //chalice:route\?`
//
//chalice:rout /x
func A() {}

// want +2 `path "/users/" ends with /`
//
//chalice:route /users/
func B() {}

// want +2 `capture \{name\} has no parameter: add a parameter named name to C`
//
//chalice:route /c/{name}
func C(ctx context.Context) error { return nil }

//chalice:route /d
func D(id int) {} // want `parameter id has no capture in path /d`

//chalice:route /e cors=dynamic
func E() {}

// want +2 `rate\(1 minutes\) takes the singular unit`
//
//chalice:schedule rate(1 minutes)
func F(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:route /g
func G() {}

// want +2 `GET /g is already handled by G`
//
//chalice:route /g
func G2() {}

//chalice:on_s3_event bucket=b
func H(ctx context.Context, e chalice.SQSEvent) error { return nil } // want `on_s3_event handler H takes chalice.SQSEvent`

// want +2 `websocket handlers are experimental`
//
//chalice:on_ws_connect
func Connect(ctx context.Context, e chalice.WebsocketEvent) error { return nil }

//chalice:authorizer
func auth(ctx context.Context, r chalice.AuthRequest) (chalice.AuthResponse, error) {
	return chalice.AuthResponse{}, nil
}

//chalice:route /i authorizer=auth
func I() (*chalice.Response, error) { return nil, nil }

func main() {}

//chalice:route /j cors=dynamic
func J() {}
