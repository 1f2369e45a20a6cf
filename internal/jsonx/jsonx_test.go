package jsonx

import (
	"bytes"
	"encoding/json"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSkipValue(t *testing.T) {
	for _, s := range []string{
		`{}`, `[]`, `null`, `true`, `false`, `0`, `-0.5e+3`, `1E9`, `"x"`, `"a\"b\\"`,
		`{"a":1,"b":[true,false,null,{"c":"d"}],"e":{"f":{"g":[]}}}`,
		`{ "sp" : [ 1 , 2 ] , "t":"\t\u00e9\ud83d\ude00\/\\\"" }`,
		`{"long":"` + strings.Repeat(`ab\"`, 20) + `"}`,
	} {
		b := []byte(s)
		end, err := SkipValue(b, 0)
		if err != nil || end != len(b) {
			t.Errorf("%s: SkipValue = %d, %v", s, end, err)
		}
		// What follows the value is not read.
		if end, err := SkipValue(append(b, "]x"...), 0); err != nil || end != len(b) {
			t.Errorf("%s followed by more: SkipValue = %d, %v", s, end, err)
		}
	}
	for _, s := range []string{``, `{`, `[}`, `"abc`, `{"a":"b\"}`, `x`, `-`, `1.`, `1e`, `tru`, `nul`,
		strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2)} {
		if _, err := SkipValue([]byte(s), 0); err == nil {
			t.Errorf("%q: SkipValue accepted", s)
		}
	}
	// Escaped backslashes before a quote: the string ends at the quote.
	b := []byte(`"a\\\\"x`)
	if end, err := SkipString(b, 0); err != nil || end != 7 {
		t.Errorf("SkipString = %d, %v", end, err)
	}
	if end, esc, err := ScanString([]byte(`"plain"`), 0); err != nil || end != 7 || esc {
		t.Errorf("ScanString = %d, %v, %v", end, esc, err)
	}
}

// checkString checks AppendString against encoding/json byte for byte.
func checkString(t *testing.T, s string) {
	t.Helper()
	got := AppendString(nil, s)
	var want bytes.Buffer
	enc := json.NewEncoder(&want)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	if w := strings.TrimSuffix(want.String(), "\n"); string(got) != w {
		t.Fatalf("%q: AppendString = %s, encoding/json %s", s, got, w)
	}
	if utf8.ValidString(s) {
		var back string
		if err := json.Unmarshal(got, &back); err != nil || back != s {
			t.Fatalf("%q: AppendString = %s, round trip %q, %v", s, got, back, err)
		}
	}
	if bb := AppendString(nil, []byte(s)); !bytes.Equal(bb, got) {
		t.Fatalf("%q: string and []byte forms differ: %s vs %s", s, got, bb)
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", `q"uote\back`, "\x00\x01\x1f\x7f", "tab\tnl\ncr\r\b\f", "é日本\U0001F600",
		"bad\xff\xfe", "\xed\xa0\x80surrogate", "\u2028\u2029", "<>&", strings.Repeat("x", 1000) + "\n"} {
		checkString(t, s)
	}
	r := rand.New(rand.NewSource(1))
	alphabet := []rune("abcdefghijklmnop ab\"\\/\n\r\t\b\f\x00\x1f\x7f<>&é€😀\u2028\u2029")
	for i := 0; i < 2000; i++ {
		var sb strings.Builder
		for n := r.Intn(60); n > 0; n-- {
			sb.WriteRune(alphabet[r.Intn(len(alphabet))])
		}
		checkString(t, sb.String())
	}
	// Invalid UTF-8 becomes U+FFFD, like encoding/json.
	if got := string(AppendString(nil, "a\xffb\xc3")); got != `"a\ufffdb\ufffd"` {
		t.Errorf("invalid utf-8: %s", got)
	}
	if got := string(AppendEscaped(nil, []byte("x\xe2\x80\xa8y"))); got != `x\u2028y` {
		t.Errorf("bytes: %s", got)
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("a\"b\\c\x00\xff\u2028é")
	f.Add("\b\f 0123456789abcdef\x7f")
	f.Fuzz(func(t *testing.T, s string) { checkString(t, s) })
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
		// Runs of eight bytes and more are copied a word at a time.
		`{\"description\":\"lorem ipsum dolor sit amet\",\n\"x\":\"\u00e9t\u00e9 \ud83d\ude00\"}`: "{\"description\":\"lorem ipsum dolor sit amet\",\n\"x\":\"été 😀\"}",
	} {
		got, err := Unescape(nil, []byte(in))
		if err != nil || string(got) != want {
			t.Errorf("Unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
		buf := []byte(in)
		got, err = Unescape(buf[:0], buf)
		if err != nil || string(got) != want {
			t.Errorf("in place: Unescape(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{`\`, `\x`, `\u12`, `\u12g4`, `\ud83d\u12`} {
		if _, err := Unescape(nil, []byte(in)); err == nil {
			t.Errorf("Unescape(%q) accepted", in)
		}
	}
}

// FuzzUnescape checks Unescape against encoding/json on string bodies it
// accepts: valid UTF-8 without control characters (encoding/json replaces
// invalid UTF-8, which Unescape leaves to its callers).
func FuzzUnescape(f *testing.F) {
	for _, s := range []string{`plain`, `a\"b\\c\/d\b\f\n\r\t`, `\u00e9\ud83d\ude00\ud83dx\ude00\ud83d\u0041`, `\u12`, `x\`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, s []byte) {
		if !utf8.Valid(s) || HasControl(s) {
			return
		}
		quoted := append(append([]byte{'"'}, s...), '"')
		end, _, serr := ScanString(quoted, 0)
		got, err := Unescape(nil, s)
		var want string
		werr := json.Unmarshal(quoted, &want)
		if serr != nil || end != len(quoted) {
			if werr == nil {
				t.Fatalf("ScanString(%q) = %d, %v; encoding/json accepts it", quoted, end, serr)
			}
			return
		}
		if (err == nil) != (werr == nil) || err == nil && string(got) != want {
			t.Fatalf("Unescape(%q) = %q, %v; encoding/json %q, %v", s, got, err, want, werr)
		}
	})
}
