// Package lambdaapi serves the AWS Lambda Runtime API (version 2018-06-01) on
// a local address, so a real `bootstrap` can run outside Lambda exactly as it
// runs inside: the process polls GET /runtime/invocation/next, answers with
// POST /runtime/invocation/{id}/response or /error, and reports start-up
// failures with POST /runtime/init/error.
//
// The packaging end-to-end test runs the zipped bootstrap against it; the
// local dev server and chalicetest can drive a built app the same way.
//
// Only the runtime endpoints are served. The Extensions and Telemetry APIs
// answer 404, which aws-lambda-go treats as "not inside Lambda" and ignores.
package lambdaapi

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/chalice-go/chalice/internal/reqid"
)

// APIVersion is the Runtime API version in every path.
const APIVersion = "2018-06-01"

// Header names of the Runtime API.
const (
	HeaderRequestID          = "Lambda-Runtime-Aws-Request-Id"
	HeaderDeadlineMS         = "Lambda-Runtime-Deadline-Ms"
	HeaderInvokedFunctionARN = "Lambda-Runtime-Invoked-Function-Arn"
	HeaderTraceID            = "Lambda-Runtime-Trace-Id"
	HeaderClientContext      = "Lambda-Runtime-Client-Context"
	HeaderCognitoIdentity    = "Lambda-Runtime-Cognito-Identity"
	HeaderFunctionErrorType  = "Lambda-Runtime-Function-Error-Type"
	// TrailerFunctionErrorBody carries a base64 JSON error when a runtime
	// fails part-way through streaming a response.
	TrailerFunctionErrorBody = "Lambda-Runtime-Function-Error-Body"
)

// MaxPayload is Lambda's limit on a synchronous invocation's request and
// response payloads (6 MB).
const MaxPayload = 6 << 20

// Config describes the function the server stands in for. Zero fields take
// the defaults noted.
type Config struct {
	FunctionName string        // default "function"
	Region       string        // default "us-east-1"
	AccountID    string        // default "123456789012"
	Timeout      time.Duration // per-invocation timeout; default 60s, Chalice's lambda_timeout default
	MaxPayload   int           // response payload limit in bytes; default MaxPayload
}

// Invocation is one event to deliver. Only Payload is required.
type Invocation struct {
	Payload         []byte
	RequestID       string        // default: a random UUID
	FunctionARN     string        // default: arn:aws:lambda:REGION:ACCOUNT:function:NAME
	Timeout         time.Duration // default: Config.Timeout
	TraceID         string        // default: a fresh X-Ray trace header
	ClientContext   string        // raw JSON for Lambda-Runtime-Client-Context, optional
	CognitoIdentity string        // raw JSON for Lambda-Runtime-Cognito-Identity, optional
}

// Result is what the function answered.
type Result struct {
	RequestID   string
	Payload     []byte // the response body, on success
	ContentType string
	// Error is set when the function reported an error, failed to
	// initialize (InitError), timed out (Type "Sandbox.Timedout") or sent a
	// response over the payload limit.
	Error     *FunctionError
	InitError bool
}

// FunctionError is an error document as the runtime posts it.
type FunctionError struct {
	Type       string          `json:"errorType"`
	Message    string          `json:"errorMessage"`
	StackTrace json.RawMessage `json:"stackTrace,omitempty"`
	// Body is the document exactly as received.
	Body []byte `json:"-"`
}

func (e *FunctionError) Error() string {
	if e.Type == "" {
		return e.Message
	}
	return e.Type + ": " + e.Message
}

type invocation struct {
	Invocation
	deadline  time.Time     // set under Server.mu by the poll that takes it
	delivered chan struct{} // closed once deadline is set
	abandoned chan struct{} // closed when Invoke returns
	done      chan struct{}
	once      sync.Once
	result    Result
}

func (inv *invocation) finish(r Result) bool {
	ok := false
	inv.once.Do(func() {
		r.RequestID = inv.RequestID
		inv.result = r
		close(inv.done)
		ok = true
	})
	return ok
}

// Server is a Runtime API endpoint for one function. It is safe for
// concurrent use: several invocations may be in flight when the runtime
// polls with several workers (AWS_LAMBDA_MAX_CONCURRENCY).
type Server struct {
	cfg   Config
	mux   *http.ServeMux
	queue chan *invocation

	mu       sync.Mutex
	pending  map[string]*invocation
	initErr  *FunctionError
	polls    int // GET /next requests waiting for an event
	initFail chan struct{}
	closed   chan struct{}
	closeOne sync.Once
	srv      *http.Server
}

// New returns a server for cfg. Serve it with Listen, or mount it as an
// http.Handler.
func New(cfg Config) *Server {
	if cfg.FunctionName == "" {
		cfg.FunctionName = "function"
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1"
	}
	if cfg.AccountID == "" {
		cfg.AccountID = "123456789012"
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.MaxPayload <= 0 {
		cfg.MaxPayload = MaxPayload
	}
	s := &Server{
		cfg:      cfg,
		mux:      http.NewServeMux(),
		queue:    make(chan *invocation),
		pending:  map[string]*invocation{},
		initFail: make(chan struct{}),
		closed:   make(chan struct{}),
	}
	p := "/" + APIVersion + "/runtime/"
	s.mux.HandleFunc("GET "+p+"invocation/next", s.next)
	s.mux.HandleFunc("POST "+p+"invocation/{id}/response", s.response)
	s.mux.HandleFunc("POST "+p+"invocation/{id}/error", s.invocationError)
	s.mux.HandleFunc("POST "+p+"init/error", s.initError)
	return s
}

// ServeHTTP serves the Runtime API endpoints.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

// Listen serves on addr (such as "127.0.0.1:0") in the background and
// returns the host:port to put in AWS_LAMBDA_RUNTIME_API.
func (s *Server) Listen(addr string) (string, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", fmt.Errorf("lambdaapi: %w", err)
	}
	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	s.mu.Lock()
	s.srv = srv
	s.mu.Unlock()
	go func() { _ = srv.Serve(ln) }()
	return ln.Addr().String(), nil
}

// Close stops serving; polls in progress end and Invoke calls return an
// error.
func (s *Server) Close() error {
	s.closeOne.Do(func() { close(s.closed) })
	s.mu.Lock()
	srv := s.srv
	s.mu.Unlock()
	if srv != nil {
		return srv.Close()
	}
	return nil
}

// Function is what Environ needs to describe the function process.
type Function struct {
	Handler  string // _HANDLER: the logical function name
	MemoryMB int    // default 128
	TaskRoot string // LAMBDA_TASK_ROOT: the directory holding bootstrap
}

// Environ returns the variables Lambda sets for a function process talking
// to the runtime API at addr. Callers append their own (configured
// environment variables, credentials) after these.
func (s *Server) Environ(addr string, f Function) []string {
	if f.MemoryMB <= 0 {
		f.MemoryMB = 128
	}
	name := s.cfg.FunctionName
	return []string{
		"AWS_LAMBDA_RUNTIME_API=" + addr,
		"_HANDLER=" + f.Handler,
		"AWS_LAMBDA_FUNCTION_NAME=" + name,
		"AWS_LAMBDA_FUNCTION_VERSION=$LATEST",
		"AWS_LAMBDA_FUNCTION_MEMORY_SIZE=" + strconv.Itoa(f.MemoryMB),
		"AWS_LAMBDA_LOG_GROUP_NAME=/aws/lambda/" + name,
		"AWS_LAMBDA_LOG_STREAM_NAME=" + time.Now().UTC().Format("2006/01/02") + "/[$LATEST]" + randomHex(16),
		"AWS_REGION=" + s.cfg.Region,
		"AWS_DEFAULT_REGION=" + s.cfg.Region,
		"LAMBDA_TASK_ROOT=" + f.TaskRoot,
		"LAMBDA_RUNTIME_DIR=" + f.TaskRoot,
		"TZ=:UTC",
		"LANG=en_US.UTF-8",
		"PATH=/usr/local/bin:/usr/bin/:/bin:/opt/bin",
	}
}

// InitError returns the error the runtime posted to /runtime/init/error, or
// nil.
func (s *Server) InitError() *FunctionError {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.initErr
}

// Invoke delivers inv to the next poll of the runtime and waits for its
// answer. A function error is a Result with Error set, not a Go error; the
// Go error is for ctx ending or the server closing. When the function does
// not answer before its deadline the Result carries a "Sandbox.Timedout"
// error, as Lambda reports it; the caller owns the process and should
// restart it, as Lambda would.
func (s *Server) Invoke(ctx context.Context, in Invocation) (*Result, error) {
	if in.RequestID == "" {
		in.RequestID = reqid.New()
	}
	if in.FunctionARN == "" {
		in.FunctionARN = fmt.Sprintf("arn:aws:lambda:%s:%s:function:%s", s.cfg.Region, s.cfg.AccountID, s.cfg.FunctionName)
	}
	if in.Timeout <= 0 {
		in.Timeout = s.cfg.Timeout
	}
	if in.TraceID == "" {
		in.TraceID = newTraceID()
	}
	if in.Payload == nil {
		in.Payload = []byte("{}")
	}
	inv := &invocation{Invocation: in, delivered: make(chan struct{}), abandoned: make(chan struct{}), done: make(chan struct{})}

	s.mu.Lock()
	if _, dup := s.pending[in.RequestID]; dup {
		s.mu.Unlock()
		return nil, fmt.Errorf("lambdaapi: request ID %q already in flight", in.RequestID)
	}
	s.pending[in.RequestID] = inv
	s.mu.Unlock()
	defer func() {
		close(inv.abandoned)
		s.mu.Lock()
		delete(s.pending, in.RequestID)
		s.mu.Unlock()
	}()

	if r := s.initResult(); r != nil {
		return r, nil
	}
	select {
	case s.queue <- inv:
	case <-s.initFail:
		return s.initResult(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.closed:
		return nil, errors.New("lambdaapi: server closed")
	}

	// The poll that took inv sets its deadline, or hands it back to the
	// queue when its runtime has gone.
	select {
	case <-inv.delivered:
	case <-s.initFail:
		return s.initResult(), nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.closed:
		return nil, errors.New("lambdaapi: server closed")
	}
	s.mu.Lock()
	deadline := inv.deadline
	s.mu.Unlock()
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-inv.done:
	case <-timer.C:
		inv.finish(Result{Error: &FunctionError{
			Type:    "Sandbox.Timedout",
			Message: fmt.Sprintf("RequestId: %s Error: Task timed out after %.2f seconds", in.RequestID, in.Timeout.Seconds()),
		}})
	case <-s.initFail:
		inv.finish(*s.initResult())
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-s.closed:
		return nil, errors.New("lambdaapi: server closed")
	}
	r := inv.result
	return &r, nil
}

func (s *Server) initResult() *Result {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.initErr == nil {
		return nil
	}
	e := *s.initErr
	return &Result{Error: &e, InitError: true}
}

// next is GET /runtime/invocation/next: a long poll for the next event.
func (s *Server) next(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.polls++
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		s.polls--
		s.mu.Unlock()
	}()
	var inv *invocation
	for inv == nil {
		select {
		case inv = <-s.queue:
		case <-r.Context().Done():
			return
		case <-s.closed:
			writeAPIError(w, http.StatusInternalServerError, "ServiceClosed", "runtime API server closed")
			return
		}
		select {
		case <-inv.abandoned: // handed back after its caller gave up
			inv = nil
			continue
		default:
		}
		if r.Context().Err() != nil {
			// The poller went away (its process exited) as the event
			// arrived: hand it to the next poll instead of losing it.
			go s.requeue(inv)
			return
		}
	}
	deadline := time.Now().Add(inv.Timeout)
	s.mu.Lock()
	inv.deadline = deadline
	s.mu.Unlock()
	close(inv.delivered)
	h := w.Header()
	h.Set(HeaderRequestID, inv.RequestID)
	h.Set(HeaderDeadlineMS, strconv.FormatInt(deadline.UnixMilli(), 10))
	h.Set(HeaderInvokedFunctionARN, inv.FunctionARN)
	h.Set(HeaderTraceID, inv.TraceID)
	if inv.ClientContext != "" {
		h.Set(HeaderClientContext, inv.ClientContext)
	}
	if inv.CognitoIdentity != "" {
		h.Set(HeaderCognitoIdentity, inv.CognitoIdentity)
	}
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(inv.Payload)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(inv.Payload)
}

func (s *Server) requeue(inv *invocation) {
	select {
	case s.queue <- inv:
	case <-inv.abandoned:
	case <-s.closed:
	}
}

func (s *Server) lookup(w http.ResponseWriter, r *http.Request) *invocation {
	id := r.PathValue("id")
	s.mu.Lock()
	inv := s.pending[id]
	taken := inv != nil && !inv.deadline.IsZero()
	s.mu.Unlock()
	if !taken {
		writeAPIError(w, http.StatusBadRequest, "InvalidRequestID", fmt.Sprintf("no invocation in flight with request ID %q", id))
		return nil
	}
	return inv
}

// readPayload reads a posted body within the payload limit; ok is false when
// the body was over it.
func (s *Server) readPayload(r *http.Request) (body []byte, ok bool, err error) {
	body, err = io.ReadAll(io.LimitReader(r.Body, int64(s.cfg.MaxPayload)+1))
	if err != nil {
		return nil, false, err
	}
	if len(body) > s.cfg.MaxPayload {
		return nil, false, nil
	}
	// Drain to reach the trailers.
	if _, err := io.Copy(io.Discard, r.Body); err != nil {
		return nil, false, err
	}
	return body, true, nil
}

// response is POST /runtime/invocation/{id}/response.
func (s *Server) response(w http.ResponseWriter, r *http.Request) {
	inv := s.lookup(w, r)
	if inv == nil {
		return
	}
	body, ok, err := s.readPayload(r)
	switch {
	case err != nil:
		writeAPIError(w, http.StatusBadRequest, "InvalidRequest", err.Error())
		return
	case !ok:
		inv.finish(Result{Error: &FunctionError{
			Type:    "Function.ResponseSizeTooLarge",
			Message: fmt.Sprintf("Response payload size exceeded maximum allowed payload size (%d bytes).", s.cfg.MaxPayload),
		}})
		writeAPIError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge",
			fmt.Sprintf("response payload over %d bytes", s.cfg.MaxPayload))
		return
	}
	res := Result{Payload: body, ContentType: r.Header.Get("Content-Type")}
	// A streamed response that failed part-way ends with error trailers.
	if t := r.Trailer.Get(HeaderFunctionErrorType); t != "" {
		fe := &FunctionError{Type: t}
		if raw, err := base64.StdEncoding.DecodeString(r.Trailer.Get(TrailerFunctionErrorBody)); err == nil {
			fe.Body = raw
			_ = json.Unmarshal(raw, fe)
		}
		res = Result{Error: fe}
	}
	if !inv.finish(res) {
		writeAPIError(w, http.StatusForbidden, "InvalidStateTransition", "invocation already answered")
		return
	}
	writeAccepted(w)
}

// invocationError is POST /runtime/invocation/{id}/error.
func (s *Server) invocationError(w http.ResponseWriter, r *http.Request) {
	inv := s.lookup(w, r)
	if inv == nil {
		return
	}
	fe, ok := s.readError(w, r)
	if !ok {
		return
	}
	if !inv.finish(Result{Error: fe}) {
		writeAPIError(w, http.StatusForbidden, "InvalidStateTransition", "invocation already answered")
		return
	}
	writeAccepted(w)
}

// initError is POST /runtime/init/error.
func (s *Server) initError(w http.ResponseWriter, r *http.Request) {
	fe, ok := s.readError(w, r)
	if !ok {
		return
	}
	s.mu.Lock()
	first := s.initErr == nil
	if first {
		s.initErr = fe
		close(s.initFail)
	}
	s.mu.Unlock()
	if !first {
		writeAPIError(w, http.StatusForbidden, "InvalidStateTransition", "init error already reported")
		return
	}
	writeAccepted(w)
}

func (s *Server) readError(w http.ResponseWriter, r *http.Request) (*FunctionError, bool) {
	body, ok, err := s.readPayload(r)
	if err != nil || !ok {
		writeAPIError(w, http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", "error document too large or unreadable")
		return nil, false
	}
	fe := &FunctionError{Body: body}
	if json.Unmarshal(body, fe) != nil {
		fe.Message = string(body)
	}
	if t := r.Header.Get(HeaderFunctionErrorType); t != "" && fe.Type == "" {
		fe.Type = t
	}
	if fe.Type == "" {
		fe.Type = "Unhandled"
	}
	return fe, true
}

func writeAccepted(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	_, _ = io.WriteString(w, `{"status":"OK"}`)
}

func writeAPIError(w http.ResponseWriter, code int, typ, msg string) {
	b, _ := json.Marshal(map[string]string{"errorType": typ, "errorMessage": msg})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newTraceID returns an X-Ray trace header: Root=1-{epoch hex}-{96 random bits}.
func newTraceID() string {
	return fmt.Sprintf("Root=1-%08x-%s;Parent=%s;Sampled=0", time.Now().Unix(), randomHex(12), randomHex(8))
}
