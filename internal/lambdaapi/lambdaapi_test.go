package lambdaapi

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// runtimeClient plays the function process's side of the protocol.
type runtimeClient struct {
	t    *testing.T
	base string
}

func (c runtimeClient) next() (http.Header, string) {
	c.t.Helper()
	resp, err := http.Get(c.base + "invocation/next")
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		c.t.Fatalf("next: %d %s", resp.StatusCode, body)
	}
	return resp.Header, string(body)
}

func (c runtimeClient) post(path, body string, h http.Header) (int, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func start(t *testing.T, cfg Config) (*Server, runtimeClient) {
	t.Helper()
	s := New(cfg)
	addr, err := s.Listen("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, runtimeClient{t, "http://" + addr + "/" + APIVersion + "/runtime/"}
}

type outcome struct {
	res *Result
	err error
}

func invokeAsync(s *Server, in Invocation) <-chan outcome {
	ch := make(chan outcome, 1)
	go func() {
		r, err := s.Invoke(context.Background(), in)
		ch <- outcome{r, err}
	}()
	return ch
}

func TestInvocationLifecycle(t *testing.T) {
	s, c := start(t, Config{FunctionName: "app-dev", Region: "eu-west-1", Timeout: 30 * time.Second, MaxPayload: 128})

	// Success: the poll carries the documented headers and the payload.
	before := time.Now()
	got := invokeAsync(s, Invocation{Payload: []byte(`{"n":1}`), RequestID: "req-1", ClientContext: `{"custom":{}}`})
	h, body := c.next()
	if body != `{"n":1}` {
		t.Fatalf("payload %q", body)
	}
	if h.Get(HeaderRequestID) != "req-1" ||
		h.Get(HeaderInvokedFunctionARN) != "arn:aws:lambda:eu-west-1:123456789012:function:app-dev" ||
		!strings.HasPrefix(h.Get(HeaderTraceID), "Root=1-") ||
		h.Get(HeaderClientContext) != `{"custom":{}}` {
		t.Fatalf("headers %v", h)
	}
	ms, err := strconv.ParseInt(h.Get(HeaderDeadlineMS), 10, 64)
	if d := time.UnixMilli(ms).Sub(before); err != nil || d < 29*time.Second || d > 31*time.Second {
		t.Fatalf("deadline %q is %v away", h.Get(HeaderDeadlineMS), d)
	}
	if code, _ := c.post("invocation/nope/response", "{}", nil); code != http.StatusBadRequest {
		t.Fatalf("unknown request id: %d", code)
	}
	if code, b := c.post("invocation/req-1/response", `{"ok":true}`, http.Header{"Content-Type": {"application/json"}}); code != http.StatusAccepted {
		t.Fatalf("response: %d %s", code, b)
	}
	o := <-got
	if o.err != nil || o.res.Error != nil || string(o.res.Payload) != `{"ok":true}` || o.res.RequestID != "req-1" {
		t.Fatalf("result %+v %v", o.res, o.err)
	}

	// Function error.
	got = invokeAsync(s, Invocation{Payload: []byte(`{}`)})
	h, _ = c.next()
	id := h.Get(HeaderRequestID)
	if code, _ := c.post("invocation/"+id+"/error", `{"errorMessage":"boom","errorType":"errorString"}`,
		http.Header{HeaderFunctionErrorType: {"errorString"}}); code != http.StatusAccepted {
		t.Fatalf("error: %d", code)
	}
	if o := <-got; o.err != nil || o.res.Error == nil || o.res.Error.Type != "errorString" || o.res.Error.Message != "boom" {
		t.Fatalf("error result %+v %v", o.res, o.err)
	}

	// Response over the payload limit.
	got = invokeAsync(s, Invocation{})
	h, _ = c.next()
	if code, _ := c.post("invocation/"+h.Get(HeaderRequestID)+"/response", string(bytes.Repeat([]byte("x"), 129)), nil); code != http.StatusRequestEntityTooLarge {
		t.Fatalf("oversized response: %d", code)
	}
	if o := <-got; o.res == nil || o.res.Error == nil || o.res.Error.Type != "Function.ResponseSizeTooLarge" {
		t.Fatalf("oversized result %+v %v", o.res, o.err)
	}

	// Timeout.
	got = invokeAsync(s, Invocation{Timeout: 50 * time.Millisecond})
	h, _ = c.next()
	if o := <-got; o.res == nil || o.res.Error == nil || o.res.Error.Type != "Sandbox.Timedout" {
		t.Fatalf("timeout result %+v %v", o.res, o.err)
	}
	if code, _ := c.post("invocation/"+h.Get(HeaderRequestID)+"/response", "{}", nil); code != http.StatusBadRequest {
		t.Fatalf("late response: %d", code)
	}

	// Init error: reported once, then every invocation fails with it.
	if code, _ := c.post("init/error", `{"errorMessage":"no handler","errorType":"Runtime.NoSuchHandler"}`, nil); code != http.StatusAccepted {
		t.Fatalf("init error: %d", code)
	}
	if code, _ := c.post("init/error", `{}`, nil); code != http.StatusForbidden {
		t.Fatalf("second init error: %d", code)
	}
	o = <-invokeAsync(s, Invocation{})
	if o.err != nil || !o.res.InitError || o.res.Error.Type != "Runtime.NoSuchHandler" {
		t.Fatalf("after init error %+v %v", o.res, o.err)
	}
	if env := strings.Join(s.Environ("127.0.0.1:1", Function{Handler: "api_handler"}), "\n"); !strings.Contains(env, "_HANDLER=api_handler") ||
		!strings.Contains(env, "AWS_LAMBDA_FUNCTION_NAME=app-dev") || !strings.Contains(env, "AWS_LAMBDA_RUNTIME_API=127.0.0.1:1") {
		t.Fatalf("environ:\n%s", env)
	}
}

func TestInvokeEndsWithContext(t *testing.T) {
	s, _ := start(t, Config{})
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if _, err := s.Invoke(ctx, Invocation{}); err != context.DeadlineExceeded {
		t.Fatalf("err = %v", err)
	}
}

// A poll whose process went away does not swallow the next event.
func TestAbandonedPoll(t *testing.T) {
	s, c := start(t, Config{})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, c.base+"invocation/next", nil)
	polled := make(chan struct{})
	go func() {
		defer close(polled)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	waitPolls(t, s, 1)
	cancel()
	<-polled
	waitPolls(t, s, 0) // the server saw the poller go
	got := invokeAsync(s, Invocation{Payload: []byte(`"again"`)})
	h, body := c.next()
	if body != `"again"` {
		t.Fatalf("payload %q", body)
	}
	c.post("invocation/"+h.Get(HeaderRequestID)+"/response", `"ok"`, nil)
	if o := <-got; o.err != nil || string(o.res.Payload) != `"ok"` {
		t.Fatalf("result %+v %v", o.res, o.err)
	}
}

func waitPolls(t *testing.T, s *Server, n int) {
	t.Helper()
	for i := 0; i < 500; i++ {
		s.mu.Lock()
		p := s.polls
		s.mu.Unlock()
		if p == n {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("never %d polls waiting", n)
}
