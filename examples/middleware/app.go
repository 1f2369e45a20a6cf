// Command middleware logs through the app logger and wraps every route with
// HTTP middleware that times requests and can short-circuit them.
package main

//go:generate go tool chalicegen

import (
	"context"
	"time"

	"github.com/chalice-go/chalice"
)

// timing adds an X-Elapsed header to every response, errors included.
//
//chalice:middleware http
func timing(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	start := time.Now()
	resp, err := next(ctx, req)
	if resp != nil {
		if resp.Headers == nil {
			resp.Headers = map[string]string{}
		}
		resp.Headers["X-Elapsed"] = time.Since(start).String()
	}
	return resp, err
}

// maintenance answers 503 for every request carrying X-Maintenance.
//
//chalice:middleware http
func maintenance(ctx context.Context, req *chalice.Request, next chalice.HTTPHandler) (*chalice.Response, error) {
	if req.Headers.Get("x-maintenance") != "" {
		return &chalice.Response{StatusCode: 503, Body: map[string]string{"status": "maintenance"}}, nil
	}
	return next(ctx, req)
}

//chalice:route GET /
func index(ctx context.Context) map[string]string {
	chalice.Logger(ctx).Debug("This is a debug statement")
	chalice.Logger(ctx).Error("This is an error statement")
	return map[string]string{"hello": "world"}
}
