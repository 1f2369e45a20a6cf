// Package chalicecheck is a go/analysis pass running the chalicegen
// annotation checks on one package at a time, so that go vet and editors
// report broken //chalice: directives where they are written:
//
//	go vet -vettool=$(go tool -n chalicevet) ./...
//
// A package main is checked as an app, any other package holding
// directives as a blueprint. Checks that need several packages at once (a
// blueprint's routes clashing with the app's, a blueprint import path that
// does not resolve) are left to chalicegen, which loads the whole app.
//
// A "did you mean" comes with a suggested fix (gopls offers it as a quick
// fix; chalicevet -fix ./... applies it), as does a directive-like comment that
// does nothing because of a space after the slashes.
package chalicecheck

import (
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/chalice-go/chalice/analyzer"
	"github.com/chalice-go/chalice/analyzer/directive"
)

// Analyzer reports invalid //chalice: annotations.
var Analyzer = &analysis.Analyzer{
	Name: "chalicecheck",
	Doc: `check //chalice: annotations

chalicecheck reports what chalicegen would refuse to generate code for:
unknown directives and options, bad route paths, handler signatures that do
not fit their directive, CORS and authorizer vars that cannot be read
statically, invalid schedule expressions and duplicate routes or function
names.`,
	Run: run,
}

func run(pass *analysis.Pass) (any, error) {
	if !hasDirective(pass) {
		return nil, nil
	}
	diags := analyzer.CheckPackage(&analyzer.Package{
		Fset:  pass.Fset,
		Files: pass.Files,
		Types: pass.Pkg,
		Info:  pass.TypesInfo,
	})
	for _, d := range diags {
		ad := analysis.Diagnostic{Pos: d.Pos, End: d.End, Message: "chalice: " + d.Msg}
		if len(d.Fix) > 0 {
			fix := analysis.SuggestedFix{Message: "apply the suggestion"}
			for _, e := range d.Fix {
				fix.TextEdits = append(fix.TextEdits, analysis.TextEdit{Pos: e.Pos, End: e.End, NewText: []byte(e.NewText)})
			}
			ad.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		pass.Report(ad)
	}
	return nil, nil
}

// hasDirective keeps the pass free for the many packages without any.
func hasDirective(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		for _, cg := range f.Comments {
			for _, c := range cg.List {
				if strings.HasPrefix(c.Text, directive.Prefix) {
					return true
				}
			}
		}
	}
	return false
}
