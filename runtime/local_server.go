//go:build chalice_local

package runtime

// The local dev server. It is compiled only into `chalicegen local` builds
// (build tag chalice_local), so Lambda binaries never carry it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/chalice-go/chalice/internal/hook"
	"github.com/chalice-go/chalice/runtime/apigw"
)

func init() { localServe = serveLocal }

// MaxPayload is API Gateway's request payload limit.
const MaxPayload = 10 << 20

// Environment set by `chalicegen local` for the app process.
const (
	envLocalAddr   = "CHALICE_LOCAL_ADDR"   // host:port to listen on
	envLocalFD     = "CHALICE_LOCAL_FD"     // inherited listening socket (fd number)
	envLocalStage  = "CHALICE_LOCAL_STAGE"  // api_gateway_stage
	envLocalQuiet  = "CHALICE_LOCAL_QUIET"  // "1": no access log
	envLocalBanner = "CHALICE_LOCAL_BANNER" // "0": no start-up banner
)

func serveLocal(app *App) error {
	ln, err := localListener()
	if err != nil {
		return err
	}
	srv := NewLocalServer(app, os.Getenv(envLocalStage))
	srv.AccessLog = os.Getenv(envLocalQuiet) != "1"
	if os.Getenv(envLocalBanner) != "0" {
		srv.Banner(os.Stdout, ln.Addr().String())
	}
	hs := &http.Server{
		Handler:           srv,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          nil,
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	select {
	case err := <-done:
		return err
	case <-sig:
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.closeSockets()
		return hs.Shutdown(ctx)
	}
}

func localListener() (net.Listener, error) {
	if fd := os.Getenv(envLocalFD); fd != "" {
		n, err := strconv.Atoi(fd)
		if err != nil {
			return nil, fmt.Errorf("%s=%q: not a file descriptor", envLocalFD, fd)
		}
		return net.FileListener(os.NewFile(uintptr(n), "listener"))
	}
	addr := os.Getenv(envLocalAddr)
	if addr == "" {
		addr = "127.0.0.1:8000"
	}
	return net.Listen("tcp", addr)
}

// LocalServer serves an app over HTTP and websockets like API Gateway.
type LocalServer struct {
	app       *App
	gw        *apigw.Gateway
	stage     string
	AccessLog bool
	Log       io.Writer
	logMu     sync.Mutex

	ws      bool
	connsMu sync.Mutex
	conns   map[string]*localConn
	nextID  atomic.Uint64
}

// NewLocalServer returns a handler for app.
func NewLocalServer(app *App, stage string) *LocalServer {
	if stage == "" {
		stage = "api"
	}
	cfg := apigw.Config{BinaryTypes: app.BinaryTypes, Invoke: app.Invoke, Stage: stage}
	for _, r := range app.Routes {
		cfg.Routes = append(cfg.Routes, apigw.Route{
			Path: r.Path, Methods: r.Methods, CORS: r.CORS,
			AuthorizerKind: r.AuthorizerKind, Authorizer: r.Authorizer,
			AuthorizerHeader: r.AuthorizerHeader, APIKeyRequired: r.APIKeyRequired,
		})
	}
	for _, a := range app.Authorizers {
		cfg.Authorizers = append(cfg.Authorizers, apigw.Authorizer{Name: a.Name, Header: a.Header, TTLSeconds: a.TTLSeconds})
	}
	s := &LocalServer{app: app, gw: apigw.New(cfg), stage: stage, Log: os.Stdout, conns: map[string]*localConn{}}
	for _, f := range app.Functions {
		if strings.HasPrefix(f.Name, "websocket_") {
			s.ws = true
		}
	}
	if s.ws {
		// Sends from handlers reach the local connections, not AWS.
		hook.WebsocketAPI = localWebsocketAPI{s}
	}
	return s
}

// Banner prints the start-up lines.
func (s *LocalServer) Banner(w io.Writer, addr string) {
	fmt.Fprintf(w, "Serving on http://%s\n", addr)
	if s.ws {
		fmt.Fprintf(w, "Websockets on ws://%s/\n", addr)
	}
	for _, r := range s.app.Routes {
		switch r.AuthorizerKind {
		case "iam", "cognito", "custom":
			fmt.Fprintln(w, "Note: IAM, Cognito and custom authorizers only check that a credential is present; signatures and tokens are not verified locally.")
			return
		}
	}
}

func (s *LocalServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.ws && r.Header.Get("Upgrade") != "" && strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		s.serveWebsocket(w, r)
		return
	}
	status, size := s.serveHTTP(w, r)
	if s.AccessLog {
		s.logMu.Lock()
		fmt.Fprintf(s.Log, "%s - - [%s] \"%s %s %s\" %d %d %.1fms\n", hostOnly(r.RemoteAddr),
			start.Format("02/Jan/2006 15:04:05"), r.Method, sanitize(r.RequestURI), r.Proto, status, size,
			float64(time.Since(start).Microseconds())/1000)
		s.logMu.Unlock()
	}
}

func (s *LocalServer) serveHTTP(w http.ResponseWriter, r *http.Request) (int, int) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, MaxPayload))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return writeJSON(w, http.StatusRequestEntityTooLarge, `{"message":"Request Too Long"}`)
		}
		return writeJSON(w, http.StatusBadRequest, `{"message":"Bad Request"}`)
	}
	req := &apigw.Request{
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header,
		Body:     body,
		SourceIP: hostOnly(r.RemoteAddr),
	}
	resp := s.gw.Serve(r.Context(), req)
	h := w.Header()
	for k, vs := range resp.Header {
		h[k] = vs
	}
	h.Set("Content-Length", strconv.Itoa(len(resp.Body)))
	w.WriteHeader(resp.StatusCode)
	_, _ = w.Write(resp.Body)
	return resp.StatusCode, len(resp.Body)
}

func writeJSON(w http.ResponseWriter, status int, body string) (int, int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
	return status, len(body)
}

func hostOnly(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// sanitize keeps control characters of hostile request lines out of the log.
func sanitize(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s)
}
