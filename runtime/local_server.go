//go:build chalice_local

package runtime

// The local dev server. It is compiled only into `chalicegen local` builds
// (build tag chalice_local), so Lambda binaries never carry it.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
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

	"github.com/aws/aws-lambda-go/lambdacontext"

	"github.com/chalice-go/chalice/internal/hook"
	"github.com/chalice-go/chalice/internal/reqid"
	"github.com/chalice-go/chalice/runtime/apigw"
)

func init() { localServe = serveLocal }

// MaxPayload is API Gateway's request payload limit.
const MaxPayload = apigw.MaxPayload

// Environment set by `chalicegen local` for the app process.
const (
	envLocalAddr   = "CHALICE_LOCAL_ADDR"   // host:port to listen on
	envLocalFD     = "CHALICE_LOCAL_FD"     // inherited listening socket (fd number)
	envLocalStage  = "CHALICE_LOCAL_STAGE"  // api_gateway_stage
	envLocalAPI    = "CHALICE_LOCAL_API"    // api_gateway_type: "http" emulates an HTTP API
	envLocalQuiet  = "CHALICE_LOCAL_QUIET"  // "1": no access log
	envLocalBanner = "CHALICE_LOCAL_BANNER" // "0": no start-up banner
	// lambda_timeout in seconds: each invocation's deadline. The function
	// name and memory size come as Lambda's own AWS_LAMBDA_FUNCTION_NAME
	// and AWS_LAMBDA_FUNCTION_MEMORY_SIZE, which lambdacontext reads.
	envLocalTimeout = "CHALICE_LOCAL_TIMEOUT"
)

func serveLocal(app *App) error {
	ln, err := localListener()
	if err != nil {
		return err
	}
	var srv *LocalServer
	if os.Getenv(envLocalAPI) == "http" {
		srv = NewLocalHTTPAPIServer(app, os.Getenv(envLocalStage))
	} else {
		srv = NewLocalServer(app, os.Getenv(envLocalStage))
	}
	if err := srv.gw.Err(); err != nil {
		return fmt.Errorf("an HTTP API cannot serve this app: %w", err)
	}
	if n, err := strconv.Atoi(os.Getenv(envLocalTimeout)); err == nil && n > 0 {
		srv.Timeout = time.Duration(n) * time.Second
	}
	if os.Getenv(envLocalQuiet) == "1" {
		srv.AccessLog = false
	}
	if os.Getenv(envLocalBanner) != "0" {
		srv.Banner(os.Stdout, ln.Addr().String())
	}
	hs := NewLocalHTTPServer(srv)
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	defer srv.Flush()
	select {
	case err := <-done:
		return err
	case <-sig:
		// Stop accepting, let in-flight requests finish, close websockets
		// (their disconnect handlers run).
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err := hs.Shutdown(ctx)
		srv.CloseWebsockets(ctx)
		if errors.Is(err, context.DeadlineExceeded) {
			return nil // slow clients: they are cut off, which is what Ctrl-C means
		}
		return err
	}
}

// NewLocalHTTPServer returns the net/http server settings the local server
// runs with. A request's headers must arrive within 10 seconds of its
// first bytes; bodies get 60 seconds, a deadline set only when there is
// one. There is no ReadTimeout or IdleTimeout: net/http would arm a timer
// for each around every request, 10-15% of the server's CPU per request on
// a keep-alive connection. Idle connections stay open until the client
// closes them.
func NewLocalHTTPServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		MaxHeaderBytes:    64 << 10,
		// net/http's own complaints (bad TLS hellos and the like) are
		// noise in a dev server's output.
		ErrorLog: log.New(io.Discard, "", 0),
	}
}

func localListener() (net.Listener, error) {
	if fd := os.Getenv(envLocalFD); fd != "" {
		n, err := strconv.Atoi(fd)
		if err != nil {
			return nil, fmt.Errorf("%s=%q: not a file descriptor", envLocalFD, fd)
		}
		f := os.NewFile(uintptr(n), "listener")
		defer f.Close() // FileListener dups it
		return net.FileListener(f)
	}
	addr := os.Getenv(envLocalAddr)
	if addr == "" {
		addr = "127.0.0.1:8000"
	}
	return net.Listen("tcp", addr)
}

// LocalServer serves an app over HTTP and websockets like API Gateway.
type LocalServer struct {
	app   *App
	gw    *apigw.Gateway
	stage string
	// AccessLog enables one line per request on Log (default true, to
	// os.Stdout). Lines are buffered and flushed within 50ms.
	AccessLog bool
	Log       io.Writer
	log       localAccessLog
	// Timeout is each invocation's deadline (lambda_timeout); 0 for none.
	Timeout time.Duration

	ws      bool
	httpAPI bool // serving an HTTP API (NewLocalHTTPAPIServer)
	connsMu sync.Mutex
	conns   map[string]*localConn
	wsWG    sync.WaitGroup
	closing atomic.Bool
}

// NewLocalServer returns a handler for app. stage is the API Gateway stage
// name shown in request contexts ("api" when empty).
func NewLocalServer(app *App, stage string) *LocalServer {
	return newLocalServer(app, stage, false)
}

// NewLocalHTTPAPIServer returns a handler serving app's routes as an HTTP
// API (api_gateway_type "http", apigw.Config.HTTPAPI) from its $default
// stage; stage is the websocket API's stage name ("api" when empty).
func NewLocalHTTPAPIServer(app *App, stage string) *LocalServer {
	return newLocalServer(app, stage, true)
}

func newLocalServer(app *App, stage string, httpAPI bool) *LocalServer {
	if stage == "" {
		stage = "api"
	}
	app.index()
	s := &LocalServer{app: app, stage: stage, AccessLog: true, Log: os.Stdout,
		conns: map[string]*localConn{}, httpAPI: httpAPI}
	cfg := apigw.Config{BinaryTypes: app.BinaryMediaTypes(), Invoke: s.invoke, Stage: stage, HTTPAPI: httpAPI}
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
	s.gw = apigw.New(cfg)
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

// invoke runs one invocation of the app's function name with the context
// Lambda would give it: an emulated lambdacontext.LambdaContext with a
// fresh request id (chalice.LambdaContext returns it; lambdacontext's
// FunctionName and MemoryLimitInMB are <app>-<stage> and the configured
// memory, from the environment chalicegen local sets) and a deadline
// Timeout away.
func (s *LocalServer) invoke(ctx context.Context, name string, payload []byte) ([]byte, error) {
	ctx = lambdacontext.NewContext(ctx, &lambdacontext.LambdaContext{AwsRequestID: reqid.New()})
	if s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.Timeout)
		defer cancel()
	}
	return s.app.Invoke(ctx, name, payload)
}

// Banner prints the start-up lines, including (once) the note on what is
// not verified locally.
func (s *LocalServer) Banner(w io.Writer, addr string) {
	fmt.Fprintf(w, "Serving on http://%s\n", addr)
	if s.httpAPI {
		fmt.Fprintln(w, "Emulating an HTTP API (api_gateway_type \"http\"): payload 2.0 events, native CORS.")
	}
	if s.ws {
		fmt.Fprintf(w, "Websockets on ws://%s/\n", addr)
	}
	for _, r := range s.app.Routes {
		switch r.AuthorizerKind {
		case "iam", "cognito", "custom":
			fmt.Fprintln(w, "Note: routes with IAM, Cognito or custom authorizers only check that the credential is present; signatures and tokens are not verified locally.")
			return
		}
	}
}

func (s *LocalServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if s.ws && localIsUpgrade(r) {
		status := s.serveWebsocket(w, r)
		s.logRequest(r, start, status, 0)
		return
	}
	res := s.serveHTTP(w, r)
	s.logRequest(r, start, res.Status, res.Size)
}

func localIsUpgrade(r *http.Request) bool {
	for _, v := range r.Header["Upgrade"] {
		if strings.EqualFold(strings.TrimSpace(v), "websocket") {
			return true
		}
	}
	return false
}

// localBodyPool holds request body buffers up to localMaxPooledBody.
var localBodyPool = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

const localMaxPooledBody = 64 << 10

func (s *LocalServer) serveHTTP(w http.ResponseWriter, r *http.Request) apigw.Result {
	if r.ContentLength > MaxPayload {
		// Answer without reading; net/http closes the connection after.
		return s.gw.WriteTooLarge(w)
	}
	bp := localBodyPool.Get().(*[]byte)
	defer func() {
		if cap(*bp) <= localMaxPooledBody {
			localBodyPool.Put(bp)
		}
	}()
	body, err := localReadBody(w, r, (*bp)[:0])
	*bp = body[:0]
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return s.gw.WriteTooLarge(w)
		}
		// A truncated or malformed body: the client is gone or broken.
		w.Header().Set("Connection", "close")
		return localWriteJSON(w, http.StatusBadRequest, `{"message":"Bad Request"}`)
	}
	req := apigw.Request{
		Method:   r.Method,
		Path:     r.URL.EscapedPath(),
		RawQuery: r.URL.RawQuery,
		Header:   r.Header,
		Host:     r.Host,
		Proto:    r.Proto,
		Body:     body,
		SourceIP: localHostOnly(r.RemoteAddr),
	}
	return s.gw.Write(r.Context(), &req, w)
}

// localBodyTimeout bounds reading a request body.
const localBodyTimeout = 60 * time.Second

// localReadBody reads the request body into buf, at most MaxPayload bytes.
func localReadBody(w http.ResponseWriter, r *http.Request, buf []byte) ([]byte, error) {
	if r.ContentLength == 0 || r.Body == nil || r.Body == http.NoBody {
		return buf, nil
	}
	// The next request's header timeout replaces this deadline.
	_ = http.NewResponseController(w).SetReadDeadline(time.Now().Add(localBodyTimeout))
	if r.ContentLength > 0 {
		n := int(r.ContentLength)
		if cap(buf) < n {
			buf = make([]byte, 0, n)
		}
		buf = buf[:n]
		_, err := io.ReadFull(r.Body, buf)
		return buf, err
	}
	// Chunked: read until EOF, at most MaxPayload bytes.
	lr := &io.LimitedReader{R: r.Body, N: MaxPayload + 1}
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if len(buf) > MaxPayload {
			return buf, &http.MaxBytesError{Limit: MaxPayload}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
}

func localWriteJSON(w http.ResponseWriter, status int, body string) apigw.Result {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
	return apigw.Result{Status: status, Size: len(body)}
}

func localHostOnly(addr string) string {
	if h, _, err := net.SplitHostPort(addr); err == nil {
		return h
	}
	return addr
}

// ---- access log -----------------------------------------------------------

// localAccessLog buffers log lines and flushes them shortly after, so a busy
// server does not pay a write(2) per request.
type localAccessLog struct {
	mu      sync.Mutex
	buf     []byte
	pending bool
	sec     int64
	stamp   []byte // "02/Jan/2006 15:04:05" of sec
}

const (
	localLogFlushDelay = 50 * time.Millisecond
	localLogFlushSize  = 32 << 10
)

func (s *LocalServer) logRequest(r *http.Request, start time.Time, status, size int) {
	if !s.AccessLog || s.Log == nil {
		return
	}
	elapsed := time.Since(start)
	l := &s.log
	l.mu.Lock()
	defer l.mu.Unlock()
	if sec := start.Unix(); sec != l.sec || l.stamp == nil {
		l.sec = sec
		l.stamp = start.AppendFormat(l.stamp[:0], "02/Jan/2006 15:04:05")
	}
	b := l.buf
	b = localAppendSanitized(b, localHostOnly(r.RemoteAddr))
	b = append(b, " - - ["...)
	b = append(b, l.stamp...)
	b = append(b, `] "`...)
	b = localAppendSanitized(b, r.Method)
	b = append(b, ' ')
	b = localAppendSanitized(b, r.RequestURI)
	b = append(b, ' ')
	b = localAppendSanitized(b, r.Proto)
	b = append(b, `" `...)
	b = strconv.AppendInt(b, int64(status), 10)
	b = append(b, ' ')
	b = strconv.AppendInt(b, int64(size), 10)
	b = append(b, ' ')
	b = strconv.AppendFloat(b, float64(elapsed.Microseconds())/1000, 'f', 1, 64)
	b = append(b, "ms\n"...)
	l.buf = b
	if len(b) >= localLogFlushSize {
		s.flushLocked()
	} else if !l.pending {
		l.pending = true
		time.AfterFunc(localLogFlushDelay, s.Flush)
	}
}

// Flush writes out buffered access-log lines.
func (s *LocalServer) Flush() {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	s.flushLocked()
}

func (s *LocalServer) flushLocked() {
	l := &s.log
	l.pending = false
	if len(l.buf) == 0 || s.Log == nil {
		return
	}
	_, _ = s.Log.Write(l.buf)
	if cap(l.buf) > 4*localLogFlushSize {
		l.buf = nil
	} else {
		l.buf = l.buf[:0]
	}
}

// localAppendSanitized keeps control characters of hostile request lines out of
// the terminal.
func localAppendSanitized(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f {
			c = '?'
		}
		b = append(b, c)
	}
	return b
}
