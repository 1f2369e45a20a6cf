package openapi

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestConstructorsComplete: every func NameError(msg string) error of
// package chalice is known here, and its status is read from it.
func TestConstructorsComplete(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "../errors.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if ok && fd.Recv == nil && ast.IsExported(fd.Name.Name) && strings.HasSuffix(fd.Name.Name, "Error") &&
			fd.Type.Params.NumFields() == 1 && fd.Type.Results.NumFields() == 1 {
			want = append(want, fd.Name.Name)
		}
	}
	var got []string
	for k := range constructors {
		got = append(got, k)
	}
	sort.Strings(want)
	sort.Strings(got)
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("constructors differ from errors.go (-errors.go +table):\n%s", d)
	}
	for name, status := range map[string]string{"BadRequestError": "400", "NotFoundError": "404", "TooManyRequestsError": "429", "ChaliceViewError": "500"} {
		if s, ok := errorStatus(name); !ok || s != status {
			t.Errorf("errorStatus(%s) = %q, %v", name, s, ok)
		}
	}
	if _, ok := errorStatus("NoSuchError"); ok {
		t.Error("unknown constructor has a status")
	}
}
