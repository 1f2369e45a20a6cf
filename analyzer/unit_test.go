package analyzer

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strings"
	"testing"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/model"
)

func TestParsePath(t *testing.T) {
	tests := []struct {
		in, norm string
		caps     []string
		errs     []string // "off: message prefix"
	}{
		{in: "/", norm: "/"},
		{in: "/users/{name}", norm: "/users/{name}", caps: []string{"name"}},
		{in: "/a/<x>/b/{rest+}", norm: "/a/{x}/b/{rest+}", caps: []string{"x", "rest"}},
		{in: "/v1.2/a_b-c", norm: "/v1.2/a_b-c"},
		{in: "", errs: []string{"0: the path is empty"}},
		{in: "users", errs: []string{`0: path "users" must start with /`}},
		{in: "/a/", errs: []string{`2: path "/a/" ends with /`}},
		{in: "/a//b", errs: []string{"3: empty path segment"}},
		{in: "/a/{x}/{x}", errs: []string{"7: capture {x} appears twice"}},
		{in: "/a/{p+}/b", errs: []string{"3: greedy capture {p+} must be the last segment"}},
		{in: "/a b", errs: []string{"2: invalid character ' '"}},
		{in: "/a/x{y}", errs: []string{`4: segment "x{y}" mixes text and a capture`}},
		{in: "/{x", errs: []string{`1: capture "{x" must be a whole segment`}},
		{in: "/{a-b}", errs: []string{`1: capture name "a-b" must be a Go identifier`}},
		{in: "/{ok}/<bad>x", errs: []string{`6: capture "<bad>x" must be a whole segment`}},
	}
	for _, tt := range tests {
		norm, caps, errs := parsePath(tt.in)
		var got []string
		for _, e := range errs {
			got = append(got, itoa(e.off)+": "+e.msg)
		}
		if len(got) != len(tt.errs) {
			t.Errorf("parsePath(%q) errors = %q, want %q", tt.in, got, tt.errs)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.errs[i]) {
				t.Errorf("parsePath(%q) error %d = %q, want prefix %q", tt.in, i, got[i], tt.errs[i])
			}
		}
		if len(tt.errs) > 0 {
			continue
		}
		if norm != tt.norm {
			t.Errorf("parsePath(%q) = %q, want %q", tt.in, norm, tt.norm)
		}
		var names []string
		for _, c := range caps {
			names = append(names, c.name)
		}
		if strings.Join(names, ",") != strings.Join(tt.caps, ",") {
			t.Errorf("parsePath(%q) captures = %q, want %q", tt.in, names, tt.caps)
		}
		if pc := model.PathCaptures(norm); strings.Join(pc, ",") != strings.Join(tt.caps, ",") {
			t.Errorf("model.PathCaptures(%q) = %q disagrees with the analyzer", norm, pc)
		}
	}
}

func itoa(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoa(n/10) + digits[n%10:n%10+1]
}

func TestJoinPrefix(t *testing.T) {
	for _, tt := range [][3]string{{"", "/a", "/a"}, {"/v1", "/", "/v1"}, {"/v1", "/a/{x}", "/v1/a/{x}"}} {
		if got := joinPrefix(tt[0], tt[1]); got != tt[2] {
			t.Errorf("joinPrefix(%q, %q) = %q, want %q", tt[0], tt[1], got, tt[2])
		}
	}
}

func TestCheckSchedule(t *testing.T) {
	good := []string{
		"rate(1 minute)", "rate(5 minutes)", "rate(1 hour)", "rate(2 hours)", "rate(1 day)", "rate(30 days)",
		"cron(0 10 * * ? *)", "cron(15 12 * * ? *)", "cron(0 18 ? * MON-FRI *)", "cron(0 8 1 * ? *)",
		"cron(0/15 * * * ? *)", "cron(0/10 * ? * MON-FRI *)", "cron(0/5 8-17 ? * MON-FRI *)",
		"cron(15 10 ? * 6L 2002-2005)", "cron(0 0 L * ? *)", "cron(0 0 15W * ? *)", "cron(0 0 ? * 2#1 *)",
		"cron(0 0 ? JAN,jul SUN *)",
	}
	for _, s := range good {
		if off, msg := checkSchedule(s); msg != "" {
			t.Errorf("checkSchedule(%q) = %d %q, want ok", s, off, msg)
		}
	}
	bad := []struct {
		in  string
		off int
		msg string
	}{
		{"rate(1 minutes)", 7, "rate(1 minutes) takes the singular unit"},
		{"rate(2 hour)", 7, "rate(2 hour) takes the plural unit"},
		{"rate(0 days)", 5, `rate value "0" must be a positive integer`},
		{"rate(+3 days)", 5, `rate value "+3"`},
		{"rate(3 weeks)", 7, `rate unit "weeks"`},
		{"rate(5)", 5, "a rate is rate(N unit)"},
		{"cron(0 10 * *)", 5, "a cron expression has 6 fields"},
		{"cron(0 10 * * * *)", 10, "exactly one of day-of-month and day-of-week must be ?"},
		{"cron(0 10 ? * ? *)", 10, "exactly one of"},
		{"cron(0 24 * * ? *)", 7, `cron hours field "24": 24 is out of range 0-23`},
		{"cron(0 0 * 13 ? *)", 11, "cron month field"},
		{"cron(0 0 * * ? 1969)", 15, "cron year field"},
		{"cron(? 0 * * ? *)", 5, "? is only allowed"},
		{"cron(0/0 0 * * ? *)", 5, "the step after /"},
		{"cron(0 0 ? * MON#6 *)", 13, "the week number after # must be 1-5"},
		{"cron(0,,1 0 * * ? *)", 5, "empty list item"},
		{"hourly", 0, "schedule \"hourly\" must be rate"},
	}
	for _, tt := range bad {
		off, msg := checkSchedule(tt.in)
		if off != tt.off || !strings.Contains(msg, tt.msg) {
			t.Errorf("checkSchedule(%q) = %d %q, want %d %q", tt.in, off, msg, tt.off, tt.msg)
		}
	}
}

func TestParsePos(t *testing.T) {
	tests := map[string]model.Pos{
		"/a/b.go:3:4": {File: "/a/b.go", Line: 3, Column: 4},
		"/a/b.go:3":   {File: "/a/b.go", Line: 3},
		"C:/x.go:1:2": {File: "C:/x.go", Line: 1, Column: 2},
		"":            {},
		"-":           {File: "-"},
	}
	for in, want := range tests {
		if got := parsePos(in); got != want {
			t.Errorf("parsePos(%q) = %+v, want %+v", in, got, want)
		}
	}
}

func TestErrors(t *testing.T) {
	errs := Errors{
		{Pos: model.Pos{File: "/app/b.go", Line: 2, Column: 1}, Msg: "second"},
		{Pos: model.Pos{File: "/app/a.go", Line: 9, Column: 3}, Msg: "first"},
		{Pos: model.Pos{File: "/app/b.go", Line: 2, Column: 1}, Msg: "second"},
		{Pos: model.Pos{File: "/app/a.go", Line: 10, Column: 1}, Msg: "undefined: x", Compiler: true},
		{Pos: model.Pos{File: "/elsewhere/c.go", Line: 1, Column: 1}, Msg: "third"},
	}.sort()
	want := "a.go:9:3: chalice: first\n" +
		"a.go:10:1: undefined: x\n" +
		"b.go:2:1: chalice: second\n" +
		"/elsewhere/c.go:1:1: chalice: third"
	if got := errs.RelativeTo("/app").Error(); got != want {
		t.Errorf("Errors:\n%s\nwant:\n%s", got, want)
	}
	if got := (Error{Msg: "no position"}).Error(); got != "chalice: no position" {
		t.Errorf("Error() = %q", got)
	}
}

func TestValidators(t *testing.T) {
	for s, want := range map[string]bool{
		"application/json": true, "image/*": true, "application/vnd.api+json": true,
		"json": false, "a/": false, "/b": false, "a/b c": false,
	} {
		if got := validMediaType(s); got != want {
			t.Errorf("validMediaType(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{
		"every_hour": true, "My-Func2": true, "": false, "a.b": false, "é": false,
	} {
		if got := validLambdaName(s); got != want {
			t.Errorf("validLambdaName(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{
		"s3:ObjectCreated:*": true, "s3:ObjectRemoved:DeleteMarkerCreated": true, "s3:*": true,
		"ObjectCreated": false, "s3:": false, "s3:a b": false,
	} {
		if got := validS3Event(s); got != want {
			t.Errorf("validS3Event(%q) = %v", s, got)
		}
	}
}

// FuzzParsePath: never panics, offsets stay in range, and a valid path's
// normal form is itself valid and stable.
func FuzzParsePath(f *testing.F) {
	for _, s := range []string{"/", "/a/{b}/<c>/{d+}", "/a//b/", "x", "/{", "/{a+}/b", "/é"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, p string) {
		norm, caps, errs := parsePath(p)
		for _, e := range errs {
			if e.off < 0 || e.off > len(p) || e.msg == "" {
				t.Fatalf("parsePath(%q): bad error %+v", p, e)
			}
		}
		if len(errs) > 0 {
			return
		}
		n2, caps2, errs2 := parsePath(norm)
		if len(errs2) > 0 || n2 != norm || len(caps2) != len(caps) {
			t.Fatalf("parsePath(%q) = %q, which reparses as %q %v", p, norm, n2, errs2)
		}
	})
}

// FuzzCheckSchedule: never panics, reports offsets inside the input, and
// agrees with chalice.ValidateSchedule, the same rules without positions
// (docs/events.md), on what is valid.
func FuzzCheckSchedule(f *testing.F) {
	for _, s := range []string{"rate(5 minutes)", "cron(0 10 * * ? *)", "cron(0 0 ? * 2#1 *)", "rate(", "cron()",
		"cron(0 0 15W * ? *)", "cron(0 0 ? * 5L *)", "cron(*/5 1-3/2 ? JAN-mar MON,WED 2020-2030)", "rate(1 day)"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		off, msg := checkSchedule(s)
		if msg != "" && (off < 0 || off > len(s)) {
			t.Fatalf("checkSchedule(%q) offset %d out of range", s, off)
		}
		if verr := chalice.ValidateSchedule(s); (verr == nil) != (msg == "") {
			t.Fatalf("checkSchedule(%q) = %q but chalice.ValidateSchedule says %v", s, msg, verr)
		}
	})
}

// FuzzCheckPackage runs the whole checker on a small package whose
// directive lines are fuzzed: whatever the annotations say, it must not
// panic and every diagnostic must point into the file.
func FuzzCheckPackage(f *testing.F) {
	for _, s := range [][2]string{
		{"//chalice:route GET,PUT /users/{name}/{n} cors", "//chalice:schedule rate(5 minutes)"},
		{"//chalice:route /x authorizer=cfg", "//chalice:route /x cors=cfg"},
		{"//chalice:authorizer name=g", "//chalice:route /{a}/{b+} authorizer=g"},
		{"//chalice:lambda_function", "//chalice:middleware http"},
		{"//chalice:on_cw_event {\"a\": [1]}", "//chalice:on_ws_connect"},
		{"//chalice:app debug", "//chalice:blueprint x/y"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, d1, d2 string) {
		clean := func(s string) string {
			s = strings.NewReplacer("\n", " ", "\r", " ", "*/", "* /").Replace(s)
			if !strings.HasPrefix(s, "//chalice:") {
				s = "//chalice:" + s
			}
			return s
		}
		src := "package main\n\nvar cfg = 1\n\n" + clean(d1) + "\nfunc h(name string, n int, body map[string]any) (map[string]any, error) { return nil, nil }\n\n" +
			clean(d2) + "\nfunc g(in []int) error { return nil }\n"
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "app.go", src, parser.ParseComments)
		if err != nil {
			return
		}
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}}
		pkg, err := (&types.Config{}).Check("example.com/app", fset, []*ast.File{file}, info)
		if err != nil {
			return
		}
		size := fset.File(file.Pos()).Size()
		for _, d := range CheckPackage(&Package{Fset: fset, Files: []*ast.File{file}, Types: pkg, Info: info}) {
			off := fset.File(file.Pos()).Offset(d.Pos)
			if !d.Pos.IsValid() || off < 0 || off > size || d.Msg == "" {
				t.Fatalf("diagnostic %q at invalid position %v", d.Msg, d.Pos)
			}
		}
	})
}
