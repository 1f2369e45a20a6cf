// Type qualifiers stay unique: two packages named types, a package named
// like a package-level identifier, and one named like a generated-file
// import (runtime).
package main

import (
	"runtime"

	ta "github.com/chalice-go/chalice/testdata/analyzer/good/imports/a/types"
	tb "github.com/chalice-go/chalice/testdata/analyzer/good/imports/b/types"
	sh "github.com/chalice-go/chalice/testdata/analyzer/good/imports/shapes"
)

var shapes = []string{"circle"}

//chalice:route POST /a
func a(in ta.Thing) (tb.Thing, error) { return tb.Thing{}, nil }

//chalice:route /s
func s() (map[string]sh.Circle, error) { return nil, nil }

//chalice:route /mem
func mem() (*runtime.MemStats, error) { return nil, nil }

var _ = shapes
