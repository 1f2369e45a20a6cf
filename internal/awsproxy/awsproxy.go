// Package awsproxy is a recording HTTP proxy between an AWS SDK client and
// an AWS-compatible endpoint (moto in the tests). It names each call by
// service and operation, tells reads from mutating calls, and can inject a
// fault at the K-th mutating call: answer it with an AWS-shaped error of
// the service's protocol, or forward it and then stop the caller (as if
// the process were killed right after the call returned), refusing every
// later call.
//
// Callers that make calls concurrently (the deployer converges independent
// resources at the same time) do not make the K-th mutating call the same
// call twice, so faults are armed by a call's identity instead: its
// service, its operation with generated IDs replaced by {id}, the names of
// the resources its body targets (FunctionName, RoleName, Name, Rule,
// logGroupName, TopicArn, Endpoint, EventSourceArn) and its
// occurrence among calls of that identity (#1, #2, ...). One resource's
// calls are made in order by one goroutine, so a call's identity is the
// same in every run of the same deploy on a fresh account: a campaign
// records an undisturbed run's identities and faults each in turn.
package awsproxy

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"time"
)

// Call is one recorded request.
type Call struct {
	Service   string // the SigV4 signing name: iam, lambda, apigateway, s3, ...
	Operation string // the action name, or METHOD /path for REST protocols
	Mutating  bool
	Injected  bool // a fault answered by the proxy, never reached the endpoint
	Answered  bool // a moto gap answered by the proxy (see Gaps)
	// Target names the resources the body addresses ("FunctionName=f"),
	// and Seq is the call's occurrence among calls with the same Service,
	// generic operation and Target (1-based); see Identity.
	Target string
	Seq    int
}

func (c Call) String() string { return c.Service + " " + c.Operation }

var generatedID = regexp.MustCompile(`/(restapis|resources|apis|authorizers|integrations|routes|deployments|apimappings|event-source-mappings|models|requestvalidators)/[^/?]+`)

// Generic is the operation with generated IDs replaced by {id}.
func (c Call) Generic() string {
	return c.Service + " " + generatedID.ReplaceAllString(c.Operation, "/$1/{id}")
}

// Identity names the call the same way in every run of the same calls on a
// fresh account, whatever the interleaving of concurrent callers.
func (c Call) Identity() string {
	id := c.Generic()
	if c.Target != "" {
		id += " [" + c.Target + "]"
	}
	return fmt.Sprintf("%s #%d", id, c.Seq)
}

// targetKeys are the request fields that name the resource a call acts on.
var targetKeys = []string{"FunctionName", "RoleName", "Name", "Rule", "logGroupName", "TopicArn", "Endpoint", "EventSourceArn"}

// target extracts the targetKeys of a JSON or form body.
func target(r *http.Request, body []byte) string {
	vals := map[string]string{}
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		v, _ := url.ParseQuery(string(body))
		for _, k := range targetKeys {
			if s := v.Get(k); s != "" {
				vals[k] = s
			}
		}
	} else if len(body) > 0 && body[0] == '{' {
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			for _, k := range targetKeys {
				if s, ok := m[k].(string); ok && s != "" {
					vals[k] = s
				}
			}
		}
	}
	var parts []string
	for k, v := range vals {
		parts = append(parts, k+"="+v)
	}
	slices.Sort(parts)
	return strings.Join(parts, " ")
}

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
	// Latency delays every answer, to model the network round trip to AWS
	// that a local moto lacks (benchmarks); set it before the calls.
	Latency time.Duration

	srv    *httptest.Server
	target *url.URL
	rp     *httputil.ReverseProxy

	mu       sync.Mutex
	calls    []Call
	seen     map[string]int            // occurrences per generic operation and target
	domains  map[string]map[string]any // domain-name overlays (gaps.go)
	inFlight int                       // mutating calls being served
	maxIn    int
	mutating int
	faultAt  int
	faultID  string
	fired    bool
	match    func(Call) bool
	mode     string
	stopped  bool
	onStop   func()
	// corsCleared: functions whose Function URL CORS an update removed
	// (gapslambda.go).
	corsCleared map[string]bool
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
	p.calls, p.seen, p.mutating, p.faultAt, p.faultID, p.fired, p.match, p.mode, p.stopped, p.onStop = nil, nil, 0, 0, "", false, nil, "", false, nil
	p.maxIn = p.inFlight
}

// InjectIdentity arms a fault at the mutating call with the given Identity
// (occurrences counted from now on); onStop is called in Stop mode.
func (p *Proxy) InjectIdentity(id, mode string, onStop func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultAt, p.faultID, p.fired, p.match, p.mode, p.onStop, p.mutating, p.stopped, p.seen = 0, id, false, nil, mode, onStop, 0, false, nil
}

// Fired reports whether the armed fault happened.
func (p *Proxy) Fired() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.fired
}

// Inject arms a fault at the k-th (1-based) mutating call from now on;
// onStop is called in Stop mode.
func (p *Proxy) Inject(k int, mode string, onStop func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultAt, p.faultID, p.fired, p.match, p.mode, p.onStop, p.mutating, p.stopped = k, "", false, nil, mode, onStop, 0, false
}

// InjectOn arms a fault at the first mutating call match accepts.
func (p *Proxy) InjectOn(match func(Call) bool, mode string, onStop func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.faultAt, p.faultID, p.fired, p.match, p.mode, p.onStop, p.mutating, p.stopped = 0, "", false, match, mode, onStop, 0, false
}

// MaxInFlight is the most mutating calls served at the same time since
// the last Reset: how concurrent the caller was.
func (p *Proxy) MaxInFlight() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.maxIn
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
	c.Target = target(r, body)
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
	if p.Latency > 0 {
		time.Sleep(p.Latency)
	}

	p.mu.Lock()
	if p.seen == nil {
		p.seen = map[string]int{}
	}
	g := c.Generic() + " " + c.Target
	p.seen[g]++
	c.Seq = p.seen[g]
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
		if p.mutating == p.faultAt || (p.match != nil && p.match(c)) || (p.faultID != "" && !p.fired && c.Identity() == p.faultID) {
			fail, stop = p.mode == Fail, p.mode == Stop
			p.match, p.fired = nil, true
		}
	}
	gap := !fail && p.answerGap(c, r, nil, nil)
	c.Answered = gap
	c.Injected = fail
	p.calls = append(p.calls, c)
	onStop := p.onStop
	if stop {
		p.stopped = true
	}
	p.mu.Unlock()

	if c.Mutating {
		p.mu.Lock()
		p.inFlight++
		p.maxIn = max(p.maxIn, p.inFlight)
		p.mu.Unlock()
		defer func() {
			p.mu.Lock()
			p.inFlight--
			p.mu.Unlock()
		}()
	}
	if fail {
		writeError(w, r, c.Service, fmt.Sprintf("fault injected at %s", c.Identity()))
		return
	}
	forward := func(w http.ResponseWriter) {
		if gap {
			p.answerGap(c, r, w, p.rp.ServeHTTP)
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
