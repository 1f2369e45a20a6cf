// Package directive parses one //chalice: directive comment line. It knows
// the grammar of every directive (which options exist, which are flags,
// which are required, how many positional arguments there are) but nothing
// about Go source: the analyzer checks what the values mean.
//
// A line is "//chalice:NAME" followed by tokens separated by spaces or tabs.
// A token is
//   - key=value: key is [A-Za-z_][A-Za-z0-9_]*; value is a bare word or a
//     Go string literal ("..." or `...`);
//   - a bare flag: a word equal to a flag option's name;
//   - a positional argument: any other bare word or Go string literal.
//
// A bare word runs to the next space or tab, except that spaces inside
// balanced (), [] and {} (and inside double-quoted strings within them) do
// not end it. So `rate(5 minutes)`, `cron(0 10 * * ? *)` and a JSON pattern
// like `{"source": ["aws.codecommit"]}` are one word each, and options may
// follow them on the same line.
//
// Columns are 1-based byte offsets in the line, so a caller adds them to the
// comment's own position.
package directive

import (
	"fmt"
	"go/token"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/internal/textdist"
)

// Token is a positional argument or a list item.
type Token struct {
	Text   string // unquoted
	Col    int
	Quoted bool
}

// Option is one key=value or flag.
type Option struct {
	Key      string
	Col      int
	Value    string // unquoted; "" for a flag
	HasValue bool
	ValueCol int
	Quoted   bool
}

// Items splits a list option's value at commas. Items of a quoted value all
// carry the value's column, since offsets inside a literal with escapes do
// not map to columns.
func (o Option) Items() []Token {
	return SplitList(Token{Text: o.Value, Col: o.ValueCol, Quoted: o.Quoted})
}

// SplitList splits t at commas, keeping each item's column.
func SplitList(t Token) []Token {
	var out []Token
	off := 0
	for _, part := range strings.Split(t.Text, ",") {
		col := t.Col
		if !t.Quoted {
			col += off
		}
		out = append(out, Token{Text: part, Col: col, Quoted: t.Quoted})
		off += len(part) + 1
	}
	return out
}

// Directive is one parsed directive line.
type Directive struct {
	Name    string
	Spec    *Spec
	Args    []Token  // positional arguments, in order
	Options []Option // in order written
}

// Option returns the option named key.
func (d *Directive) Option(key string) (Option, bool) {
	for _, o := range d.Options {
		if o.Key == key {
			return o, true
		}
	}
	return Option{}, false
}

// Has reports whether option key is present (as a flag or with a value).
func (d *Directive) Has(key string) bool {
	_, ok := d.Option(key)
	return ok
}

// Value returns the value of option key, "" when absent.
func (d *Directive) Value(key string) string {
	o, _ := d.Option(key)
	return o.Value
}

// Error is a problem at one column of the line.
type Error struct {
	Col int
	// End is the column just past the text in question; 0 when the
	// problem is at a single column.
	End int
	Msg string
	// Fix, when not empty, is the edit a "did you mean" hint proposes.
	Fix []Edit
}

// Edit replaces the columns [Col, End) of the line with Text (Col == End
// inserts).
type Edit struct {
	Col, End int
	Text     string
}

func (e *Error) Error() string { return fmt.Sprintf("column %d: %s", e.Col, e.Msg) }

// ErrorList is every problem found in a line, in column order.
type ErrorList []*Error

func (l ErrorList) Error() string {
	msgs := make([]string, len(l))
	for i, e := range l {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// IsDirective reports whether a comment line is meant as a chalice directive.
func IsDirective(line string) bool { return strings.HasPrefix(line, Prefix) }

// SpacedDirective reports a comment line written like a directive but with
// blanks after the slashes ("// chalice:route GET /"): Go's convention makes
// it prose, so it does nothing. from and to are the byte offsets of the
// blanks to delete; name is the directive's, which must be a known one so
// that prose such as "// chalice: see docs" is left alone.
func SpacedDirective(line string) (from, to int, name string, ok bool) {
	if !strings.HasPrefix(line, "//") {
		return 0, 0, "", false
	}
	rest := strings.TrimLeft(line[2:], " \t")
	const word = "chalice:"
	if len(rest) == len(line)-2 || !strings.HasPrefix(rest, word) {
		return 0, 0, "", false
	}
	name = rest[len(word):]
	if i := strings.IndexAny(name, " \t"); i >= 0 {
		name = name[:i]
	}
	if Specs[name] == nil {
		return 0, 0, "", false
	}
	return 2, len(line) - len(rest), name, true
}

// Parse parses one directive line. On failure it returns nil and an
// ErrorList holding every problem found.
func Parse(line string) (*Directive, error) {
	p := &parser{line: line}
	d := p.parse()
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return d, nil
}

type parser struct {
	line string
	errs ErrorList
}

func (p *parser) errorf(off int, format string, args ...any) *Error {
	e := &Error{Col: off + 1, Msg: fmt.Sprintf(format, args...)}
	p.errs = append(p.errs, e)
	return e
}

// replaceWord makes e a "did you mean" error whose fix replaces the n bytes
// at offset off with text.
func (e *Error) replaceWord(off, n int, text string) {
	e.End = off + n + 1
	e.Fix = []Edit{{Col: off + 1, End: off + n + 1, Text: text}}
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'
}

// raw is one token before classification. Offsets are 0-based.
type raw struct {
	off      int
	end      int    // offset just past the token
	key      string // "" when the token is not key=value
	value    string // unquoted value, or the bare word / literal
	valueOff int
	quoted   bool
}

func (p *parser) parse() *Directive {
	if !IsDirective(p.line) {
		p.errorf(0, "a directive starts with %s", Prefix)
		return nil
	}
	i := len(Prefix)
	start := i
	for i < len(p.line) && !isSpace(p.line[i]) {
		i++
	}
	name := p.line[start:i]
	if name == "" {
		p.errorf(start, "missing directive name after %s (one of %s)", Prefix, strings.Join(Names(), ", "))
		return nil
	}
	spec := Specs[name]
	if spec == nil {
		s := suggest(name, Names())
		if s == "" {
			p.errorf(start, "unknown directive %s%s (known: %s)", Prefix, name, strings.Join(Names(), ", "))
			return nil
		}
		p.errorf(start, "unknown directive %s%s; did you mean %s%s?", Prefix, name, Prefix, s).replaceWord(start, len(name), s)
		return nil
	}
	d := &Directive{Name: name, Spec: spec}
	toks := p.tokens(i)
	seen := map[string]bool{}
	var methodsOpt *Error // a Python-style methods=[...] option, see below
	var methodsTok raw
	for _, t := range toks {
		if t.key == "methods" && spec.Name == "route" {
			methodsTok = t
			methodsOpt = p.errorf(t.off, "methods are positional in %sroute, not an option: write %sroute %s /path",
				Prefix, Prefix, methodList(t.value))
			continue
		}
		if t.key != "" {
			p.option(d, spec, t, seen)
			continue
		}
		if !t.quoted {
			if s := suggest(t.value, flagNames(spec)); s != "" && optionLike(t.value) && s != t.value {
				p.errorf(t.off, "unknown option %s for %s%s; did you mean %s?", t.value, Prefix, spec.Name, s).replaceWord(t.off, len(t.value), s)
				continue
			}
			if o, ok := spec.Options[t.value]; ok {
				if o.Kind == Flag || o.Kind == FlagOrIdent {
					if seen[t.value] {
						p.errorf(t.off, "duplicate option %s", t.value)
						continue
					}
					seen[t.value] = true
					d.Options = append(d.Options, Option{Key: t.value, Col: t.off + 1})
				} else {
					p.errorf(t.off, "option %s needs a value: %s=...", t.value, t.value)
				}
				continue
			}
		}
		if len(d.Args) >= spec.MaxArgs {
			if spec.MaxArgs == 0 {
				p.errorf(t.off, "unexpected argument %q: %s%s takes only options (%s)", t.value, Prefix, name, optionList(spec))
			} else {
				p.errorf(t.off, "unexpected argument %q: %s%s takes %s", t.value, Prefix, name, spec.ArgHelp)
			}
			continue
		}
		d.Args = append(d.Args, Token{Text: t.value, Col: t.off + 1, Quoted: t.quoted})
	}
	if methodsOpt != nil && len(d.Args) == 1 {
		// The fix moves the methods before the path and drops the option
		// with the space before it.
		from := methodsTok.off
		for from > 0 && isSpace(p.line[from-1]) {
			from--
		}
		path := d.Args[0]
		methodsOpt.End = methodsTok.end + 1
		methodsOpt.Fix = []Edit{
			{Col: path.Col, End: path.Col, Text: methodList(methodsTok.value) + " "},
			{Col: from + 1, End: methodsTok.end + 1},
		}
	}
	if len(d.Args) < spec.MinArgs && !p.hasErrors() {
		p.errorf(0, "%s%s needs %s", Prefix, name, spec.ArgHelp)
	}
	for _, k := range spec.OptionNames() {
		if spec.Options[k].Required && !seen[k] {
			p.errorf(0, "%s%s needs option %s=", Prefix, name, k)
		}
	}
	return d
}

func (p *parser) hasErrors() bool { return len(p.errs) > 0 }

// flagNames lists the options of s that may be written alone.
func flagNames(s *Spec) []string {
	var out []string
	for _, name := range s.OptionNames() {
		if k := s.Options[name].Kind; k == Flag || k == FlagOrIdent {
			out = append(out, name)
		}
	}
	return out
}

// optionLike reports a bare word that can only be meant as an option:
// letters and underscores, not all upper case (HTTP methods are; paths
// start with /, schedules and patterns hold brackets).
func optionLike(w string) bool {
	lower := false
	for i := 0; i < len(w); i++ {
		switch c := w[i]; {
		case 'a' <= c && c <= 'z':
			lower = true
		case c != '_' && (c < 'A' || c > 'Z'):
			return false
		}
	}
	return lower
}

// methodList renders a Python-style methods value (['GET', 'POST'],
// "GET,POST", ...) as the positional method list.
func methodList(v string) string {
	var ms []string
	for _, f := range strings.FieldsFunc(v, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
		ms = append(ms, strings.ToUpper(f))
	}
	if len(ms) == 0 {
		return "GET,POST"
	}
	return strings.Join(ms, ",")
}

func optionList(s *Spec) string {
	if len(s.Options) == 0 {
		return "none"
	}
	return strings.Join(s.OptionNames(), ", ")
}

func (p *parser) option(d *Directive, spec *Spec, t raw, seen map[string]bool) {
	o, ok := spec.Options[t.key]
	if !ok {
		if s := suggest(t.key, spec.OptionNames()); s != "" {
			p.errorf(t.off, "unknown option %s for %s%s; did you mean %s?", t.key, Prefix, spec.Name, s).replaceWord(t.off, len(t.key), s)
		} else {
			p.errorf(t.off, "unknown option %s for %s%s (options: %s)", t.key, Prefix, spec.Name, optionList(spec))
		}
		return
	}
	if seen[t.key] {
		p.errorf(t.off, "duplicate option %s", t.key)
		return
	}
	seen[t.key] = true
	switch {
	case o.Kind == Flag:
		e := p.errorf(t.off, "option %s is a flag and takes no value: write %s alone", t.key, t.key)
		e.End = t.end + 1
		e.Fix = []Edit{{Col: t.off + len(t.key) + 1, End: t.end + 1}} // drop "=value"
		return
	case o.Kind == FlagOrIdent && !t.quoted && (t.value == "True" || t.value == "true"):
		// Python's cors=True: the flag alone says it.
		e := p.errorf(t.valueOff, "%s=%s: write %s alone to enable it (or %s=IDENT naming a package-level var)", t.key, t.value, t.key, t.key)
		e.End = t.end + 1
		e.Fix = []Edit{{Col: t.off + len(t.key) + 1, End: t.end + 1}}
		return
	case t.value == "":
		p.errorf(t.valueOff, "option %s needs a value after =", t.key)
		return
	case o.Kind == Int:
		if !isDecimal(t.value) {
			p.errorf(t.valueOff, "option %s must be a non-negative integer, not %q", t.key, t.value)
			return
		}
	case o.Kind == Ident || o.Kind == FlagOrIdent:
		if !token.IsIdentifier(t.value) {
			p.errorf(t.valueOff, "option %s must name a package-level Go identifier, not %q", t.key, t.value)
			return
		}
	case o.Kind == List:
		bad := false
		for _, it := range SplitList(Token{Text: t.value, Col: t.valueOff + 1, Quoted: t.quoted}) {
			if strings.TrimSpace(it.Text) == "" {
				p.errs = append(p.errs, &Error{Col: it.Col, Msg: fmt.Sprintf("empty item in list option %s", t.key)})
				bad = true
			}
		}
		if bad {
			return
		}
	}
	d.Options = append(d.Options, Option{Key: t.key, Col: t.off + 1, Value: t.value, HasValue: true, ValueCol: t.valueOff + 1, Quoted: t.quoted})
}

// isDecimal accepts what strconv.Atoi would read as a small non-negative
// number: digits only, at most 9 of them so the value fits any int.
func isDecimal(s string) bool {
	if s == "" || len(s) > 9 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isKeyStart(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isKeyChar(c byte) bool  { return isKeyStart(c) || '0' <= c && c <= '9' }

// tokens splits the line from offset i.
func (p *parser) tokens(i int) []raw {
	var out []raw
	s := p.line
	for {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
		if i >= len(s) {
			return out
		}
		t := raw{off: i}
		// key=...
		j := i
		if isKeyStart(s[j]) {
			for j < len(s) && isKeyChar(s[j]) {
				j++
			}
		}
		if j > i && j < len(s) && s[j] == '=' {
			t.key = s[i:j]
			i = j + 1
		}
		t.valueOff = i
		if t.key != "" && (i >= len(s) || isSpace(s[i])) {
			t.end = i
			out = append(out, t) // key= with nothing after it
			continue
		}
		var ok bool
		if s[i] == '"' || s[i] == '`' {
			t.value, i, ok = p.literal(i)
			t.quoted = true
		} else {
			t.value, i, ok = p.bare(i)
		}
		if !ok {
			// Skip to the next space so one bad token gives one error.
			for i < len(s) && !isSpace(s[i]) {
				i++
			}
			continue
		}
		t.end = i
		out = append(out, t)
	}
}

// literal reads a Go string literal starting at i.
func (p *parser) literal(i int) (string, int, bool) {
	s := p.line
	q := s[i]
	j := i + 1
	for j < len(s) && s[j] != q {
		if q == '"' && s[j] == '\\' {
			j++
		}
		j++
	}
	if j >= len(s) {
		p.errorf(i, "unterminated string literal")
		return "", len(s), false
	}
	lit := s[i : j+1]
	v, err := strconv.Unquote(lit)
	if err != nil {
		p.errorf(i, "invalid string literal %s", lit)
		return "", j + 1, false
	}
	if j+1 < len(s) && !isSpace(s[j+1]) {
		p.errorf(j+1, "a string literal must be followed by a space")
		return "", j + 1, false
	}
	return v, j + 1, true
}

// bare reads a bare word starting at i: up to the next space outside
// brackets.
func (p *parser) bare(i int) (string, int, bool) {
	end, errOff, msg := scanBare(p.line, i)
	if msg != "" {
		p.errorf(errOff, "%s", msg)
		return "", end, false
	}
	return p.line[i:end], end, true
}

// scanBare finds the end of the bare word at s[i:]. On a bracket problem it
// returns the offset and text of the error.
func scanBare(s string, i int) (end, errOff int, msg string) {
	type open struct {
		c   byte
		off int
	}
	var stack []open
	j := i
	for j < len(s) {
		c := s[j]
		if len(stack) == 0 && isSpace(c) {
			break
		}
		switch c {
		case '(', '[', '{':
			stack = append(stack, open{c, j})
		case ')', ']', '}':
			want := map[byte]byte{')': '(', ']': '[', '}': '{'}[c]
			if len(stack) == 0 || stack[len(stack)-1].c != want {
				return j, j, fmt.Sprintf("unbalanced %q", c)
			}
			stack = stack[:len(stack)-1]
		case '"':
			if len(stack) > 0 {
				// A string inside brackets (JSON): spaces and brackets in it
				// are text.
				k := j + 1
				for k < len(s) && s[k] != '"' {
					if s[k] == '\\' {
						k++
					}
					k++
				}
				if k >= len(s) {
					return len(s), j, "unterminated string inside brackets"
				}
				j = k
			}
		}
		j++
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return j, o.off, fmt.Sprintf("unclosed %q", o.c)
	}
	return j, 0, ""
}

// suggest returns the candidate closest to s when it is close enough to be
// a likely typo.
func suggest(s string, candidates []string) string {
	best, bestD := "", 3
	for _, c := range candidates {
		if d := textdist.Distance(strings.ToLower(s), c); d < bestD {
			best, bestD = c, d
		}
	}
	return best
}
