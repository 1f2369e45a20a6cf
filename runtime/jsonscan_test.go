package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

var jsonSamples = []string{
	`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+3`, `1E9`, `"x"`,
	`{"a":1,"b":[true,false,null,{"c":"d"}],"e":{"f":{"g":[]}}}`,
	` { "sp" : [ 1 , 2 ] , "t":"\t\u00e9\ud83d\ude00\/\\\"" } `,
	`{"lone":"\ud800x","dup":1,"dup":2}`,
	`"\u2028\u0000"`,
	`{"big":1e400}`,
}

var badJSON = []string{
	``, `{`, `}`, `{"a"}`, `{"a":}`, `{"a":1,}`, `[1,]`, `[1 2]`, `{"a" 1}`, `{a:1}`, `"abc`, `"\x"`, `"\u12"`,
	`01`, `1.`, `-`, `1e`, `tru`, `nul`, `{"a":1}}`, `[}`, "\"a\x01b\"", `{"a":[1,{"b":2]}}`,
}

func TestDecodeAnyMatchesEncodingJSON(t *testing.T) {
	for _, s := range jsonSamples {
		b := []byte(s)
		got, err := decodeAny(b, span(skipWS(b, 0), len(b)))
		var want any
		werr := json.Unmarshal(b, &want)
		if werr != nil {
			if s == `{"big":1e400}` && err == nil { // kept as its text instead of failing
				continue
			}
			t.Errorf("%s: encoding/json fails (%v) but decodeAny = %v, %v", s, werr, got, err)
			continue
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: decodeAny = %#v, %v; want %#v", s, got, err, want)
		}
	}
	for _, s := range badJSON {
		b := []byte(s)
		if _, err := decodeAny(b, span(skipWS(b, 0), len(b))); err == nil {
			t.Errorf("%q: decodeAny accepted malformed JSON", s)
		}
	}
}

func TestSkipValue(t *testing.T) {
	for _, s := range jsonSamples {
		b := []byte(strings.TrimSpace(s))
		end, err := skipValue(b, 0)
		if err != nil || end != len(b) {
			t.Errorf("%s: skipValue = %d, %v", s, end, err)
		}
	}
	for _, s := range []string{`{`, `[}`, `"abc`, `{"a":"b\"}`, `x`, strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2)} {
		if _, err := skipValue([]byte(s), 0); err == nil {
			t.Errorf("%q: skipValue accepted", s)
		}
	}
	// Escaped backslashes before a quote: the string ends at the quote.
	b := []byte(`"a\\\\"x`)
	if end, err := skipString(b, 0); err != nil || end != 7 {
		t.Errorf("skipString = %d, %v", end, err)
	}
}

func TestAppendEscapedMatchesEncodingJSON(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []rune("abcdefghijklmnop ab\"\\/\n\r\t\b\f\x00\x1f\x7f<>&é€😀\u2028\u2029")
	for i := 0; i < 2000; i++ {
		var sb strings.Builder
		for n := r.Intn(60); n > 0; n-- {
			sb.WriteRune(alphabet[r.Intn(len(alphabet))])
		}
		s := sb.String()
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Fatalf("%q: appendString = %s, round trip %q, %v", s, got, back, err)
		}
		var want bytes.Buffer
		enc := json.NewEncoder(&want)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(s)
		if w := strings.TrimSuffix(want.String(), "\n"); string(got) != w {
			t.Fatalf("%q: appendString = %s, encoding/json %s", s, got, w)
		}
	}
	// Invalid UTF-8 becomes U+FFFD, like encoding/json.
	if got := string(appendString(nil, "a\xffb\xc3")); got != `"a\ufffdb\ufffd"` {
		t.Errorf("invalid utf-8: %s", got)
	}
	if got := string(appendEscaped(nil, []byte("x\xe2\x80\xa8y"))); got != `x\u2028y` {
		t.Errorf("bytes: %s", got)
	}
}

func TestUnescape(t *testing.T) {
	for in, want := range map[string]string{
		`plain`:               "plain",
		`a\"b\\c\/d`:          `a"b\c/d`,
		`\b\f\n\r\t`:          "\b\f\n\r\t",
		`\u00e9\u20AC`:        "é€",
		`\ud83d\ude00`:        "😀",
		`\ud83dx`:             "\ufffdx",
		`\ude00`:              "\ufffd",
		`\ud83d\u0041`:        "\ufffdA",
		"raw\xffbytes":        "raw\xffbytes",
		`tail\u0041\u0042end`: "tailABend",
	} {
		got, err := unescape([]byte(in))
		if err != nil || string(got) != want {
			t.Errorf("unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
		buf := []byte(in)
		got, err = unescapeTo(buf[:0], buf)
		if err != nil || string(got) != want {
			t.Errorf("in place: unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`\`, `\x`, `\u12`, `\u12g4`} {
		if _, err := unescape([]byte(in)); err == nil {
			t.Errorf("unescape(%q) accepted", in)
		}
	}
}

// FuzzDecodeEvent feeds arbitrary payloads through every entry point that
// reads an event: it must never panic, must answer HTTP events with valid
// JSON, and decodeAny must agree with encoding/json on valid input. Run
// with -fuzz=FuzzDecodeEvent; plain `go test` runs only the seed corpus.
func FuzzDecodeEvent(f *testing.F) {
	for _, name := range []string{"v1_users_name.json", "v1_post_json.json", "v1_binary_post.json", "v2_http_api.json",
		"v2_http_api_stage.json", "function_url.json", "auth_token.json", "auth_request.json"} {
		f.Add(fixture(f, name))
	}
	for _, s := range append(append([]string{}, jsonSamples...), badJSON...) {
		f.Add([]byte(s))
	}
	f.Add([]byte(`{"httpMethod":"GET","path":"/echo/%zz/b","resource":"/x","headers":{"Origin":"o"},"multiValueHeaders":{"A":["1",2]},"isBase64Encoded":true,"body":"!!"}`))
	f.Add([]byte(`{"version":"2.0","rawPath":"/echo/a/b","rawQueryString":"a=%zz&&=&b","cookies":["x",1],"requestContext":{"http":{"method":"POST"}}}`))

	a := testApp()
	a.Middleware = nil
	a.Authorizers = []Authorizer{{Name: "auth", Handler: nil}}
	full := testApp()
	full.Routes = append(full.Routes, Route{Path: "/{proxy+}", Methods: []string{"ANY"}, Handler: func(ctx context.Context, c *Call) (any, error) {
		return c.Request().ToMap(), nil
	}})
	quietLogs(f, a)
	quietLogs(f, full)
	f.Fuzz(func(t *testing.T, p []byte) {
		for _, app := range []*App{a, full} {
			out, err := app.Invoke(context.Background(), "api_handler", p)
			if err == nil && !json.Valid(out) {
				t.Fatalf("invalid response JSON %q for %q", out, p)
			}
		}
		_, _ = a.Invoke(context.Background(), "auth", p)
		var ev event
		_ = parseEvent(append([]byte(nil), p...), &ev)
		got, err := decodeAny(p, span(skipWS(p, 0), len(p)))
		var want any
		if json.Unmarshal(p, &want) == nil && utf8.Valid(p) && !bytes.Contains(p, []byte(`\u`)) {
			if err != nil {
				t.Fatalf("decodeAny rejects valid JSON %q: %v", p, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decodeAny(%q) = %#v, want %#v", p, got, want)
			}
		}
	})
}
