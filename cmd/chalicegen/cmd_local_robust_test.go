package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileCase is one raw request and the statuses it may get.
type hostileCase struct {
	name    string
	method  string // for http.ReadResponse (HEAD has no body)
	request []byte
	// closeAfter half-closes the connection after writing (a client that
	// sent less than it announced).
	closeAfter bool
	want       []int // allowed statuses
	// mayClose allows a clean close without a response (HTTP lets the
	// server drop a connection whose request never completed).
	mayClose bool
}

// hostileCases builds a few thousand malformed or hostile requests,
// deterministically.
func hostileCases() []hostileCase {
	rng := rand.New(rand.NewPCG(1, 2))
	var cs []hostileCase
	add := func(name, method, req string, want ...int) {
		cs = append(cs, hostileCase{name: name, method: method, request: []byte(req), want: want})
	}
	randBytes := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.IntN(256))
		}
		return string(b)
	}
	post := func(path, ct, body string) string {
		return fmt.Sprintf("POST %s HTTP/1.1\r\nHost: x\r\nContent-Type: %s\r\nContent-Length: %d\r\nConnection: close\r\n\r\n%s", path, ct, len(body), body)
	}
	// Bad JSON (truncations of a valid document, random bytes, deep nesting).
	doc := `{"name":"n\u00e9","items":["a","b",{"c":[1,2.5e3,true,null]}]}`
	for i := 0; i < len(doc); i++ {
		add("truncated JSON", "POST", post("/json", "application/json", doc[:i]), 400)
	}
	for range 300 {
		add("random JSON body", "POST", post("/json", "application/json", randBytes(rng.IntN(200)+1)), 400)
	}
	add("deep JSON", "POST", post("/json", "application/json", strings.Repeat("[", 100000)), 400)
	add("wrong JSON types", "POST", post("/json", "application/json", `{"name":1,"items":"x"}`), 400)
	// Invalid UTF-8 and control bytes in the body, query, path and headers.
	for range 200 {
		add("invalid UTF-8 body", "POST", post("/echo", "text/plain", "a\xff\xfe"+randBytes(rng.IntN(64))), 200)
	}
	for range 200 {
		q := strings.Map(func(r rune) rune {
			if r < 0x21 || r == '#' || r == 0x7f {
				return 'x'
			}
			return r
		}, randBytes(rng.IntN(40)+1))
		add("bytes in query", "GET", "GET /echo?q="+q+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, 400)
	}
	for range 200 {
		seg := strings.Map(func(r rune) rune {
			if r < 0x21 || r == '#' || r == '?' || r == '/' || r == 0x7f {
				return 'x'
			}
			return r
		}, randBytes(rng.IntN(40)+1))
		add("bytes in path", "GET", "GET /users/"+seg+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, 400, 403)
	}
	for range 200 {
		v := strings.Map(func(r rune) rune {
			if r == '\r' || r == '\n' {
				return 'x'
			}
			return r
		}, randBytes(rng.IntN(60)+1))
		add("bytes in header value", "GET", "GET / HTTP/1.1\r\nHost: x\r\nX-Junk: "+v+"\r\nConnection: close\r\n\r\n", 200, 400)
	}
	for range 100 {
		add("bad header name", "GET", "GET / HTTP/1.1\r\nHost: x\r\nX J\xff"+randBytes(3)+": v\r\nConnection: close\r\n\r\n", 400)
	}
	// Huge headers.
	add("one huge header", "GET", "GET / HTTP/1.1\r\nHost: x\r\nX-Big: "+strings.Repeat("a", 70<<10)+"\r\n\r\n", 431)
	many := strings.Builder{}
	for i := range 3000 {
		fmt.Fprintf(&many, "X-H%d: %s\r\n", i, strings.Repeat("v", 20))
	}
	add("many headers", "GET", "GET / HTTP/1.1\r\nHost: x\r\n"+many.String()+"\r\n", 431)
	add("huge URL", "GET", "GET /"+strings.Repeat("a", 80<<10)+" HTTP/1.1\r\nHost: x\r\n\r\n", 431, 414)
	// Bad percent-encoding.
	for _, p := range []string{"/users/%zz", "/users/%", "/users/%2", "/%", "/files/a%ZZb", "/users/%00", "/echo%"} {
		for range 20 {
			add("bad percent-encoding", "GET", "GET "+p+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, 400, 403)
		}
	}
	for range 50 {
		add("bad query escape", "GET", "GET /echo?a=%zz&%=%%&b=%e9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200)
	}
	// Methods.
	for _, m := range []string{"FOO", "PROPFIND", "CONNECTX", "TRACE", "X-Y", "BREW"} {
		for range 30 {
			add("unknown method", m, m+" / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 403)
		}
	}
	for _, m := range []string{"G@T", "GE T", "", "\x00GET", "GET\xff"} {
		for range 20 {
			add("invalid method", "GET", m+" / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 400, 403)
		}
	}
	// Absurd URLs and request lines.
	for _, u := range []string{"//", "///////", "/..", "/../../etc/passwd", "/./users/bob", "*", "http://evil.example/users/bob",
		"/users/bob#frag", "/users//bob", "/" + strings.Repeat("a/", 2000), "/files/" + strings.Repeat("%2F", 1000), "/?" + strings.Repeat("a=1&", 5000)} {
		for range 20 {
			add("absurd URL", "GET", "GET "+u+" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, 400, 403)
		}
	}
	for range 50 {
		add("bad version", "GET", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 505, 400)
		add("no Host", "GET", "GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 400)
		add("garbage line", "GET", randBytes(30)+"\r\n\r\n", 400, 505)
	}
	// Framing.
	for range 100 {
		add("bad chunk size", "POST", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n", 400)
		add("bad Content-Length", "POST", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n", 400)
		add("two Content-Lengths", "POST", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\nab", 400)
		add("CL and TE", "POST", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n", 200, 400)
		add("huge Content-Length", "POST", "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\nConnection: close\r\n\r\n", 413)
	}
	// Chunked bodies over the 10 MB limit (the server answers before the
	// end, then closes).
	chunk := fmt.Sprintf("%x\r\n%s\r\n", 1<<20, strings.Repeat("c", 1<<20))
	overLimit := "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n" + strings.Repeat(chunk, 11) + "0\r\n\r\n"
	for range 3 {
		add("chunked over the limit", "POST", overLimit, 413)
	}
	// Truncated bodies: the client announces more than it sends, then
	// stops sending.
	for range 200 {
		n := rng.IntN(1000) + 10
		body := strings.Repeat("t", rng.IntN(n))
		cs = append(cs, hostileCase{name: "truncated body", method: "POST", closeAfter: true, mayClose: true, want: []int{400},
			request: []byte(fmt.Sprintf("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: %d\r\n\r\n%s", n, body))})
	}
	for range 50 {
		cs = append(cs, hostileCase{name: "truncated chunked body", method: "POST", closeAfter: true, mayClose: true, want: []int{400},
			request: []byte("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n100\r\nabc")})
	}
	rng.Shuffle(len(cs), func(i, j int) { cs[i], cs[j] = cs[j], cs[i] })
	return cs
}

// hostileRequests sends the hostile cases to addr and checks that every
// one gets a well-formed HTTP response with an expected status (or, where
// HTTP allows, a clean close), and that the server still answers after.
func hostileRequests(t *testing.T, addr string) {
	cases := hostileCases()
	start := time.Now()

	// A few slow clients hold connections open throughout: they must not
	// keep anyone else from being served.
	var slow []net.Conn
	for range 8 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = io.WriteString(c, "GET / HT")
		slow = append(slow, c)
	}
	defer func() {
		for _, c := range slow {
			c.Close()
		}
	}()

	var mu sync.Mutex
	var failures []string
	statuses := map[int]int{} // 0: closed without a response
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		if len(failures) < 20 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
	}
	work := make(chan hostileCase)
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for c := range work {
				status, err := sendHostile(addr, c)
				mu.Lock()
				statuses[status]++
				mu.Unlock()
				switch {
				case err != nil && c.mayClose:
				case err != nil:
					fail("%s: %v (request %.80q)", c.name, err, c.request)
				case !containsInt(c.want, status):
					fail("%s: status %d, want one of %v (request %.80q)", c.name, status, c.want, c.request)
				}
			}
		}()
	}
	for _, c := range cases {
		work <- c
	}
	close(work)
	wg.Wait()
	for _, f := range failures {
		t.Error(f)
	}
	// The slow clients finish their request late: still served, unless
	// the server's header timeout (10s) cut them off first.
	for _, c := range slow[:2] {
		_ = c.SetDeadline(time.Now().Add(10 * time.Second))
		_, _ = io.WriteString(c, "TP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if (err != nil || resp.StatusCode != 200) && time.Since(start) < 9*time.Second {
			t.Errorf("slow client: %v %v", resp, err)
		}
	}
	resp, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatalf("GET / after the hostile requests: %v", err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || string(b) != `{"hello":"world"}` {
		t.Errorf("GET / after the hostile requests: %d %s", resp.StatusCode, b)
	}
	t.Logf("%d hostile requests in %v; statuses %v", len(cases), time.Since(start).Round(time.Millisecond), statuses)
}

func sendHostile(addr string, c hostileCase) (int, error) {
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(20 * time.Second))
	// Write concurrently: the server may answer (431, 413) before reading
	// everything.
	werr := make(chan error, 1)
	go func() {
		_, err := conn.Write(c.request)
		if c.closeAfter {
			_ = conn.(*net.TCPConn).CloseWrite()
		}
		werr <- err
	}()
	br := bufio.NewReader(conn)
	resp, err := http.ReadResponse(br, &http.Request{Method: c.method})
	if err != nil {
		return 0, fmt.Errorf("no well-formed response: %w", err)
	}
	// The body must be complete as framed.
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, fmt.Errorf("response body: %w", err)
	}
	resp.Body.Close()
	_ = conn.Close()
	<-werr
	return resp.StatusCode, nil
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
