package chalicetest

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/hook"
)

// WebsocketRecorder stands in for API Gateway's Management API in tests:
// chalice.WebsocketSend, WebsocketClose and WebsocketInfo reach it instead
// of AWS, and it records what was sent to each connection.
//
//	ws := chalicetest.NewWebsocketRecorder(t)
//	c.Invoke(t, "websocket_message", chalicetest.WebsocketMessage("conn-1", "hi"))
//	ws.Messages("conn-1") // ["hi"]
//
// Every connection is connected until Disconnect or a WebsocketClose; then
// sends to it fail with *chalice.WebsocketDisconnectedError, as they do on
// AWS. Like the real implementation, it requires the context to name a
// websocket API (websocket handlers' contexts do; others use
// chalice.WithWebsocketEndpoint).
type WebsocketRecorder struct {
	mu     sync.Mutex
	sent   []SentMessage
	gone   map[string]bool
	closed map[string]bool
}

// SentMessage is one message sent to a connection.
type SentMessage struct {
	ConnectionID string
	Message      string
	DomainName   string // the websocket API it was sent through
	Stage        string
}

// NewWebsocketRecorder installs a recorder as the app's websocket API for
// the duration of the test. Tests using it must not run in parallel with
// each other: the websocket API is process-wide.
func NewWebsocketRecorder(t testing.TB) *WebsocketRecorder {
	r := &WebsocketRecorder{gone: map[string]bool{}, closed: map[string]bool{}}
	old := hook.WebsocketAPI
	hook.WebsocketAPI = r
	t.Cleanup(func() { hook.WebsocketAPI = old })
	return r
}

var errNoEndpoint = errors.New("chalicetest: no websocket API in the context: call chalice.WithWebsocketEndpoint(ctx, domainName, stage) outside websocket handlers")

// Send records message, or fails for a disconnected connection.
func (r *WebsocketRecorder) Send(ctx context.Context, connectionID string, message []byte) error {
	ep, ok := hook.WebsocketEndpointFrom(ctx)
	if !ok || ep.DomainName == "" {
		return errNoEndpoint
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gone[connectionID] {
		return &chalice.WebsocketDisconnectedError{ConnectionID: connectionID}
	}
	r.sent = append(r.sent, SentMessage{ConnectionID: connectionID, Message: string(message),
		DomainName: ep.DomainName, Stage: ep.Stage})
	return nil
}

// Close disconnects the connection.
func (r *WebsocketRecorder) Close(ctx context.Context, connectionID string) error {
	if ep, ok := hook.WebsocketEndpointFrom(ctx); !ok || ep.DomainName == "" {
		return errNoEndpoint
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gone[connectionID] {
		return &chalice.WebsocketDisconnectedError{ConnectionID: connectionID}
	}
	r.gone[connectionID] = true
	r.closed[connectionID] = true
	return nil
}

// Info describes the connection as the Management API does.
func (r *WebsocketRecorder) Info(ctx context.Context, connectionID string) (any, error) {
	if ep, ok := hook.WebsocketEndpointFrom(ctx); !ok || ep.DomainName == "" {
		return nil, errNoEndpoint
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.gone[connectionID] {
		return nil, &chalice.WebsocketDisconnectedError{ConnectionID: connectionID}
	}
	return map[string]any{
		"ConnectedAt":  EventTime,
		"Identity":     map[string]any{"SourceIp": "127.0.0.1", "UserAgent": "chalicetest"},
		"LastActiveAt": EventTime.Add(time.Second),
	}, nil
}

// Disconnect makes the connection gone, as when a client goes away without
// the app knowing: later sends fail with *chalice.WebsocketDisconnectedError.
func (r *WebsocketRecorder) Disconnect(connectionID string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.gone[connectionID] = true
}

// Closed reports whether the app closed the connection (WebsocketClose).
func (r *WebsocketRecorder) Closed(connectionID string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.closed[connectionID]
}

// Messages returns what was sent to the connection, in order.
func (r *WebsocketRecorder) Messages(connectionID string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, m := range r.sent {
		if m.ConnectionID == connectionID {
			out = append(out, m.Message)
		}
	}
	return out
}

// Sent returns every message sent, in order.
func (r *WebsocketRecorder) Sent() []SentMessage {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]SentMessage(nil), r.sent...)
}

// Reset forgets the messages sent so far (connections stay as they are).
func (r *WebsocketRecorder) Reset() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = nil
}
