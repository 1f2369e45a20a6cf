// Package awsproxy is a recording HTTP proxy between an AWS SDK client and
// an AWS-compatible endpoint (moto in the tests). It names each call by
// service and operation, tells reads from mutating calls, and can inject a
// fault at the K-th mutating call: answer it with an AWS-shaped error of
// the service's protocol, or forward it and then stop the caller (as if
// the process were killed right after the call returned), refusing every
// later call.
package awsproxy

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"strings"
	"sync"
)

// Call is one recorded request.
type Call struct {
	Service   string // the SigV4 signing name: iam, lambda, apigateway, s3, ...
	Operation string // the action name, or METHOD /path for REST protocols
	Mutating  bool
	Injected  bool // a fault answered by the proxy, never reached the endpoint
	Answered  bool // a moto gap answered by the proxy (see Gaps)
}

func (c Call) String() string { return c.Service + " " + c.Operation }

// Fault modes.
const (
	// Fail answers the K-th mutating call with an error.
	Fail = "fail"
	// Stop forwards the K-th mutating call, then calls OnStop before the
	// caller sees the answer and refuses every later call.
	Stop = "stop"
)

// Proxy is a running proxy; point AWS_ENDPOINT_URL at URL.
type Proxy struct {
	URL    string
	Target string // the endpoint it forwards to

	srv    *httptest.Server
	target *url.URL
	rp     *httputil.ReverseProxy

	mu       sync.Mutex
	calls    []Call
	mutating int
	faultAt  int
	match    func(Call) bool
	mode     string
	stopped  bool
	onStop   func()
}

// Start proxies to target (a base URL) until Close.
func Start(target string) (*Proxy, error) {
	u, err := url.Parse(target)
	if err != nil {
		return nil, err
	}
	p := &Proxy{target: u, Target: target}
	p.rp = &httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(u)
		r.Out.Host = r.In.Host // the request is signed with its host
	}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	p.URL = p.srv.URL
	return p, nil
}

// Close stops the proxy.
func (p *Proxy) Close() { p.srv.Close() }

// Reset forgets the recorded calls and any fault.
func (p *Proxy) Reset() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.calls, p.mutating, p.faultAt, p.match, p.mode, p.stopped, p.onStop = nil, 0, 0, nil, "", false, nil
}

// Inject arms a fault at the k-th (1-based) mutating call from now on;
// onStop is called in Stop mode.
func (p *Proxy) Inject(k int, mode string, onStop func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultAt, p.match, p.mode, p.onStop, p.mutating, p.stopped = k, nil, mode, onStop, 0, false
}

// InjectOn arms a fault at the first mutating call match accepts.
func (p *Proxy) InjectOn(match func(Call) bool, mode string, onStop func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultAt, p.match, p.mode, p.onStop, p.mutating, p.stopped = 0, match, mode, onStop, 0, false
}

// Calls returns the calls recorded since the last Reset.
func (p *Proxy) Calls() []Call {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]Call(nil), p.calls...)
}

// Mutating returns the recorded mutating calls.
func (p *Proxy) Mutating() []Call {
	var out []Call
	for _, c := range p.Calls() {
		if c.Mutating {
			out = append(out, c)
		}
	}
	return out
}

var credScope = regexp.MustCompile(`Credential=[^/]+/[^/]+/[^/]+/([^/]+)/`)

// Classify names a request and says whether it mutates. body is the
// request body.
func Classify(r *http.Request, body []byte) Call {
	c := Call{Service: "unknown"}
	if m := credScope.FindStringSubmatch(r.Header.Get("Authorization")); m != nil {
		c.Service = m[1]
	}
	switch {
	case r.Header.Get("X-Amz-Target") != "": // JSON protocol: Prefix.Operation
		t := r.Header.Get("X-Amz-Target")
		c.Operation = t[strings.LastIndexByte(t, '.')+1:]
		c.Mutating = !isRead(c.Operation)
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"): // query protocol
		v, _ := url.ParseQuery(string(body))
		c.Operation = v.Get("Action")
		c.Mutating = !isRead(c.Operation)
	default: // REST protocols
		c.Operation = r.Method + " " + r.URL.Path
		if r.URL.RawQuery != "" {
			c.Operation += "?" + r.URL.RawQuery
		}
		c.Mutating = r.Method != http.MethodGet && r.Method != http.MethodHead
	}
	return c
}

func isRead(op string) bool {
	for _, p := range []string{"Get", "List", "Describe", "Head", "Filter"} {
		if strings.HasPrefix(op, p) {
			return true
		}
	}
	return false
}

func (p *Proxy) serve(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	c := Classify(r, body)

	p.mu.Lock()
	if p.stopped {
		p.mu.Unlock()
		// The caller is gone: nothing more reaches the endpoint.
		c.Injected = true
		p.record(c)
		writeError(w, r, c.Service, "the deployer was stopped")
		return
	}
	fail, stop := false, false
	if c.Mutating {
		p.mutating++
		if p.mutating == p.faultAt || (p.match != nil && p.match(c)) {
			fail, stop = p.mode == Fail, p.mode == Stop
			p.match = nil
		}
	}
	gap := !fail && answerGap(c, r, nil, nil)
	c.Answered = gap
	c.Injected = fail
	p.calls = append(p.calls, c)
	onStop := p.onStop
	if stop {
		p.stopped = true
	}
	p.mu.Unlock()

	if fail {
		writeError(w, r, c.Service, fmt.Sprintf("fault injected at mutating call %d (%s)", p.faultAt, c))
		return
	}
	forward := func(w http.ResponseWriter) {
		if gap {
			answerGap(c, r, w, p.rp.ServeHTTP)
		} else {
			p.rp.ServeHTTP(w, r)
		}
	}
	if !stop {
		forward(w)
		return
	}
	// Forward, then stop the caller before it can act on the answer.
	forward(httptest.NewRecorder())
	if onStop != nil {
		onStop()
	}
	writeError(w, r, c.Service, "the deployer was stopped")
}

func (p *Proxy) record(c Call) {
	p.mu.Lock()
	p.calls = append(p.calls, c)
	p.mu.Unlock()
}

// writeError answers with a non-retryable client error in the shape the
// service's protocol uses, so the SDK surfaces it as an API error with
// code InjectedFault.
func writeError(w http.ResponseWriter, r *http.Request, service, msg string) {
	const code = "InjectedFault"
	h := w.Header()
	h.Set("X-Amzn-RequestId", "injected")
	switch {
	case r.Header.Get("X-Amz-Target") != "": // awsJson1.0/1.1
		h.Set("Content-Type", "application/x-amz-json-1.1")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"__type":%q,"message":%q}`, code, msg)
	case service == "s3": // restXml, S3's own error shape
		h.Set("Content-Type", "application/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><Error><Code>%s</Code><Message>%s</Message><RequestId>injected</RequestId></Error>`, code, xmlEscape(msg))
	case strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded"): // awsQuery
		h.Set("Content-Type", "text/xml")
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `<ErrorResponse><Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>injected</RequestId></ErrorResponse>`, code, xmlEscape(msg))
	default: // restJson1
		h.Set("Content-Type", "application/json")
		h.Set("X-Amzn-ErrorType", code)
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"message":%q}`, msg)
	}
}

func xmlEscape(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
