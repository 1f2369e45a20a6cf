package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/coder/websocket"

	"github.com/chalice-go/chalice/gen/gentest"
)

// Black-box tests of `chalicegen local`: the real binary serves a real app
// (testdata/local/*, copied into a throwaway module) on a free loopback
// port; the tests speak HTTP and websockets to it.

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// tail returns the end of a long output (access logs are long).
func tail(b *syncBuffer) string {
	s := b.String()
	if len(s) > 4000 {
		return "...\n" + s[len(s)-4000:]
	}
	return s
}

// localProc is a running `chalicegen local`.
type localProc struct {
	t      *testing.T
	dir    string // the app's module
	addr   string // host:port it serves
	cmd    *exec.Cmd
	stdout *syncBuffer
	stderr *syncBuffer
	done   chan struct{}
	err    error // Wait's result, once done is closed
}

// localApp copies testdata/local/<name> into a temp module.
func localApp(t *testing.T, name string) string {
	t.Helper()
	return gentest.NewModule(t, repoRoot(t), "example.com/"+name, filepath.Join(repoRoot(t), "testdata", "local", name))
}

// startLocal runs `chalicegen local --port 0` in dir and waits until it
// serves. With CHALICE_LOCAL_TEST_RACE=1 the app is built with -race (a
// reported data race fails the test).
func startLocal(t *testing.T, dir string, args ...string) *localProc {
	t.Helper()
	bin := chalicegenBinary(t)
	ready := filepath.Join(t.TempDir(), "ready")
	args = append([]string{"local", "--project-dir", dir, "--port", "0", "--ready-file", ready}, args...)
	cmd := exec.Command(bin, args...)
	cmd.Env = gentest.Env()
	if os.Getenv("CHALICE_LOCAL_TEST_RACE") == "1" {
		// The served app is built with the race detector (slow).
		cmd.Env = append(cmd.Env, "GOFLAGS=-mod=mod -race")
	}
	return runLocal(t, dir, cmd, ready)
}

// runLocal starts cmd, a `chalicegen local ... --ready-file ready` serving
// the app in dir, and waits until it serves. An interrupt stops it at the
// end of the test (`go tool` relays the signal to the tool it runs).
func runLocal(t *testing.T, dir string, cmd *exec.Cmd, ready string) *localProc {
	t.Helper()
	p := &localProc{t: t, dir: dir, cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.err = cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-p.done:
		case <-time.After(15 * time.Second):
			_ = cmd.Process.Kill()
			<-p.done
		}
	})
	deadline := time.Now().Add(90 * time.Second)
	for {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			p.addr = string(b)
			return p
		}
		select {
		case <-p.done:
			t.Fatalf("chalicegen local exited: %v\nstdout:\n%s\nstderr:\n%s", p.err, p.stdout, p.stderr)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("chalicegen local not ready after 90s\nstdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
		}
	}
}

// waitOutput waits until the process's stdout (or stderr) matches re.
func (p *localProc) waitOutput(re string, stderr bool) string {
	p.t.Helper()
	rx := regexp.MustCompile(re)
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		out := p.stdout.String()
		if stderr {
			out = p.stderr.String()
		}
		if m := rx.FindString(out); m != "" {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	p.t.Fatalf("output never matched %q\nstdout:\n%s\nstderr:\n%s", re, tail(p.stdout), tail(p.stderr))
	return ""
}

var client = &http.Client{Timeout: 30 * time.Second}

// do sends a request and returns the response with its body read.
func (p *localProc) do(method, path string, body []byte, hdr ...string) (*http.Response, []byte) {
	p.t.Helper()
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, "http://"+p.addr+path, r)
	if err != nil {
		p.t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Add(hdr[i], hdr[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		p.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		p.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return resp, b
}

// raw sends a raw request on a new connection and returns the raw
// response bytes and the parsed response.
func (p *localProc) raw(request string) (string, *http.Response) {
	p.t.Helper()
	c, err := net.DialTimeout("tcp", p.addr, 5*time.Second)
	if err != nil {
		p.t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(30 * time.Second))
	if _, err := io.WriteString(c, request); err != nil {
		p.t.Fatal(err)
	}
	var got bytes.Buffer
	method, _, _ := strings.Cut(request, " ")
	resp, err := http.ReadResponse(bufio.NewReader(io.TeeReader(c, &got)), &http.Request{Method: method})
	if err != nil {
		p.t.Fatalf("reading response to %q: %v (got %q)", request, err, got.String())
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return got.String(), resp
}

func jsonOf(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not a JSON object: %v\n%s", err, b)
	}
	return m
}

func expect(t *testing.T, what string, resp *http.Response, body []byte, status int, wantBody string) {
	t.Helper()
	if resp.StatusCode != status || (wantBody != "" && string(body) != wantBody) {
		t.Errorf("%s: got %d %s, want %d %s", what, resp.StatusCode, body, status, wantBody)
	}
}

// interrupt sends SIGINT (Ctrl-C) and checks a clean exit that frees the
// port.
func (p *localProc) interrupt() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(os.Interrupt); err != nil {
		p.t.Fatal(err)
	}
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		p.t.Fatalf("no exit 15s after SIGINT\nstdout:\n%s\nstderr:\n%s", p.stdout, p.stderr)
	}
	if p.err != nil {
		p.t.Errorf("exit after SIGINT: %v\nstderr:\n%s", p.err, p.stderr)
	}
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Errorf("port not freed after exit: %v", err)
	} else {
		ln.Close()
	}
	// Only the /panic route's recovered panic (logged with its stack) may
	// show up.
	all := p.stdout.String() + p.stderr.String()
	stacks := len(regexp.MustCompile(`(?m)^goroutine \d+ \[`).FindAllString(all, -1))
	if stacks > strings.Count(all, "Caught exception for panics: panic: boom") || strings.Contains(all, "fatal error") || strings.Contains(all, "DATA RACE") {
		p.t.Errorf("unexpected panic in output:\nstdout:\n%s\nstderr:\n%s", tail(p.stdout), tail(p.stderr))
	}
}

func TestLocalHTTP(t *testing.T) {
	t.Parallel()
	p := startLocal(t, localApp(t, "api"), "--stage", "beta", "--no-autoreload")
	banner := p.waitOutput(`Serving on http://\S+`, false)
	if banner != "Serving on http://"+p.addr {
		t.Errorf("banner %q, want the ready address %s", banner, p.addr)
	}
	p.waitOutput(`not verified locally`, false)

	t.Run("hello", func(t *testing.T) {
		resp, body := p.do("GET", "/", nil)
		expect(t, "GET /", resp, body, 200, `{"hello":"world"}`)
		if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
			t.Errorf("Content-Type %q", ct)
		}
		if resp.ContentLength != int64(len(body)) {
			t.Errorf("Content-Length %d for %d bytes", resp.ContentLength, len(body))
		}
		raw, _ := p.raw("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		for _, h := range []string{"\r\nx-amzn-RequestId: ", "\r\nx-amz-apigw-id: ", "\r\nContent-Length: 17\r\n"} {
			if !strings.Contains(raw, h) {
				t.Errorf("response lacks %q:\n%s", h, raw)
			}
		}
	})

	t.Run("missing resource", func(t *testing.T) {
		for _, c := range [][2]string{{"GET", "/nope"}, {"DELETE", "/"}, {"FROB", "/"}, {"GET", "/users"}, {"GET", "/users/a/b"}, {"HEAD", "/"}} {
			resp, body := p.do(c[0], c[1], nil)
			want := `{"message":"Missing Authentication Token"}`
			if c[0] == "HEAD" {
				want = ""
			}
			expect(t, c[0]+" "+c[1], resp, body, 403, want)
			if et := resp.Header.Get("x-amzn-ErrorType"); et != "MissingAuthenticationTokenException" {
				t.Errorf("%s %s: x-amzn-ErrorType %q", c[0], c[1], et)
			}
		}
		resp, body := p.do("GET", "/nope", nil, "Authorization", "Bearer abc")
		if resp.StatusCode != 403 || !strings.Contains(string(body), "Authorization header requires 'Credential' parameter") || !strings.HasSuffix(string(body), `Authorization=Bearer abc"}`) {
			t.Errorf("unknown path with a bearer token: %d %s", resp.StatusCode, body)
		}
	})

	t.Run("paths", func(t *testing.T) {
		for path, want := range map[string]string{
			"/users/bob":            `{"name":"bob"}`,
			"/users/bob/":           `{"name":"bob"}`,
			"/users/b%20o%2Fb":      `{"name":"b o/b"}`,
			"/users/%C3%A9t%C3%A9":  `{"name":"été"}`,
			"/files/a/b/c.txt":      `{"path":"a/b/c.txt"}`,
			"/files/a%2Fb/c%20d.md": `{"path":"a/b/c d.md"}`,
		} {
			resp, body := p.do("GET", path, nil)
			expect(t, path, resp, body, 200, want)
		}
	})

	t.Run("event", func(t *testing.T) {
		resp, body := p.do("POST", "/echo?a=1&a=2&b=%20x&c&d=%zz&e=a+b", []byte("hi there"),
			"Content-Type", "text/plain", "X-Multi", "1", "X-Multi", "2", "User-Agent", "local-test")
		if resp.StatusCode != 200 {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
		m := jsonOf(t, body)
		want := map[string]any{"a": []any{"1", "2"}, "b": []any{" x"}, "c": []any{""}, "d": []any{"%zz"}, "e": []any{"a b"}}
		if fmt.Sprint(m["query"]) != fmt.Sprint(want) {
			t.Errorf("query = %v, want %v", m["query"], want)
		}
		if m["body"] != "hi there" || m["method"] != "POST" || m["path"] != "/echo" {
			t.Errorf("body/method/path = %v %v %v", m["body"], m["method"], m["path"])
		}
		hs := m["headers"].(map[string]any)
		if hs["x-multi"] != "2" || hs["host"] != p.addr || hs["user-agent"] != "local-test" {
			t.Errorf("headers = %v", hs)
		}
		if mv := m["multiValueHeaders"].(map[string]any)["x-multi"]; fmt.Sprint(mv) != "[1 2]" {
			t.Errorf("multiValueHeaders x-multi = %v", mv)
		}
		rc := m["context"].(map[string]any)
		for k, v := range map[string]any{
			"stage": "beta_stage", "resourcePath": "/echo", "httpMethod": "POST", "path": "/beta_stage/echo",
			"protocol": "HTTP/1.1", "domainName": p.addr, "requestId": resp.Header.Get("x-amzn-RequestId"),
			"extendedRequestId": resp.Header.Get("x-amz-apigw-id"),
		} {
			if rc[k] != v {
				t.Errorf("requestContext.%s = %v, want %v", k, rc[k], v)
			}
		}
		id := rc["identity"].(map[string]any)
		if id["sourceIp"] != "127.0.0.1" || id["userAgent"] != "local-test" {
			t.Errorf("identity = %v", id)
		}
		if _, ok := rc["requestTimeEpoch"].(float64); !ok {
			t.Errorf("requestTimeEpoch = %v", rc["requestTimeEpoch"])
		}
		// Two requests, two ids.
		resp2, _ := p.do("GET", "/", nil)
		if resp2.Header.Get("x-amzn-RequestId") == resp.Header.Get("x-amzn-RequestId") {
			t.Error("request ids repeat")
		}
		// Invalid UTF-8 reaches the handler as U+FFFD, as through API Gateway's JSON.
		_, body = p.do("POST", "/echo", []byte("a\xffb\x00c\"d"), "Content-Type", "text/plain")
		if got := jsonOf(t, body)["body"]; got != "a\ufffdb\x00c\"d" {
			t.Errorf("body with invalid UTF-8 = %q", got)
		}
	})

	t.Run("environment", func(t *testing.T) {
		resp, body := p.do("GET", "/env", nil)
		expect(t, "/env", resp, body, 200, `{"GEN":"","GREETING":"hello from beta","SHARED":"top"}`)
	})

	t.Run("json and content types", func(t *testing.T) {
		resp, body := p.do("POST", "/json", []byte(`{"name":"n","items":["a","b"],"extra":1}`), "Content-Type", "application/json")
		expect(t, "typed JSON", resp, body, 200, `{"name":"n","items":["a","b"]}`)
		resp, body = p.do("POST", "/json", []byte(`{"name":`), "Content-Type", "application/json")
		if resp.StatusCode != 400 || jsonOf(t, body)["Code"] != "BadRequestError" {
			t.Errorf("bad JSON: %d %s", resp.StatusCode, body)
		}
		resp, body = p.do("POST", "/json", []byte(`x`), "Content-Type", "text/csv")
		expect(t, "unsupported type", resp, body, 415, `{"Code":"UnsupportedMediaType","Message":"Unsupported media type: text/csv"}`)
		resp, body = p.do("GET", "/bad", nil)
		expect(t, "view error", resp, body, 400, `{"Code":"BadRequestError","Message":"nope"}`)
		resp, body = p.do("GET", "/panic", nil)
		expect(t, "panic", resp, body, 500, `{"Code":"InternalServerError","Message":"An internal server error occurred."}`)
	})

	t.Run("binary", func(t *testing.T) {
		in := make([]byte, 4096)
		_, _ = rand.Read(in)
		resp, body := p.do("POST", "/bin", in, "Content-Type", "application/x-test-bin", "Accept", "application/x-test-bin")
		if resp.StatusCode != 200 || !bytes.Equal(body, in) || resp.Header.Get("Content-Type") != "application/x-test-bin" {
			t.Errorf("binary echo: %d, %d bytes, equal %v", resp.StatusCode, len(body), bytes.Equal(body, in))
		}
		resp, body = p.do("POST", "/bin", in, "Content-Type", "application/x-test-bin", "Accept", "text/plain")
		if resp.StatusCode != 400 || !strings.Contains(string(body), "Accept header") {
			t.Errorf("binary without Accept: %d %s", resp.StatusCode, body)
		}
	})

	t.Run("headers", func(t *testing.T) {
		resp, body := p.do("GET", "/cookies", nil)
		expect(t, "/cookies", resp, body, 200, "ok")
		if got := resp.Header.Values("Set-Cookie"); fmt.Sprint(got) != "[a=1 b=2]" {
			t.Errorf("Set-Cookie = %v", got)
		}
		if resp.Header.Get("X-Custom") != "single" || resp.Header.Get("Content-Type") != "text/plain" {
			t.Errorf("headers = %v", resp.Header)
		}
		resp, body = p.do("HEAD", "/head", nil)
		if resp.StatusCode != 200 || len(body) != 0 || resp.ContentLength != 12 {
			t.Errorf("HEAD: %d, %d body bytes, Content-Length %d", resp.StatusCode, len(body), resp.ContentLength)
		}
		resp, body = p.do("GET", "/status/204", nil)
		expect(t, "204", resp, body, 204, "")
		resp, body = p.do("GET", "/status/99", nil)
		expect(t, "bad status", resp, body, 502, `{"message":"Internal server error"}`)
	})

	t.Run("cors", func(t *testing.T) {
		resp, body := p.do("OPTIONS", "/cors", nil, "Origin", "http://x.example", "Access-Control-Request-Method", "PUT")
		expect(t, "preflight", resp, body, 200, "")
		for k, v := range map[string]string{
			"Access-Control-Allow-Methods": "PUT,GET,OPTIONS",
			"Access-Control-Allow-Origin":  "*",
			"Access-Control-Allow-Headers": "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key",
		} {
			if got := resp.Header.Get(k); got != v {
				t.Errorf("preflight %s = %q, want %q", k, got, v)
			}
		}
		resp, body = p.do("PUT", "/cors", nil)
		expect(t, "PUT /cors", resp, body, 200, `{"cors":true}`)
		if resp.Header.Get("Access-Control-Allow-Origin") != "*" {
			t.Errorf("CORS headers missing: %v", resp.Header)
		}
		resp, _ = p.do("OPTIONS", "/", nil, "Origin", "http://x.example")
		if resp.StatusCode != 403 {
			t.Errorf("OPTIONS on a route without CORS: %d", resp.StatusCode)
		}
	})

	t.Run("payload limit", func(t *testing.T) {
		big := bytes.Repeat([]byte("a"), 10<<20)
		resp, body := p.do("POST", "/echo", big, "Content-Type", "text/plain")
		if resp.StatusCode != 200 || jsonOf(t, body)["bodyLen"] != float64(10<<20) {
			t.Errorf("10 MB body: %d", resp.StatusCode)
		}
		raw, resp := p.raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 10485761\r\n\r\n")
		if resp.StatusCode != 413 || !strings.HasSuffix(raw, `{"message":"Request Too Long"}`) {
			t.Errorf("10 MB + 1 (Content-Length): %s", raw)
		}
		// Chunked, over the limit.
		c, err := net.Dial("tcp", p.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		go func() {
			_, _ = io.WriteString(c, "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n")
			chunk := fmt.Sprintf("%x\r\n%s\r\n", 1<<20, bytes.Repeat([]byte("b"), 1<<20))
			for i := 0; i < 11; i++ {
				if _, err := io.WriteString(c, chunk); err != nil {
					return
				}
			}
			_, _ = io.WriteString(c, "0\r\n\r\n")
		}()
		_ = c.SetDeadline(time.Now().Add(30 * time.Second))
		resp, err = http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != 413 {
			t.Errorf("chunked over 10 MB: %v %v", resp, err)
		}
	})

	t.Run("builtin authorizer", func(t *testing.T) {
		resp, body := p.do("GET", "/private", nil)
		expect(t, "no token", resp, body, 401, `{"message":"Unauthorized"}`)
		resp, body = p.do("GET", "/private", nil, "Authorization", "allow")
		expect(t, "allow", resp, body, 200, `{"authorizer":{"integrationLatency":`+jsonNumberAt(body)+`,"level":"3","principalId":"ada","team":"blue"}}`)
		resp, body = p.do("GET", "/private", nil, "Authorization", "nobody")
		expect(t, "no routes", resp, body, 403, `{"Message":"User is not authorized to access this resource with an explicit deny"}`)
		if resp.Header.Get("x-amzn-ErrorType") != "AccessDeniedException" {
			t.Errorf("deny x-amzn-ErrorType %q", resp.Header.Get("x-amzn-ErrorType"))
		}
		resp, body = p.do("DELETE", "/admin/x", nil, "Authorization", "allow")
		expect(t, "route not in policy", resp, body, 403, `{"Message":"User is not authorized to access this resource"}`)
		resp, body = p.do("DELETE", "/admin/x", nil, "Authorization", "admin")
		expect(t, "admin", resp, body, 200, `{"deleted":"x"}`)
		resp, body = p.do("GET", "/private", nil, "Authorization", "boom")
		expect(t, "failing authorizer", resp, body, 500, `{"message":null}`)
		resp, body = p.do("GET", "/private", nil, "Authorization", "unauth")
		expect(t, "Unauthorized", resp, body, 401, `{"message":"Unauthorized"}`)

		// ttl_seconds=1: a token's policy is cached for a second.
		calls := func() float64 { _, b := p.do("GET", "/authcalls", nil); return jsonOf(t, b)["calls"].(float64) }
		token := fmt.Sprintf("count-%d", time.Now().UnixNano())
		before := calls()
		start := time.Now()
		for range 3 {
			if resp, body := p.do("GET", "/private", nil, "Authorization", token); resp.StatusCode != 200 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
		}
		if n := calls() - before; n != 1 && time.Since(start) < 900*time.Millisecond {
			t.Errorf("authorizer ran %v times for 3 requests within its TTL, want 1", n)
		}
		time.Sleep(1100 * time.Millisecond)
		mid := calls()
		p.do("GET", "/private", nil, "Authorization", token)
		if n := calls() - mid; n != 1 {
			t.Errorf("authorizer ran %v times after the TTL expired, want 1", n)
		}
	})

	t.Run("other authorizers and api keys", func(t *testing.T) {
		resp, body := p.do("GET", "/key", nil)
		expect(t, "no api key", resp, body, 403, `{"message":"Forbidden"}`)
		resp, body = p.do("GET", "/key", nil, "x-api-key", "K1")
		if resp.StatusCode != 200 || jsonOf(t, body)["identity"].(map[string]any)["apiKey"] != "K1" {
			t.Errorf("api key: %d %s", resp.StatusCode, body)
		}
		resp, body = p.do("GET", "/iam", nil)
		expect(t, "iam unsigned", resp, body, 403, `{"message":"Missing Authentication Token"}`)
		resp, body = p.do("GET", "/iam", nil, "Authorization", "Bearer x")
		if resp.StatusCode != 403 || !strings.Contains(string(body), "requires 'Credential' parameter") {
			t.Errorf("iam with a bearer token: %d %s", resp.StatusCode, body)
		}
		resp, body = p.do("GET", "/iam", nil, "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDLOCAL/20260101/us-east-1/execute-api/aws4_request, SignedHeaders=host, Signature=00")
		if resp.StatusCode != 200 || jsonOf(t, body)["identity"].(map[string]any)["accessKey"] != "AKIDLOCAL" {
			t.Errorf("iam signed: %d %s", resp.StatusCode, body)
		}
		resp, body = p.do("GET", "/pool", nil)
		expect(t, "cognito without token", resp, body, 401, `{"message":"Unauthorized"}`)
		claims := base64.RawURLEncoding.EncodeToString([]byte(`{"sub":"u1","email":"a@b.example","email_verified":true}`))
		resp, body = p.do("GET", "/pool", nil, "Authorization", "eyJhbGciOiJSUzI1NiJ9."+claims+".sig")
		expect(t, "cognito", resp, body, 200, `{"authorizer":{"claims":{"email":"a@b.example","email_verified":"true","sub":"u1"}}}`)
		resp, body = p.do("GET", "/custom", nil, "Authorization", "x")
		expect(t, "custom without its header", resp, body, 401, `{"message":"Unauthorized"}`)
		resp, body = p.do("GET", "/custom", nil, "X-Token", "x")
		expect(t, "custom", resp, body, 200, `{"secure":true}`)
	})

	t.Run("robustness", func(t *testing.T) { hostileRequests(t, p.addr) })

	t.Run("access log", func(t *testing.T) {
		p.waitOutput(`127\.0\.0\.1 - - \[[^\]]+\] "GET /users/bob/ HTTP/1\.1" 200 14 [0-9.]+ms`, false)
		p.waitOutput(`"POST /echo HTTP/1\.1" 413 30 `, false)
	})

	if strings.Count(p.stdout.String(), "not verified locally") != 1 {
		t.Errorf("the note on unverified credentials should print once:\n%s", p.stdout)
	}
	p.interrupt()
}

// jsonNumberAt returns the integrationLatency value in body (it varies).
func jsonNumberAt(body []byte) string {
	m := regexp.MustCompile(`"integrationLatency":(\d+)`).FindSubmatch(body)
	if m == nil {
		return "?"
	}
	return string(m[1])
}

func TestLocalWebsocket(t *testing.T) {
	t.Parallel()
	p := startLocal(t, localApp(t, "ws"), "--no-autoreload")
	p.waitOutput(`Websockets on ws://\S+/`, false)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	dial := func(query string) *websocket.Conn {
		t.Helper()
		c, _, err := websocket.Dial(ctx, "ws://"+p.addr+"/"+query, nil)
		if err != nil {
			t.Fatalf("dial: %v", err)
		}
		t.Cleanup(func() { _ = c.CloseNow() })
		return c
	}
	send := func(c *websocket.Conn, msg string) {
		t.Helper()
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatalf("write %q: %v", msg, err)
		}
	}
	recv := func(c *websocket.Conn) string {
		t.Helper()
		_, b, err := c.Read(ctx)
		if err != nil {
			t.Fatalf("read: %v", err)
		}
		return string(b)
	}

	a, b := dial(""), dial("?name=b")
	send(a, "echo hello")
	if got := recv(a); got != "hello" {
		t.Errorf("echo: %q", got)
	}
	send(a, "id")
	idA := recv(a)
	send(b, "id")
	idB := recv(b)
	if idA == "" || idA == idB {
		t.Fatalf("connection ids %q %q", idA, idB)
	}
	// A message to another connection.
	send(a, "send "+idB+" psst")
	if got := recv(b); got != "psst" {
		t.Errorf("send to b: %q", got)
	}
	if got := recv(a); got != "sent" {
		t.Errorf("sender's ack: %q", got)
	}
	// WebsocketInfo.
	send(a, "info "+idB)
	var info struct {
		ConnectedAt, LastActiveAt time.Time
		Identity                  struct{ SourceIp string }
	}
	if err := json.Unmarshal([]byte(recv(a)), &info); err != nil || info.Identity.SourceIp != "127.0.0.1" || info.ConnectedAt.IsZero() || info.LastActiveAt.Before(info.ConnectedAt) {
		t.Errorf("info: %+v %v", info, err)
	}
	// The stage's environment and the event's fields.
	send(a, "event")
	var ev map[string]any
	if err := json.Unmarshal([]byte(recv(a)), &ev); err != nil || ev["Stage"] != "api" || ev["DomainName"] != p.addr || ev["EventType"] != "MESSAGE" {
		t.Errorf("event: %v %v", ev, err)
	}
	// Binary frames arrive base64-decoded.
	if err := a.Write(ctx, websocket.MessageBinary, []byte("echo \x00\x01")); err != nil {
		t.Fatal(err)
	}
	if got := recv(a); got != "\x00\x01" {
		t.Errorf("binary echo: %q", got)
	}
	// WebsocketClose closes b; its disconnect handler runs.
	send(a, "close "+idB)
	if _, _, err := b.Read(ctx); websocket.CloseStatus(err) == -1 {
		t.Errorf("b not closed: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		send(a, "log")
		log := recv(a)
		if strings.Contains(log, "disconnect "+idB) {
			if !strings.Contains(log, "connect "+idB) {
				t.Errorf("connect of b not logged: %s", log)
			}
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("disconnect of b never ran: %s", log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Sending to a closed connection is a WebsocketDisconnectedError.
	send(a, "send "+idB+" late")
	if got := recv(a); !strings.Contains(got, "disconnected") {
		t.Errorf("send to closed: %q", got)
	}
	// A connect handler's error refuses the connection.
	if _, resp, err := websocket.Dial(ctx, "ws://"+p.addr+"/?deny=1", nil); err == nil || resp == nil || resp.StatusCode != 403 {
		t.Errorf("denied connect: %v %v", resp, err)
	}
	// Plain HTTP still works on the same port.
	if resp, body := p.do("GET", "/", nil); resp.StatusCode != 200 || string(body) != `{"ws":"yes"}` {
		t.Errorf("GET /: %d %s", resp.StatusCode, body)
	}
	// Ctrl-C closes the open connection (going away) and exits cleanly.
	readErr := make(chan error, 1)
	go func() { _, _, err := a.Read(ctx); readErr <- err }()
	p.interrupt()
	select {
	case err := <-readErr:
		if websocket.CloseStatus(err) != websocket.StatusGoingAway {
			t.Errorf("client saw %v on shutdown, want going away", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("client connection still open after shutdown")
	}
}

func TestLocalAutoreload(t *testing.T) {
	t.Parallel()
	dir := localApp(t, "api")
	p := startLocal(t, dir)
	get := func(path string) string {
		resp, err := client.Get("http://" + p.addr + path)
		if err != nil {
			return "error: " + err.Error()
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return string(b)
	}
	waitFor := func(path, want string) {
		t.Helper()
		deadline := time.Now().Add(60 * time.Second)
		for get(path) != want {
			if time.Now().After(deadline) {
				t.Fatalf("GET %s never answered %s (last: %s)\nstdout:\n%s\nstderr:\n%s", path, want, get(path), tail(p.stdout), tail(p.stderr))
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	app := filepath.Join(dir, "app.go")
	src, err := os.ReadFile(app)
	if err != nil {
		t.Fatal(err)
	}
	setGen := func(v string) {
		t.Helper()
		writeFile(t, app, strings.Replace(string(src), `const GEN = "one"`, `const GEN = "`+v+`"`, 1))
	}
	if got := get("/gen"); got != `{"gen":"one"}` {
		t.Fatalf("GET /gen = %s", got)
	}

	// An edit is served after a rebuild, with no gap: a client polling
	// all along sees only 200s.
	stop := make(chan struct{})
	var failures []string
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if got := get("/"); got != `{"hello":"world"}` {
				failures = append(failures, got)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	setGen("two")
	waitFor("/gen", `{"gen":"two"}`)
	p.waitOutput(`Restarted with the new build\.`, false)

	// A compile error keeps the old version serving and is printed.
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\nfunc broken() { undefinedThing() }\n")
	p.waitOutput(`undefined: undefinedThing`, true)
	p.waitOutput(`previous version keeps serving until this is fixed\.`, true)
	if got := get("/gen"); got != `{"gen":"two"}` {
		t.Errorf("during the compile error: GET /gen = %s", got)
	}
	// An analyzer error likewise.
	if err := os.Remove(filepath.Join(dir, "broken.go")); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\n//chalice:route GET /typo nmae=x\nfunc typo() string { return \"\" }\n")
	p.waitOutput(`broken\.go:3:\d+: chalice: `, true)
	if got := get("/gen"); got != `{"gen":"two"}` {
		t.Errorf("during the annotation error: GET /gen = %s", got)
	}

	// Fixed: the next version serves.
	if err := os.Remove(filepath.Join(dir, "broken.go")); err != nil {
		t.Fatal(err)
	}
	setGen("three")
	waitFor("/gen", `{"gen":"three"}`)

	// config.json changes apply too.
	cfgPath := filepath.Join(dir, ".chalice", "config.json")
	cfg, err := os.ReadFile(cfgPath)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, cfgPath, strings.Replace(string(cfg), `"GREETING": "top"`, `"GREETING": "edited"`, 1))
	waitFor("/env", `{"GEN":"","GREETING":"edited","SHARED":"top"}`)

	close(stop)
	wg.Wait()
	if len(failures) > 0 {
		t.Errorf("%d requests failed while reloading, first: %s", len(failures), failures[0])
	}
	if n := strings.Count(p.stdout.String(), "Serving on"); n != 1 {
		t.Errorf("banner printed %d times", n)
	}
	p.interrupt()
}

// TestLocalBadStart: a project that does not build exits 1 with the error.
func TestLocalBadStart(t *testing.T) {
	t.Parallel()
	dir := localApp(t, "api")
	writeFile(t, filepath.Join(dir, "broken.go"), "package main\n\nfunc broken() { undefinedThing() }\n")
	bin := chalicegenBinary(t)
	cmd := exec.Command(bin, "local", "--project-dir", dir, "--port", "0")
	cmd.Env = gentest.Env()
	var out, errb syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "undefined: undefinedThing") {
		t.Errorf("exit %v\nstdout:\n%s\nstderr:\n%s", err, &out, &errb)
	}
	code, _, stderr := runIn(t, dir, gentest.Env(), bin, "local", "--port", "70000")
	if code != 2 || !strings.Contains(stderr, "not a TCP port") {
		t.Errorf("--port 70000: exit %d %s", code, stderr)
	}
}

// An undeclared stage serves with the top-level values, saying so, and
// every invocation gets an emulated Lambda context: <app>-<stage>, the
// configured memory, a fresh request id, a lambda_timeout deadline.
func TestLocalUndeclaredStageAndLambdaContext(t *testing.T) {
	t.Parallel()
	p := startLocal(t, localApp(t, "api"), "--stage", "prod", "--no-autoreload")
	p.waitOutput(`note: stage "prod" is not declared in \S*config.json; it takes the top-level values`, true)
	resp, body := p.do("GET", "/env", nil)
	expect(t, "/env", resp, body, 200, `{"GEN":"","GREETING":"top","SHARED":"top"}`)

	ids := map[string]bool{}
	for i := 0; i < 2; i++ {
		resp, body := p.do("GET", "/lambda-context", nil)
		lc := jsonOf(t, body)
		if resp.StatusCode != 200 || lc["function"] != "localapi-prod" || lc["memory"] != 256.0 {
			t.Fatalf("GET /lambda-context = %d %s", resp.StatusCode, body)
		}
		if ms, _ := lc["remainingMs"].(float64); ms <= 20000 || ms > 30000 {
			t.Errorf("remaining time %v ms, want just under lambda_timeout (30 s)", lc["remainingMs"])
		}
		id, _ := lc["requestId"].(string)
		if len(id) != 36 || ids[id] {
			t.Errorf("request id %q: not a fresh UUID", id)
		}
		ids[id] = true
	}
}

// The chat example runs under chalicegen local with no AWS account: without
// TABLE its state is kept in memory, and two clients talk in a room.
func TestLocalChatExample(t *testing.T) {
	t.Parallel()
	dir := gentest.NewModule(t, repoRoot(t), "example.com/chat", filepath.Join(repoRoot(t), "examples", "websocket", "chat"))
	bin := chalicegenBinary(t)
	ready := filepath.Join(t.TempDir(), "ready")
	cmd := exec.Command(bin, "local", "--project-dir", dir, "--port", "0", "--no-autoreload", "--ready-file", ready)
	cmd.Env = gentest.Env("TABLE=", "AWS_LAMBDA_RUNTIME_API=")
	p := runLocal(t, dir, cmd, ready)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	dial := func() *websocket.Conn {
		t.Helper()
		c, _, err := websocket.Dial(ctx, "ws://"+p.addr+"/", nil)
		if err != nil {
			t.Fatalf("dial: %v\nstderr:\n%s", err, tail(p.stderr))
		}
		t.Cleanup(func() { _ = c.CloseNow() })
		return c
	}
	talk := func(c *websocket.Conn, msg string, want ...string) {
		t.Helper()
		if err := c.Write(ctx, websocket.MessageText, []byte(msg)); err != nil {
			t.Fatalf("write %q: %v", msg, err)
		}
		for _, w := range want {
			_, b, err := c.Read(ctx)
			if err != nil || !strings.HasPrefix(string(b), w) {
				t.Fatalf("after %q: read %q, %v; want %q\nstderr:\n%s", msg, b, err, w, tail(p.stderr))
			}
		}
	}
	alice, bob := dial(), dial()
	talk(alice, "alice", "Using nickname: alice")
	talk(bob, "bob", "Using nickname: bob")
	talk(alice, "/join lobby", `Joined chat room "lobby"`)
	talk(bob, "/join lobby", `Joined chat room "lobby"`)
	if _, b, err := alice.Read(ctx); err != nil || string(b) != "bob joined room." {
		t.Fatalf("alice saw %q, %v", b, err)
	}
	talk(bob, "hello", "bob: hello")
	if _, b, err := alice.Read(ctx); err != nil || string(b) != "bob: hello" {
		t.Fatalf("alice saw %q, %v", b, err)
	}
	p.waitOutput(`TABLE is not set: the chat's state is kept in memory`, true)
}
