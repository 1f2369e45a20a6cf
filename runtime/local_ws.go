//go:build chalice_local

package runtime

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sync"
	"time"

	"github.com/chalice-go/chalice"
	"github.com/coder/websocket"
)

// localConn is one websocket client of the local server.
type localConn struct {
	id          string
	c           *websocket.Conn
	connectedAt time.Time
	lastActive  time.Time
	sourceIP    string
	userAgent   string
	mu          sync.Mutex // serializes writes
}

func newConnectionID() string {
	var b [9]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// wsEvent builds the event API Gateway's websocket API sends to Lambda.
func (s *LocalServer) wsEvent(lc *localConn, routeKey, eventType string, r *http.Request, body *string) []byte {
	now := time.Now()
	rc := map[string]any{
		"routeKey":          routeKey,
		"eventType":         eventType,
		"extendedRequestId": newConnectionID(),
		"requestTime":       now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
		"messageDirection":  "IN",
		"stage":             s.stage,
		"connectedAt":       lc.connectedAt.UnixMilli(),
		"requestTimeEpoch":  now.UnixMilli(),
		"identity":          map[string]any{"sourceIp": lc.sourceIP, "userAgent": lc.userAgent},
		"requestId":         newConnectionID(),
		"domainName":        "localhost",
		"connectionId":      lc.id,
		"apiId":             "localws",
	}
	ev := map[string]any{"requestContext": rc, "isBase64Encoded": false}
	if eventType == "MESSAGE" {
		rc["messageId"] = newConnectionID()
	}
	if r != nil {
		single, multi := map[string]string{}, map[string][]string{}
		for k, vs := range r.Header {
			single[k], multi[k] = vs[len(vs)-1], vs
		}
		ev["headers"], ev["multiValueHeaders"] = single, multi
	}
	if body != nil {
		ev["body"] = *body
	}
	b, _ := json.Marshal(ev)
	return b
}

func (s *LocalServer) hasFunction(name string) bool {
	for _, f := range s.app.Functions {
		if f.Name == name {
			return true
		}
	}
	return false
}

// invokeWS calls a websocket handler; ok reports a 2xx answer.
func (s *LocalServer) invokeWS(ctx context.Context, name string, payload []byte) bool {
	if !s.hasFunction(name) {
		return true
	}
	out, err := s.app.Invoke(ctx, name, payload)
	if err != nil {
		return false
	}
	var resp struct {
		StatusCode int `json:"statusCode"`
	}
	if json.Unmarshal(out, &resp) != nil || resp.StatusCode == 0 {
		return true
	}
	return resp.StatusCode >= 200 && resp.StatusCode < 300
}

func (s *LocalServer) serveWebsocket(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	lc := &localConn{id: newConnectionID(), connectedAt: now, lastActive: now,
		sourceIP: hostOnly(r.RemoteAddr), userAgent: r.Header.Get("User-Agent")}
	// $connect runs before the upgrade completes, as on API Gateway: a
	// failing connect handler refuses the connection.
	s.connsMu.Lock()
	s.conns[lc.id] = lc
	s.connsMu.Unlock()
	if !s.invokeWS(r.Context(), "websocket_connect", s.wsEvent(lc, "$connect", "CONNECT", r, nil)) {
		s.dropConn(lc.id)
		http.Error(w, `{"message": "Forbidden"}`, http.StatusForbidden)
		return
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		s.dropConn(lc.id)
		return
	}
	c.SetReadLimit(128 << 10) // API Gateway's websocket frame limit is 32 KB; be lenient
	lc.mu.Lock()
	lc.c = c
	lc.mu.Unlock()
	ctx := context.Background()
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			break
		}
		lc.mu.Lock()
		lc.lastActive = time.Now()
		lc.mu.Unlock()
		body := string(data)
		if typ == websocket.MessageBinary {
			body = base64.StdEncoding.EncodeToString(data)
		}
		s.invokeWS(ctx, "websocket_message", s.wsEvent(lc, "$default", "MESSAGE", nil, &body))
	}
	s.dropConn(lc.id)
	s.invokeWS(ctx, "websocket_disconnect", s.wsEvent(lc, "$disconnect", "DISCONNECT", nil, nil))
	_ = c.CloseNow()
}

func (s *LocalServer) dropConn(id string) {
	s.connsMu.Lock()
	delete(s.conns, id)
	s.connsMu.Unlock()
}

func (s *LocalServer) conn(id string) *localConn {
	s.connsMu.Lock()
	defer s.connsMu.Unlock()
	return s.conns[id]
}

func (s *LocalServer) closeSockets() {
	s.connsMu.Lock()
	conns := make([]*localConn, 0, len(s.conns))
	for _, c := range s.conns {
		conns = append(conns, c)
	}
	s.connsMu.Unlock()
	for _, lc := range conns {
		lc.mu.Lock()
		if lc.c != nil {
			_ = lc.c.Close(websocket.StatusGoingAway, "server shutting down")
		}
		lc.mu.Unlock()
	}
}

// localWebsocketAPI routes chalice.WebsocketSend/Close/Info to local clients.
type localWebsocketAPI struct{ s *LocalServer }

func (a localWebsocketAPI) Send(ctx context.Context, id string, msg []byte) error {
	lc := a.s.conn(id)
	if lc == nil {
		return &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	if lc.c == nil {
		return &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	wctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := lc.c.Write(wctx, websocket.MessageText, msg); err != nil {
		return &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	return nil
}

func (a localWebsocketAPI) Close(ctx context.Context, id string) error {
	lc := a.s.conn(id)
	if lc == nil {
		return &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	lc.mu.Lock()
	c := lc.c
	lc.mu.Unlock()
	if c != nil {
		// Close waits for the client's close frame; don't block the handler.
		go func() { _ = c.Close(websocket.StatusNormalClosure, "") }()
	}
	return nil
}

func (a localWebsocketAPI) Info(ctx context.Context, id string) (any, error) {
	lc := a.s.conn(id)
	if lc == nil {
		return nil, &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return map[string]any{
		"ConnectedAt":  lc.connectedAt.UTC(),
		"Identity":     map[string]any{"SourceIp": lc.sourceIP, "UserAgent": lc.userAgent},
		"LastActiveAt": lc.lastActive.UTC(),
	}, nil
}
