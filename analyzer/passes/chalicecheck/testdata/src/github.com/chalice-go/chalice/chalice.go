// Package chalice is a stand-in for the real package: the analyzer knows
// chalice types by import path and name only.
package chalice

import "context"

type Request struct{ Method string }

type Response struct {
	StatusCode int
	Body       any
}

type HTTPHandler func(ctx context.Context, req *Request) (*Response, error)

type CORSConfig struct {
	AllowOrigin      string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

type IAMAuthorizer struct{}

type CognitoUserPoolAuthorizer struct {
	Name         string
	ProviderARNs []string
	Header       string
	Audience     []string
}

type CustomAuthorizer struct {
	Name, AuthorizerURI string
	TTLSeconds          int
	Header              string
}

type AuthRequest struct{ AuthType, Token, MethodARN string }

type AuthResponse struct{ PrincipalID string }

type CloudWatchEvent struct{ Source string }

type S3Event struct{ Bucket, Key string }

type SQSEvent struct{ Records []string }

type WebsocketEvent struct{ ConnectionID string }
