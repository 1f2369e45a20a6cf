//go:build chalice_local

package runtime

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/coder/websocket"

	"github.com/chalice-go/chalice"
)

// The websocket side of the local server: an upgrade request on any path
// is a client of the app's websocket API (ws://host:port/). Its
// $connect, messages and $disconnect invoke websocket_connect,
// websocket_message and websocket_disconnect with the events API Gateway's
// websocket APIs send; chalice.WebsocketSend, WebsocketClose and
// WebsocketInfo reach these connections (no AWS involved).

// localWSMaxMessage is API Gateway's websocket message limit (128 KB).
const localWSMaxMessage = 128 << 10

// localConn is one websocket client of the local server.
type localConn struct {
	id          string
	domain      string
	connectedAt time.Time
	sourceIP    string
	userAgent   string

	mu         sync.Mutex // guards c, lastActive and writes
	c          *websocket.Conn
	lastActive time.Time
}

// newLocalWebsocketID returns an id in API Gateway's shape ("L0SM9cOFvHcCIhw=").
func newLocalWebsocketID() string {
	var b [11]byte
	_, _ = rand.Read(b[:])
	return base64.StdEncoding.EncodeToString(b[:])
}

// wsEvent builds the event API Gateway's websocket API sends to Lambda.
func (s *LocalServer) wsEvent(lc *localConn, routeKey, eventType string, r *http.Request, body []byte, binary bool, closeCode int, closeReason string) []byte {
	now := time.Now()
	rc := map[string]any{
		"routeKey":          routeKey,
		"eventType":         eventType,
		"extendedRequestId": newLocalWebsocketID(),
		"requestTime":       now.UTC().Format("02/Jan/2006:15:04:05 -0700"),
		"messageDirection":  "IN",
		"stage":             s.stage,
		"connectedAt":       lc.connectedAt.UnixMilli(),
		"requestTimeEpoch":  now.UnixMilli(),
		"identity":          map[string]any{"sourceIp": lc.sourceIP, "userAgent": lc.userAgent},
		"requestId":         newLocalWebsocketID(),
		"domainName":        lc.domain,
		"connectionId":      lc.id,
		"apiId":             "localws",
	}
	ev := map[string]any{"requestContext": rc, "isBase64Encoded": false}
	switch eventType {
	case "MESSAGE":
		rc["messageId"] = newLocalWebsocketID()
		if binary {
			ev["body"] = base64.StdEncoding.EncodeToString(body)
			ev["isBase64Encoded"] = true
		} else {
			ev["body"] = string(body)
		}
	case "DISCONNECT":
		rc["disconnectStatusCode"] = closeCode
		rc["disconnectReason"] = closeReason
	}
	if r != nil {
		single, multi := map[string]string{}, map[string][]string{}
		for k, vs := range r.Header {
			if len(vs) > 0 {
				single[k], multi[k] = vs[len(vs)-1], vs
			}
		}
		if r.Host != "" {
			single["Host"], multi["Host"] = r.Host, []string{r.Host}
		}
		ev["headers"], ev["multiValueHeaders"] = single, multi
		if q, err := url.ParseQuery(r.URL.RawQuery); err == nil && len(q) > 0 {
			last := map[string]string{}
			for k, vs := range q {
				last[k] = vs[len(vs)-1]
			}
			ev["queryStringParameters"], ev["multiValueQueryStringParameters"] = last, q
		}
	}
	b, _ := json.Marshal(ev)
	return b
}

func (s *LocalServer) hasFunction(name string) bool {
	_, ok := s.app.index().funcs[name]
	return ok
}

// invokeWS calls a websocket handler and returns the status API Gateway
// would act on: the answer's statusCode (200 when it has none), 502 when
// the invocation fails. A missing handler is a 200, as API Gateway's
// default for an app without that route.
func (s *LocalServer) invokeWS(ctx context.Context, name string, payload []byte) int {
	if !s.hasFunction(name) {
		return http.StatusOK
	}
	out, err := s.invoke(ctx, name, payload)
	if err != nil {
		return http.StatusBadGateway
	}
	var resp struct {
		StatusCode int `json:"statusCode"`
	}
	if json.Unmarshal(out, &resp) != nil || resp.StatusCode == 0 {
		return http.StatusOK
	}
	return resp.StatusCode
}

// serveWebsocket runs one websocket client; it returns the handshake's
// status for the access log.
func (s *LocalServer) serveWebsocket(w http.ResponseWriter, r *http.Request) int {
	if s.closing.Load() {
		return localWriteJSON(w, http.StatusServiceUnavailable, `{"message":"Service Unavailable"}`).Status
	}
	now := time.Now()
	domain := r.Host
	if domain == "" {
		domain = "localhost"
	}
	lc := &localConn{id: newLocalWebsocketID(), domain: domain, connectedAt: now, lastActive: now,
		sourceIP: localHostOnly(r.RemoteAddr), userAgent: r.Header.Get("User-Agent")}
	s.wsWG.Add(1)
	defer s.wsWG.Done()
	// $connect runs before the upgrade completes, as on API Gateway: a
	// connect handler answering non-2xx refuses the connection with that
	// status.
	s.connsMu.Lock()
	s.conns[lc.id] = lc
	s.connsMu.Unlock()
	ctx := context.WithoutCancel(r.Context())
	if status := s.invokeWS(ctx, "websocket_connect", s.wsEvent(lc, "$connect", "CONNECT", r, nil, false, 0, "")); status < 200 || status > 299 {
		s.dropConn(lc.id)
		if status < 400 || status > 599 {
			status = http.StatusBadGateway
		}
		msg := http.StatusText(status)
		if status == http.StatusBadGateway {
			msg = "Internal server error"
		}
		return localWriteJSON(w, status, `{"message":"`+msg+`"}`).Status
	}
	c, err := websocket.Accept(w, r, &websocket.AcceptOptions{InsecureSkipVerify: true})
	if err != nil {
		s.dropConn(lc.id)
		return http.StatusBadRequest
	}
	c.SetReadLimit(localWSMaxMessage)
	lc.mu.Lock()
	lc.c = c
	lc.mu.Unlock()
	code, reason := int(websocket.StatusNoStatusRcvd), ""
	for {
		typ, data, err := c.Read(ctx)
		if err != nil {
			if ce := websocket.CloseStatus(err); ce != -1 {
				code = int(ce)
				var cerr websocket.CloseError
				if errors.As(err, &cerr) {
					reason = cerr.Reason
				}
			} else {
				code = int(websocket.StatusAbnormalClosure)
			}
			break
		}
		lc.mu.Lock()
		lc.lastActive = time.Now()
		lc.mu.Unlock()
		s.invokeWS(ctx, "websocket_message", s.wsEvent(lc, "$default", "MESSAGE", nil, data, typ == websocket.MessageBinary, 0, ""))
	}
	s.dropConn(lc.id)
	lc.mu.Lock()
	lc.c = nil
	lc.mu.Unlock()
	_ = c.CloseNow()
	s.invokeWS(ctx, "websocket_disconnect", s.wsEvent(lc, "$disconnect", "DISCONNECT", nil, nil, false, code, reason))
	return http.StatusSwitchingProtocols
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

// CloseWebsockets closes every websocket connection ("going away") and
// waits, until ctx is done, for their disconnect handlers.
func (s *LocalServer) CloseWebsockets(ctx context.Context) {
	s.closing.Store(true)
	s.connsMu.Lock()
	conns := make([]*localConn, 0, len(s.conns))
	for _, c := range s.conns {
		conns = append(conns, c)
	}
	s.connsMu.Unlock()
	for _, lc := range conns {
		lc.mu.Lock()
		c := lc.c
		lc.mu.Unlock()
		if c != nil {
			go func() { _ = c.Close(websocket.StatusGoingAway, "server shutting down") }()
		}
	}
	done := make(chan struct{})
	go func() { s.wsWG.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
}

// localWebsocketAPI routes chalice.WebsocketSend/Close/Info to local clients.
type localWebsocketAPI struct{ s *LocalServer }

func (a localWebsocketAPI) live(id string) (*localConn, *websocket.Conn, error) {
	lc := a.s.conn(id)
	if lc == nil {
		return nil, nil, &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	lc.mu.Lock()
	c := lc.c
	lc.mu.Unlock()
	if c == nil {
		// Not yet connected ($connect still running) or already gone: API
		// Gateway answers GoneException to the Management API then too.
		return nil, nil, &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	return lc, c, nil
}

func (a localWebsocketAPI) Send(ctx context.Context, id string, msg []byte) error {
	_, c, err := a.live(id)
	if err != nil {
		return err
	}
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := c.Write(wctx, websocket.MessageText, msg); err != nil {
		return &chalice.WebsocketDisconnectedError{ConnectionID: id}
	}
	return nil
}

func (a localWebsocketAPI) Close(ctx context.Context, id string) error {
	_, c, err := a.live(id)
	if err != nil {
		return err
	}
	// Close waits for the client's close frame; don't block the handler.
	go func() { _ = c.Close(websocket.StatusNormalClosure, "") }()
	return nil
}

func (a localWebsocketAPI) Info(ctx context.Context, id string) (any, error) {
	lc, _, err := a.live(id)
	if err != nil {
		return nil, err
	}
	lc.mu.Lock()
	defer lc.mu.Unlock()
	return map[string]any{
		"ConnectedAt":  lc.connectedAt.UTC(),
		"Identity":     map[string]any{"SourceIp": lc.sourceIP, "UserAgent": lc.userAgent},
		"LastActiveAt": lc.lastActive.UTC(),
	}, nil
}
