package policy

import (
	"bufio"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// checked is a package type-checked from source.
type checked struct {
	types *types.Package
	files []*ast.File
	info  *types.Info
}

// typeChecker type-checks the packages chosen for source analysis and
// reads every other package from the export data one `go list -export`
// call located (so the import graph and the export data come from a
// single go command run).
type typeChecker struct {
	fset    *token.FileSet
	all     map[string]*packages.Package
	source  map[string]bool
	sizes   types.Sizes
	exports map[string]*types.Package // packages read from export data
	done    map[string]*checked
	busy    map[string]bool
	errs    []string
}

func newTypeChecker(fset *token.FileSet, all map[string]*packages.Package, source []string, goarch string) *typeChecker {
	tc := &typeChecker{
		fset: fset, all: all, source: map[string]bool{},
		sizes:   types.SizesFor("gc", goarch),
		exports: map[string]*types.Package{},
		done:    map[string]*checked{},
		busy:    map[string]bool{},
	}
	for _, s := range source {
		tc.source[s] = true
	}
	return tc
}

// check type-checks the source package path (and, first, the source
// packages it imports).
func (tc *typeChecker) check(path string) (*checked, error) {
	if c := tc.done[path]; c != nil {
		return c, nil
	}
	if tc.busy[path] {
		return nil, fmt.Errorf("import cycle through %s", path)
	}
	tc.busy[path] = true
	defer delete(tc.busy, path)
	pkg := tc.all[path]
	var files []*ast.File
	for _, name := range pkg.GoFiles {
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		f, err := parseFile(tc.fset, name, src)
		if err != nil {
			tc.errs = append(tc.errs, err.Error())
		}
		if f != nil {
			files = append(files, f)
		}
	}
	info := &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       map[ast.Node]*types.Scope{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		FileVersions: map[*ast.File]string{},
	}
	conf := &types.Config{
		Sizes:    tc.sizes,
		Importer: importerFunc(func(imp string) (*types.Package, error) { return tc.importFrom(pkg, imp) }),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && tc.strippedImport(te) {
				return
			}
			tc.errs = append(tc.errs, err.Error())
		},
	}
	if pkg.Module != nil && pkg.Module.GoVersion != "" {
		conf.GoVersion = "go" + pkg.Module.GoVersion
	}
	tp, _ := conf.Check(path, tc.fset, files, info)
	c := &checked{types: tp, files: files, info: info}
	tc.done[path] = c
	return c, nil
}

// strippedImport reports whether te is an unused import of a generated
// file whose bodies parseFile dropped.
func (tc *typeChecker) strippedImport(te types.Error) bool {
	if !strings.Contains(te.Msg, " imported ") || !strings.HasSuffix(te.Msg, " not used") {
		return false
	}
	_, ok := generatedFiles.Load(tc.fset.Position(te.Pos).Filename)
	return ok
}

// importFrom resolves the import imp of package from.
func (tc *typeChecker) importFrom(from *packages.Package, imp string) (*types.Package, error) {
	if imp == "unsafe" {
		return types.Unsafe, nil
	}
	dep := from.Imports[imp]
	if dep == nil {
		return nil, fmt.Errorf("package %s not found (imported by %s)", imp, from.PkgPath)
	}
	if tc.source[dep.PkgPath] {
		c, err := tc.check(dep.PkgPath)
		if err != nil {
			return nil, err
		}
		return c.types, nil
	}
	if tp := tc.exports[dep.PkgPath]; tp != nil && tp.Complete() {
		return tp, nil
	}
	if dep.ExportFile == "" {
		msg := "no export data"
		if len(dep.Errors) > 0 {
			msg = dep.Errors[0].Msg
		}
		return nil, fmt.Errorf("%s: %s", dep.PkgPath, msg)
	}
	f, err := os.Open(dep.ExportFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r, err := gcexportdata.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %v", dep.PkgPath, err)
	}
	tp, err := gcexportdata.Read(r, tc.fset, tc.exports, dep.PkgPath)
	if err != nil {
		return nil, fmt.Errorf("reading export data of %s: %v", dep.PkgPath, err)
	}
	return tp, nil
}

// errors reports the type errors found, at most ten.
func (tc *typeChecker) errors() error {
	return typeCheckError(slices.Compact(tc.errs))
}

// typeCheckError is the error of an app that does not type-check, listing
// at most ten messages; nil without messages.
func typeCheckError(msgs []string) error {
	if len(msgs) == 0 {
		return nil
	}
	const max = 10
	if len(msgs) > max {
		msgs = append(msgs[:max], fmt.Sprintf("... and %d more errors", len(msgs)-max))
	}
	return fmt.Errorf("policy: the app does not type-check:\n\t%s", strings.Join(msgs, "\n\t"))
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
