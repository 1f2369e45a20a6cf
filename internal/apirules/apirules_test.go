package apirules

import (
	"reflect"
	"strings"
	"testing"
)

func TestTableMatch(t *testing.T) {
	tab := NewTable()
	for _, p := range []string{"/", "/users/{name}", "/users/me", "/files/{proxy+}", "/a/{x}/b/{y}", "/a/fixed/b/{y}"} {
		tab.Add(p)
	}
	if i := tab.Add("/users/me"); tab.Path(i) != "/users/me" || tab.Len() != 6 {
		t.Errorf("re-adding: %d %d", i, tab.Len())
	}
	cases := []struct {
		path    string
		escaped bool
		res     string
		caps    []string
	}{
		{"/", true, "/", nil},
		{"", true, "/", nil},
		{"/users/me", true, "/users/me", nil},
		{"/users/bob", true, "/users/{name}", []string{"bob"}},
		{"/users/b%20o%2Fb", true, "/users/{name}", []string{"b o/b"}},
		{"/users/b%20o", false, "/users/{name}", []string{"b%20o"}}, // already decoded
		{"/users/J%C3%BCrgen", true, "/users/{name}", []string{"Jürgen"}},
		{"/users", true, "", nil},
		{"/users/", true, "", nil}, // a REST API drops it first: TrimTrailingSlash
		{"/users/bob/extra", true, "", nil},
		{"/files/a/b/c.txt", true, "/files/{proxy+}", []string{"a/b/c.txt"}},
		{"/files", true, "", nil},
		{"/files/", true, "", nil}, // a greedy capture needs a segment
		{"/a/1/b/2", true, "/a/{x}/b/{y}", []string{"1", "2"}},
		{"/a/fixed/b/2", true, "/a/fixed/b/{y}", []string{"2"}}, // literals win
		{"/users/%zz", true, "", nil},
		{"/nope", true, "", nil},
		{"nope", true, "", nil},
	}
	for _, c := range cases {
		i, caps := tab.Match(c.path, c.escaped, nil)
		res := ""
		if i >= 0 {
			res = tab.Path(i)
		}
		if res != c.res || !reflect.DeepEqual(caps, c.caps) && (len(caps) > 0 || len(c.caps) > 0) {
			t.Errorf("Match(%q, %v) = %q %q, want %q %q", c.path, c.escaped, res, caps, c.res, c.caps)
		}
	}
	if i, ok := tab.Lookup("/files/{proxy+}"); !ok || tab.Path(i) != "/files/{proxy+}" {
		t.Errorf("Lookup = %d %v", i, ok)
	}
	if got := TrimTrailingSlash("/users//"); got != "/users" || TrimTrailingSlash("/") != "/" {
		t.Errorf("TrimTrailingSlash = %q", got)
	}
}

func TestMatchAllocs(t *testing.T) {
	tab := NewTable()
	tab.Add("/users/{name}")
	buf := make([]string, 0, 4)
	if n := testing.AllocsPerRun(100, func() { tab.Match("/users/bob", false, buf[:0]) }); n != 0 {
		t.Errorf("Match allocates %v times", n)
	}
}

func TestPaths(t *testing.T) {
	for in, want := range map[string]string{
		"/": "/", "": "/", "users": "/users", "/users/": "/users", "/a/<b>/c": "/a/{b}/c", "//": "/",
	} {
		if got := NormalizePath(in); got != want {
			t.Errorf("NormalizePath(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Captures("/a/{x}/b/{rest+}"); !reflect.DeepEqual(got, []string{"x", "rest"}) {
		t.Errorf("Captures = %q", got)
	}
	if got := Unescape("/a%2Fb/%zz"); got != "/a%2Fb/%zz" {
		t.Errorf("Unescape of a malformed path = %q", got)
	}
	if got := Unescape("/a%2Fb"); got != "/a/b" {
		t.Errorf("Unescape = %q", got)
	}
}

func TestCORS(t *testing.T) {
	r := NewCORS(CORS{AllowOrigin: "https://a.example.com https://b.example.com,https://c.example.com",
		AllowHeaders: []string{"X-Zed", "Content-Type", " X-Alpha "}, MaxAge: 600, ExposeHeaders: []string{"X-A", "X-B"}, AllowCredentials: true})
	if got := r.Origin("https://c.example.com"); got != "https://c.example.com" {
		t.Errorf("origin = %s", got)
	}
	if got := r.Origin("https://evil.example.com"); got != "https://a.example.com" {
		t.Errorf("origin for an unlisted Origin = %s", got)
	}
	want := []Header{
		{"Access-Control-Allow-Origin", "https://b.example.com"},
		{"Access-Control-Allow-Headers", "Authorization,Content-Type,X-Alpha,X-Amz-Date,X-Amz-Security-Token,X-Api-Key,X-Zed"},
		{"Access-Control-Max-Age", "600"},
		{"Access-Control-Expose-Headers", "X-A,X-B"},
		{"Access-Control-Allow-Credentials", "true"},
		{"Vary", "Origin"},
	}
	if got := r.Headers("https://b.example.com"); !reflect.DeepEqual(got, want) {
		t.Errorf("headers = %v", got)
	}
	if !r.PreflightByFunction() {
		t.Error("a multi-origin preflight must reach the function")
	}
	if _, ok := r.StaticPreflight("GET,OPTIONS"); ok {
		t.Error("a multi-origin preflight has no static answer")
	}

	one := NewCORS(CORS{})
	h, ok := one.StaticPreflight(AllowMethods([]string{"PUT", "GET", "PUT", "OPTIONS"}))
	wantStatic := map[string]string{
		"Access-Control-Allow-Origin":  "*",
		"Access-Control-Allow-Methods": "PUT,GET,OPTIONS",
		"Access-Control-Allow-Headers": strings.Join(BuiltinAllowHeaders, ","),
	}
	if !ok || !reflect.DeepEqual(h, wantStatic) || one.PreflightByFunction() {
		t.Errorf("static preflight = %v %v", h, ok)
	}
	pre := one.Preflight("GET,OPTIONS", "https://x")
	if pre[0] != (Header{"Content-Type", "application/json"}) || pre[1] != (Header{"Access-Control-Allow-Methods", "GET,OPTIONS"}) ||
		pre[2] != (Header{"Access-Control-Allow-Origin", "*"}) {
		t.Errorf("preflight = %v", pre)
	}
}

func TestMedia(t *testing.T) {
	m := NewMedia([]string{"image/*", "Application/Octet-Stream"})
	for mt, want := range map[string]bool{"image/png": true, "application/octet-stream": true, "application/json": false, "": false, "*/*": false} {
		if got := m.IsBinary(mt); got != want {
			t.Errorf("IsBinary(%q) = %v", mt, got)
		}
	}
	if m.JSONBinary() || !NewMedia([]string{"application/json"}).JSONBinary() {
		t.Error("JSONBinary")
	}
	if !m.RequestBinary("image/png; q=1") || m.RequestBinary("") || !NewMedia([]string{"*/*"}).RequestBinary("") {
		t.Error("RequestBinary")
	}
	for accept, want := range map[string]bool{"": false, "text/html": false, "image/*": true, "text/html, */*;q=0.1": true,
		"application/octet-stream": true /* any binary type */, "image/jpeg": true} {
		if got := m.AcceptsBinary(accept, "image/png"); got != want {
			t.Errorf("AcceptsBinary(%q) = %v", accept, got)
		}
	}
	if MediaType(" Text/HTML ; charset=utf-8") != "text/html" {
		t.Error("MediaType")
	}
	if !Accepts([]string{"application/json", "text/*"}, "text/plain") || Accepts([]string{"application/json"}, "text/plain") {
		t.Error("Accepts")
	}
}

func TestGatewayErrors(t *testing.T) {
	if e := MissingResource(""); e != ErrMissingToken || e.Status != 403 || e.Body != `{"message":"Missing Authentication Token"}` {
		t.Errorf("MissingResource = %+v", e)
	}
	if e := MissingResource(SigV4Prefix + "Credential=x"); e != ErrMissingToken {
		t.Errorf("signed: %+v", e)
	}
	e := MissingResource(`Bearer "t"`)
	if e.Type != "IncompleteSignatureException" || !strings.HasSuffix(e.Body, `Authorization=Bearer \"t\""}`) {
		t.Errorf("token: %+v", e)
	}
	if h := ErrMissingToken.Headers(); len(h) != 2 || h[1] != (Header{"x-amzn-ErrorType", "MissingAuthenticationTokenException"}) {
		t.Errorf("headers = %v", h)
	}
	if h := ErrNotFoundHTTP.Headers(); len(h) != 1 || h[0].Name != "Content-Type" {
		t.Errorf("HTTP API headers = %v", h)
	}
}
