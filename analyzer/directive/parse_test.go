package directive

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseGood(t *testing.T) {
	tests := []struct {
		line string
		args []Token
		opts []Option
	}{
		{
			line: `//chalice:route GET,PUT /users/{name} name=x cors content_types=a/b,c/d authorizer=auth api_key_required`,
			args: []Token{{Text: "GET,PUT", Col: 17}, {Text: "/users/{name}", Col: 25}},
			opts: []Option{
				{Key: "name", Col: 39, Value: "x", HasValue: true, ValueCol: 44},
				{Key: "cors", Col: 46},
				{Key: "content_types", Col: 51, Value: "a/b,c/d", HasValue: true, ValueCol: 65},
				{Key: "authorizer", Col: 73, Value: "auth", HasValue: true, ValueCol: 84},
				{Key: "api_key_required", Col: 89},
			},
		},
		{
			line: "//chalice:route /",
			args: []Token{{Text: "/", Col: 17}},
		},
		{
			line: "//chalice:route\t/a  cors=myCors ",
			args: []Token{{Text: "/a", Col: 17}},
			opts: []Option{{Key: "cors", Col: 21, Value: "myCors", HasValue: true, ValueCol: 26}},
		},
		{
			line: "//chalice:schedule rate(5 minutes) name=every_five",
			args: []Token{{Text: "rate(5 minutes)", Col: 20}},
			opts: []Option{{Key: "name", Col: 36, Value: "every_five", HasValue: true, ValueCol: 41}},
		},
		{
			line: `//chalice:schedule "cron(0 10 * * ? *)"`,
			args: []Token{{Text: "cron(0 10 * * ? *)", Col: 20, Quoted: true}},
		},
		{
			line: `//chalice:on_cw_event {"source": ["aws.codecommit"], "detail": {"x y": "}"}} name=cc`,
			args: []Token{{Text: `{"source": ["aws.codecommit"], "detail": {"x y": "}"}}`, Col: 23}},
			opts: []Option{{Key: "name", Col: 78, Value: "cc", HasValue: true, ValueCol: 83}},
		},
		{
			line: "//chalice:on_cw_event `{\"source\": [\"aws.s3\"]}`",
			args: []Token{{Text: `{"source": ["aws.s3"]}`, Col: 23, Quoted: true}},
		},
		{
			line: `//chalice:on_s3_event bucket="my bucket" events=s3:ObjectCreated:*,s3:ObjectRemoved:* prefix=images/`,
			opts: []Option{
				{Key: "bucket", Col: 23, Value: "my bucket", HasValue: true, ValueCol: 30, Quoted: true},
				{Key: "events", Col: 42, Value: "s3:ObjectCreated:*,s3:ObjectRemoved:*", HasValue: true, ValueCol: 49},
				{Key: "prefix", Col: 87, Value: "images/", HasValue: true, ValueCol: 94},
			},
		},
		{
			line: "//chalice:on_sqs_message queue=q batch_size=10",
			opts: []Option{
				{Key: "queue", Col: 26, Value: "q", HasValue: true, ValueCol: 32},
				{Key: "batch_size", Col: 34, Value: "10", HasValue: true, ValueCol: 45},
			},
		},
		{line: "//chalice:on_ws_connect"},
		{line: "//chalice:middleware http", args: []Token{{Text: "http", Col: 22}}},
		{line: "//chalice:middleware"},
		{
			line: "//chalice:app debug binary_types=application/x-foo experimental=WEBSOCKETS",
			opts: []Option{
				{Key: "debug", Col: 15},
				{Key: "binary_types", Col: 21, Value: "application/x-foo", HasValue: true, ValueCol: 34},
				{Key: "experimental", Col: 52, Value: "WEBSOCKETS", HasValue: true, ValueCol: 65},
			},
		},
		{
			line: "//chalice:blueprint example.com/app/users url_prefix=/users name_prefix=u_",
			args: []Token{{Text: "example.com/app/users", Col: 21}},
			opts: []Option{
				{Key: "url_prefix", Col: 43, Value: "/users", HasValue: true, ValueCol: 54},
				{Key: "name_prefix", Col: 61, Value: "u_", HasValue: true, ValueCol: 73},
			},
		},
		{
			// A quoted word equal to a flag name is a positional argument.
			line: `//chalice:route GET "cors"`,
			args: []Token{{Text: "GET", Col: 17}, {Text: "cors", Col: 21, Quoted: true}},
		},
	}
	for _, tt := range tests {
		d, err := Parse(tt.line)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.line, err)
			continue
		}
		if !reflect.DeepEqual(d.Args, tt.args) {
			t.Errorf("Parse(%q).Args = %+v, want %+v", tt.line, d.Args, tt.args)
		}
		if !reflect.DeepEqual(d.Options, tt.opts) {
			t.Errorf("Parse(%q).Options = %+v, want %+v", tt.line, d.Options, tt.opts)
		}
		// Every column points at the token it describes.
		for _, a := range d.Args {
			if !a.Quoted && !strings.HasPrefix(tt.line[a.Col-1:], a.Text) {
				t.Errorf("%q: arg %q at col %d points at %q", tt.line, a.Text, a.Col, tt.line[a.Col-1:])
			}
		}
		for _, o := range d.Options {
			if !strings.HasPrefix(tt.line[o.Col-1:], o.Key) {
				t.Errorf("%q: option %q at col %d", tt.line, o.Key, o.Col)
			}
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		line string
		want []string // "col: message substring"
	}{
		{"//chalice:rout /x", []string{"11: unknown directive //chalice:rout; did you mean //chalice:route?"}},
		{"//chalice:frobnicate", []string{"11: unknown directive //chalice:frobnicate (known:"}},
		{"//chalice:", []string{"11: missing directive name"}},
		{"//chalice:route /x nam=y", []string{"20: unknown option nam for //chalice:route; did you mean name?"}},
		{"//chalice:route /x zzz=y", []string{"20: unknown option zzz for //chalice:route (options: api_key_required,"}},
		{"//chalice:route /x name=", []string{"25: option name needs a value after ="}},
		{"//chalice:route /x name", []string{"20: option name needs a value: name=..."}},
		{"//chalice:route /x cors cors", []string{"25: duplicate option cors"}},
		{"//chalice:route /x api_key_required=true", []string{"20: option api_key_required is a flag"}},
		{"//chalice:route /x authorizer=a.b", []string{"31: option authorizer must name a package-level Go identifier"}},
		{"//chalice:route /x content_types=a/b,,c/d", []string{"38: empty item in list option content_types"}},
		{"//chalice:route", []string{"1: //chalice:route needs [METHODS] PATH"}},
		{"//chalice:route GET PUT /x", []string{`25: unexpected argument "/x"`}},
		{"//chalice:schedule rate(5 minutes", []string{`24: unclosed '('`}},
		{"//chalice:schedule rate(5 minutes))", []string{`35: unbalanced ')'`}},
		{`//chalice:schedule "rate(5 minutes)`, []string{"20: unterminated string literal"}},
		{`//chalice:schedule "rate(5 minutes)"x`, []string{"37: a string literal must be followed by a space"}},
		{`//chalice:schedule "\q"`, []string{`20: invalid string literal "\q"`}},
		{`//chalice:on_cw_event {"a": "b}`, []string{"29: unterminated string inside brackets"}},
		{"//chalice:on_sqs_message batch_size=ten", []string{
			"37: option batch_size must be a non-negative integer", "1: //chalice:on_sqs_message needs option queue="}},
		{"//chalice:on_s3_event", []string{"1: //chalice:on_s3_event needs option bucket="}},
		{"//chalice:on_ws_connect now", []string{`25: unexpected argument "now": //chalice:on_ws_connect takes only options (none)`}},
		{"//chalice:lambda_function foo", []string{`27: unexpected argument "foo": //chalice:lambda_function takes only options (name)`}},
		// Two problems in one line are both reported.
		{"//chalice:route /x bogus=1 name=", []string{"20: unknown option bogus", "33: option name needs a value"}},
	}
	for _, tt := range tests {
		d, err := Parse(tt.line)
		if err == nil {
			t.Errorf("Parse(%q) = %v, want errors", tt.line, d)
			continue
		}
		list := err.(ErrorList)
		if len(list) != len(tt.want) {
			t.Errorf("Parse(%q) gave %d errors, want %d: %v", tt.line, len(list), len(tt.want), err)
			continue
		}
		for i, e := range list {
			got := strings.Join([]string{itoa(e.Col), e.Msg}, ": ")
			if !strings.HasPrefix(got, tt.want[i]) {
				t.Errorf("Parse(%q) error %d = %q, want prefix %q", tt.line, i, got, tt.want[i])
			}
		}
	}
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestSplitList(t *testing.T) {
	got := SplitList(Token{Text: "GET,PUT,post", Col: 17})
	want := []Token{{Text: "GET", Col: 17}, {Text: "PUT", Col: 21}, {Text: "post", Col: 25}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitList = %+v, want %+v", got, want)
	}
}

func TestStringRoundTrip(t *testing.T) {
	for _, line := range []string{
		`//chalice:route GET,PUT /users/{name} name=x cors content_types=a/b,c/d authorizer=auth api_key_required`,
		`//chalice:schedule rate(5 minutes) name=every_five`,
		`//chalice:on_s3_event bucket="my bucket" prefix="" events=s3:ObjectCreated:*`,
		`//chalice:route GET "cors"`,
		`//chalice:route GET "name=x"`,
		`//chalice:on_cw_event "{\"a\": \"b"`,
	} {
		d, err := Parse(line)
		if err != nil {
			if strings.Contains(line, `prefix=""`) {
				continue // an empty value is an error, checked elsewhere
			}
			t.Fatalf("Parse(%q): %v", line, err)
		}
		if got := d.String(); got != line {
			t.Errorf("String() = %q, want %q", got, line)
		}
	}
}
