package directive

import (
	"strconv"
	"strings"
)

// String formats d as a directive line that parses back to the same
// directive: values are written bare when that reads back unchanged and as
// Go string literals otherwise.
func (d *Directive) String() string {
	var b strings.Builder
	b.WriteString(Prefix)
	b.WriteString(d.Name)
	for _, a := range d.Args {
		b.WriteByte(' ')
		b.WriteString(d.quoteArg(a.Text))
	}
	for _, o := range d.Options {
		b.WriteByte(' ')
		b.WriteString(o.Key)
		if o.HasValue {
			b.WriteByte('=')
			b.WriteString(quoteValue(o.Value))
		}
	}
	return b.String()
}

// quoteValue writes v bare when the bare-word scanner reads exactly v back.
func quoteValue(v string) string {
	if v == "" || v[0] == '"' || v[0] == '`' {
		return strconv.Quote(v)
	}
	end, _, msg := scanBare(v, 0)
	if msg != "" || end != len(v) {
		return strconv.Quote(v)
	}
	return v
}

// quoteArg is quoteValue plus the cases where a bare positional would read
// back as an option: "key=..." or a word equal to an option name.
func (d *Directive) quoteArg(v string) string {
	q := quoteValue(v)
	if q != v {
		return q
	}
	if d.Spec != nil {
		if _, ok := d.Spec.Options[v]; ok {
			return strconv.Quote(v)
		}
	}
	j := 0
	if j < len(v) && isKeyStart(v[j]) {
		for j < len(v) && isKeyChar(v[j]) {
			j++
		}
		if j < len(v) && v[j] == '=' {
			return strconv.Quote(v)
		}
	}
	return v
}
