// Package wsapi sends to websocket clients through API Gateway's Management
// API (aws-sdk-go-v2's apigatewaymanagementapi): it is what
// chalice.WebsocketSend, WebsocketClose and WebsocketInfo call in a
// deployed app.
//
// Importing the package installs it (hook.WebsocketAPI, in init). The
// generated chalice_gen.go blank-imports it only in apps that declare
// websocket handlers, so no other app links the AWS SDK:
//
//	import _ "github.com/chalice-go/chalice/runtime/wsapi"
//
// The endpoint is https://{domainName}/{stage} of the websocket event being
// served (runtime/events records it in the handler's context; other
// handlers name it with chalice.WithWebsocketEndpoint). When
// AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI or AWS_ENDPOINT_URL is set, it
// replaces that whole base URL (tests and local emulators, such as a moto
// server, serve /@connections/{id} at their root). Credentials and region
// come from the default configuration chain (aws-sdk-go-v2/config); without
// a configured region, the region in the execute-api domain name is used.
package wsapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi"
	"github.com/aws/aws-sdk-go-v2/service/apigatewaymanagementapi/types"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
)

func init() { hook.WebsocketAPI = New() }

// API implements chalice's websocket operations with the Management API.
// The zero value is not usable; New returns one.
type API struct {
	// LoadConfig loads the SDK configuration; config.LoadDefaultConfig
	// unless replaced (tests).
	LoadConfig func(ctx context.Context) (aws.Config, error)

	mu      sync.Mutex
	cfg     *aws.Config
	clients map[string]*apigatewaymanagementapi.Client // by endpoint + region
}

// New returns an API using the default SDK configuration.
func New() *API {
	return &API{
		LoadConfig: func(ctx context.Context) (aws.Config, error) { return config.LoadDefaultConfig(ctx) },
		clients:    map[string]*apigatewaymanagementapi.Client{},
	}
}

// ErrNoEndpoint is returned outside a websocket handler when the context
// names no websocket API (see chalice.WithWebsocketEndpoint).
var ErrNoEndpoint = errors.New("chalice: no websocket API in the context: call chalice.WithWebsocketEndpoint(ctx, domainName, stage) outside websocket handlers")

// Send posts message to the connection.
func (a *API) Send(ctx context.Context, connectionID string, message []byte) error {
	c, err := a.client(ctx)
	if err != nil {
		return err
	}
	_, err = c.PostToConnection(ctx, &apigatewaymanagementapi.PostToConnectionInput{
		ConnectionId: aws.String(connectionID),
		Data:         message,
	})
	return mapError(connectionID, err)
}

// Close disconnects the connection.
func (a *API) Close(ctx context.Context, connectionID string) error {
	c, err := a.client(ctx)
	if err != nil {
		return err
	}
	_, err = c.DeleteConnection(ctx, &apigatewaymanagementapi.DeleteConnectionInput{
		ConnectionId: aws.String(connectionID),
	})
	return mapError(connectionID, err)
}

// Info returns the connection's ConnectedAt and LastActiveAt (time.Time)
// and Identity (map[string]any with SourceIp and UserAgent).
func (a *API) Info(ctx context.Context, connectionID string) (any, error) {
	c, err := a.client(ctx)
	if err != nil {
		return nil, err
	}
	out, err := c.GetConnection(ctx, &apigatewaymanagementapi.GetConnectionInput{
		ConnectionId: aws.String(connectionID),
	})
	if err != nil {
		return nil, mapError(connectionID, err)
	}
	identity := map[string]any{"SourceIp": "", "UserAgent": ""}
	if id := out.Identity; id != nil {
		identity["SourceIp"] = aws.ToString(id.SourceIp)
		identity["UserAgent"] = aws.ToString(id.UserAgent)
	}
	m := map[string]any{"Identity": identity}
	if out.ConnectedAt != nil {
		m["ConnectedAt"] = *out.ConnectedAt
	}
	if out.LastActiveAt != nil {
		m["LastActiveAt"] = *out.LastActiveAt
	}
	return m, nil
}

// mapError turns a gone connection (GoneException, HTTP 410) into
// *chalice.WebsocketDisconnectedError.
func mapError(connectionID string, err error) error {
	if err == nil {
		return nil
	}
	var gone *types.GoneException
	var resp *smithyhttp.ResponseError
	if errors.As(err, &gone) || errors.As(err, &resp) && resp.HTTPStatusCode() == http.StatusGone {
		return &chalice.WebsocketDisconnectedError{ConnectionID: connectionID}
	}
	return err
}

// Endpoint returns the Management API base URL for ctx.
func Endpoint(ctx context.Context) (string, error) {
	for _, env := range []string{"AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI", "AWS_ENDPOINT_URL"} {
		if u := os.Getenv(env); u != "" {
			return u, nil
		}
	}
	ep, ok := hook.WebsocketEndpointFrom(ctx)
	if !ok || ep.DomainName == "" {
		return "", ErrNoEndpoint
	}
	u := "https://" + ep.DomainName
	if ep.Stage != "" {
		u += "/" + ep.Stage
	}
	return u, nil
}

// regionOf returns REGION of an {id}.execute-api.REGION.amazonaws.com
// domain, or "".
func regionOf(ctx context.Context) string {
	ep, _ := hook.WebsocketEndpointFrom(ctx)
	parts := strings.Split(ep.DomainName, ".")
	for i := 0; i+1 < len(parts); i++ {
		if parts[i] == "execute-api" {
			return parts[i+1]
		}
	}
	return ""
}

func (a *API) client(ctx context.Context) (*apigatewaymanagementapi.Client, error) {
	endpoint, err := Endpoint(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.cfg == nil {
		cfg, err := a.LoadConfig(ctx)
		if err != nil {
			return nil, fmt.Errorf("chalice: loading AWS configuration: %w", err)
		}
		a.cfg = &cfg
	}
	region := a.cfg.Region
	if region == "" {
		region = regionOf(ctx)
	}
	if region == "" {
		region = "us-east-1"
	}
	key := endpoint + " " + region
	if c, ok := a.clients[key]; ok {
		return c, nil
	}
	c := apigatewaymanagementapi.NewFromConfig(*a.cfg, func(o *apigatewaymanagementapi.Options) {
		o.BaseEndpoint = aws.String(endpoint)
		o.Region = region
	})
	a.clients[key] = c
	return c, nil
}
