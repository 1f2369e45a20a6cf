package directive

import (
	"reflect"
	"strings"
	"testing"
)

// FuzzParseDirective checks that Parse never panics, that every reported
// column lies inside the line (or just past it), that a parsed directive
// respects its grammar, and that String() parses back to the same
// directive.
func FuzzParseDirective(f *testing.F) {
	for _, s := range []string{
		`//chalice:route GET,PUT /users/{name} name=x cors content_types=a/b,c/d authorizer=auth api_key_required`,
		`//chalice:route /files/{proxy+}`,
		`//chalice:schedule rate(5 minutes) name=five`,
		`//chalice:schedule "cron(0 10 * * ? *)"`,
		`//chalice:on_cw_event {"source": ["aws.codecommit"]}`,
		"//chalice:on_cw_event `{\"a\": 1}`",
		`//chalice:on_s3_event bucket="b b" events=s3:ObjectCreated:*`,
		`//chalice:on_sqs_message queue=q batch_size=5`,
		`//chalice:app debug cors=c binary_types=a/b experimental=WEBSOCKETS`,
		`//chalice:blueprint example.com/x url_prefix=/x name_prefix=x_`,
		`//chalice:middleware http`,
		`//chalice:rout`,
		`//chalice:route /x name=`,
		`//chalice:route "\x00"`,
		`//chalice:route /x corss`,
		`//chalice:route methods=['GET', 'POST'] /x`,
		`//chalice:route /x methods=GET`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		d, err := Parse(line)
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 || d != nil {
				t.Fatalf("Parse(%q): error %v (%T) with directive %v", line, err, err, d)
			}
			for _, e := range list {
				if e.Col < 1 || e.Col > len(line)+1 {
					t.Fatalf("Parse(%q): column %d out of range", line, e.Col)
				}
				if e.Msg == "" {
					t.Fatalf("Parse(%q): empty message", line)
				}
				// A fix's edits lie in the line and do not overlap.
				for i, a := range e.Fix {
					if a.Col < 1 || a.End > len(line)+1 || a.Col > a.End {
						t.Fatalf("Parse(%q): fix %+v out of range", line, a)
					}
					for _, b := range e.Fix[i+1:] {
						if a.Col < b.End && b.Col < a.End || a.Col == b.Col {
							t.Fatalf("Parse(%q): overlapping fix edits %+v", line, e.Fix)
						}
					}
				}
			}
			return
		}
		checkGrammar(t, line, d)
		again, err := Parse(d.String())
		if err != nil {
			t.Fatalf("Parse(%q) ok but its String() %q fails: %v", line, d.String(), err)
		}
		if !sameDirective(d, again) {
			t.Fatalf("round trip of %q via %q:\n got %+v\nwant %+v", line, d.String(), again, d)
		}
		if d.String() != again.String() {
			t.Fatalf("String() not stable: %q vs %q", d.String(), again.String())
		}
	})
}

func checkGrammar(t *testing.T, line string, d *Directive) {
	t.Helper()
	if !strings.HasPrefix(line, Prefix+d.Name) || Specs[d.Name] != d.Spec {
		t.Fatalf("Parse(%q): name %q / spec mismatch", line, d.Name)
	}
	if len(d.Args) < d.Spec.MinArgs || len(d.Args) > d.Spec.MaxArgs {
		t.Fatalf("Parse(%q): %d args outside [%d,%d]", line, len(d.Args), d.Spec.MinArgs, d.Spec.MaxArgs)
	}
	seen := map[string]bool{}
	for _, o := range d.Options {
		spec, ok := d.Spec.Options[o.Key]
		if !ok || seen[o.Key] {
			t.Fatalf("Parse(%q): unknown or duplicate option %q", line, o.Key)
		}
		seen[o.Key] = true
		if o.Col < 1 || o.Col > len(line) || !strings.HasPrefix(line[o.Col-1:], o.Key) {
			t.Fatalf("Parse(%q): option %q has column %d", line, o.Key, o.Col)
		}
		switch spec.Kind {
		case Flag:
			if o.HasValue {
				t.Fatalf("Parse(%q): flag %q has a value", line, o.Key)
			}
		case FlagOrIdent:
		default:
			if !o.HasValue || o.Value == "" {
				t.Fatalf("Parse(%q): option %q has no value", line, o.Key)
			}
		}
	}
	for k, s := range d.Spec.Options {
		if s.Required && !seen[k] {
			t.Fatalf("Parse(%q): required %q missing", line, k)
		}
	}
	for _, a := range d.Args {
		if a.Col < 1 || a.Col > len(line) {
			t.Fatalf("Parse(%q): arg column %d", line, a.Col)
		}
		if !a.Quoted && !strings.HasPrefix(line[a.Col-1:], a.Text) {
			t.Fatalf("Parse(%q): arg %q does not sit at column %d", line, a.Text, a.Col)
		}
	}
}

// sameDirective compares everything but columns and quoting.
func sameDirective(a, b *Directive) bool {
	if a.Name != b.Name || len(a.Args) != len(b.Args) || len(a.Options) != len(b.Options) {
		return false
	}
	for i := range a.Args {
		if a.Args[i].Text != b.Args[i].Text {
			return false
		}
	}
	type kv struct {
		k, v string
		has  bool
	}
	var x, y []kv
	for i := range a.Options {
		x = append(x, kv{a.Options[i].Key, a.Options[i].Value, a.Options[i].HasValue})
		y = append(y, kv{b.Options[i].Key, b.Options[i].Value, b.Options[i].HasValue})
	}
	return reflect.DeepEqual(x, y)
}
