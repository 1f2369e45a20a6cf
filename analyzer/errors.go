package analyzer

import (
	"path/filepath"
	"sort"
	"strings"

	"github.com/chalice-go/chalice/model"
)

// Error is one problem found in the source.
type Error struct {
	Pos model.Pos
	Msg string
	// Compiler marks a parse, type or go list error, printed as the Go
	// toolchain would, without the "chalice:" prefix.
	Compiler bool
	// Cause is the typed error behind Msg, if any (see Diagnostic.Cause).
	Cause error
}

// Unwrap returns the typed cause, so errors.As finds it.
func (e Error) Unwrap() error { return e.Cause }

func (e Error) Error() string {
	var b strings.Builder
	if e.Pos.File != "" {
		b.WriteString(e.Pos.String())
		b.WriteString(": ")
	}
	if !e.Compiler {
		b.WriteString("chalice: ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// Errors is every problem found in one run, sorted by position.
type Errors []Error

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Unwrap returns every error, so errors.As looks into each.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// RelativeTo returns the errors with file names made relative to dir where
// that gives a path inside dir, as go vet prints them.
func (es Errors) RelativeTo(dir string) Errors {
	out := make(Errors, len(es))
	for i, e := range es {
		out[i] = e
		if e.Pos.File == "" || !filepath.IsAbs(e.Pos.File) {
			continue
		}
		if rel, err := filepath.Rel(dir, e.Pos.File); err == nil && !strings.HasPrefix(rel, "..") {
			out[i].Pos.File = rel
		}
	}
	return out
}

func (es Errors) sort() Errors {
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i].Pos, es[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return es[i].Msg < es[j].Msg
	})
	// One mistake found twice (say, through two routes) is reported once.
	out := es[:0]
	for i, e := range es {
		if i > 0 && e == es[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}
