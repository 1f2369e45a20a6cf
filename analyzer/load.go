// Package analyzer reads an annotated Chalice for Go app (a package main
// plus its //chalice:blueprint packages) and builds the app model, or
// reports every problem at once as positioned errors.
//
// The same checker serves Load (go/packages, used by chalicegen) and the
// go/analysis pass in analyzer/passes/chalicecheck (go vet).
package analyzer

import (
	"errors"
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/chalice-go/chalice/model"
)

// Config tunes Load.
type Config struct {
	// AppName is the app_name from .chalice/config.json; empty means the
	// base name of the app directory.
	AppName string
	// Tests also loads the package's _test.go files, so that a
	// //chalice: directive there is reported (test files are not part of
	// the deployed app). Type errors in test files are ignored: tests often
	// use what the generated file declares.
	Tests bool
	// Warn receives the problems that do not stop the analysis (a
	// directive-like comment that does nothing, say), before Load returns.
	Warn func(Error)
}

// Load analyzes the app package in dir. On problems in the annotations it
// returns Errors; other failures (no go command, no package) are plain
// errors.
//
// The generated file (chalice_gen.go) is replaced by an empty file for the
// whole load: it is stale or missing whenever the annotations change, and
// nothing in it may decide what it will contain.
func Load(dir string, cfg Config) (*model.App, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	genPath := filepath.Join(abs, GeneratedFile)
	overlay, genNames := generatedOverlay(genPath)
	bpPaths := prescanBlueprints(abs)
	pcfg := &packages.Config{
		// Files and export data only: the app and blueprint packages are
		// parsed and type-checked here (fast, against the dependencies'
		// export data), so that no stale generated code is ever read.
		Mode:    packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedExportFile,
		Dir:     abs,
		Tests:   cfg.Tests,
		Overlay: overlay,
	}
	patterns := append([]string{"."}, bpPaths...)
	pkgs, err := packages.Load(pcfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("loading %s: %v", dir, err)
	}
	l := &loader{fset: token.NewFileSet(), exports: map[string]string{}, listErr: map[string]string{}, genNames: genNames, genPath: genPath}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if p.ExportFile != "" {
			l.exports[p.PkgPath] = p.ExportFile
		} else if len(p.Errors) > 0 {
			l.listErr[p.PkgPath] = p.Errors[0].Msg
		}
	})
	l.imp = importer.ForCompiler(l.fset, "gc", l.lookup)

	root := pickRoot(pkgs, abs, cfg.Tests, bpPaths)
	if root == nil {
		return nil, fmt.Errorf("no Go package in %s", dir)
	}
	if errs := listErrors(root); len(errs) > 0 {
		return nil, errs.sort()
	}
	appPkg, errs := l.check(root, cfg.Tests)
	if len(errs) > 0 {
		return nil, errs.sort()
	}
	name := cfg.AppName
	if name == "" {
		name = filepath.Base(abs)
	}
	app := &model.App{
		Name:    name,
		PkgPath: appPkg.Types.Path(),
		PkgName: appPkg.Types.Name(),
		Dir:     abs,
	}
	c := newChecker(l.fset, app)
	if appPkg.Types.Name() != "main" {
		var pos token.Pos
		if len(appPkg.Files) > 0 {
			pos = appPkg.Files[0].Name.Pos()
		}
		c.errorf(pos, "package %s is not package main: the app package is a command (package main)", appPkg.Types.Name())
		return nil, c.errors()
	}
	c.appPkg = appPkg.Types
	if fn, ok := appPkg.Types.Scope().Lookup("main").(*types.Func); ok && fn != nil {
		app.HasMain = true
	}
	c.addUnit(appPkg, nil)
	for _, bd := range c.blueprintDirs {
		bp := bd.bp
		lp := findPackage(pkgs, bp.ImportPath)
		if lp == nil || len(lp.GoFiles) == 0 && len(lp.Errors) > 0 {
			why := ""
			if lp != nil && len(lp.Errors) > 0 {
				// The first line; go list goes on with a "go get" hint
				// that does not apply to a blueprint of this module.
				why, _, _ = strings.Cut(lp.Errors[0].Msg, "\n")
				why = ": " + strings.TrimSuffix(why, "; to add it:")
			}
			c.errorf(bd.pos, "blueprint package %s not found%s", bp.ImportPath, why)
			continue
		}
		if lp.Name == "main" {
			c.errorf(bd.pos, "blueprint %s is a package main; a blueprint must be an importable package", bp.ImportPath)
			continue
		}
		if errs := listErrors(lp); len(errs) > 0 {
			return nil, errs.sort()
		}
		bpPkg, errs := l.check(lp, false)
		if len(errs) > 0 {
			return nil, errs.sort()
		}
		bp.PkgName = bpPkg.Types.Name()
		app.Blueprints = append(app.Blueprints, bp)
		c.addUnit(bpPkg, bp)
	}
	c.finish()
	if cfg.Warn != nil {
		for _, w := range c.list(true) {
			cfg.Warn(w)
		}
	}
	if c.hasErrors() {
		return nil, c.errors()
	}
	return app, nil
}

func (c *checker) errors() Errors { return c.list(false) }

// list returns the warnings or the errors found, sorted.
func (c *checker) list(warnings bool) Errors {
	out := make(Errors, 0, len(c.diags))
	for _, d := range c.diags {
		if d.Warning == warnings {
			out = append(out, Error{Pos: c.modelPos(d.Pos), Msg: d.Msg, Cause: d.Cause})
		}
	}
	return out.sort()
}

// generatedOverlay returns the overlay emptying the generated file, and
// the names the stale file declares (to recognize errors its absence
// causes).
func generatedOverlay(path string) (map[string][]byte, map[string]bool) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, nil
	}
	names := map[string]bool{}
	f, _ := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
	if f != nil {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil {
					names[d.Name.Name] = true
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.ValueSpec:
						for _, n := range s.Names {
							names[n.Name] = true
						}
					case *ast.TypeSpec:
						names[s.Name.Name] = true
					}
				}
			}
		}
	}
	// The empty file takes the package name of its siblings: the stale
	// file's own could be wrong, and would then break the load.
	return map[string][]byte{path: []byte("package " + siblingPackage(filepath.Dir(path)) + "\n")}, names
}

// siblingPackage is the package name of the first Go file of dir other
// than the generated file and tests; "main" when there is none.
func siblingPackage(dir string) string {
	entries, _ := os.ReadDir(dir)
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == GeneratedFile {
			continue
		}
		if f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.PackageClauseOnly); err == nil {
			return f.Name.Name
		}
	}
	return "main"
}

// prescanBlueprints reads the package clause comments of dir's Go files
// for //chalice:blueprint import paths, so that one go/packages call loads
// the app and its blueprints. The real directives are taken from the
// type-checked files later; a path found here that is not one of them is
// loaded and ignored.
func prescanBlueprints(dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") || n == GeneratedFile {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.PackageClauseOnly|parser.ParseComments)
		if err != nil || f.Doc == nil {
			continue
		}
		for _, cm := range f.Doc.List {
			fs := strings.Fields(cm.Text)
			if len(fs) >= 2 && fs[0] == "//chalice:blueprint" {
				p := strings.Trim(fs[1], "\"`")
				if validImportPath(p) && !strings.HasPrefix(p, ".") && !strings.HasPrefix(p, "/") && !strings.Contains(p, "...") && !seen[p] {
					seen[p] = true
					out = append(out, p)
				}
			}
		}
	}
	sort.Strings(out)
	return out
}

// pickRoot finds the package of dir among the loaded roots: the one with a
// file in dir (else the one that is not a blueprint), and with Tests the
// variant compiled with the in-package test files.
func pickRoot(pkgs []*packages.Package, dir string, tests bool, bpPaths []string) *packages.Package {
	var cands []*packages.Package
	for _, p := range pkgs {
		for _, f := range append(append([]string(nil), p.GoFiles...), p.IgnoredFiles...) {
			if filepath.Dir(f) == dir {
				cands = append(cands, p)
				break
			}
		}
	}
	if len(cands) == 0 {
		for _, p := range pkgs {
			if !slices.Contains(bpPaths, p.PkgPath) && !slices.Contains(bpPaths, p.ID) {
				cands = append(cands, p)
			}
		}
	}
	var plain, withTests *packages.Package
	for _, p := range cands {
		switch {
		case strings.HasSuffix(p.ID, ".test"), strings.HasSuffix(p.PkgPath, "_test"):
		case strings.Contains(p.ID, " ["):
			withTests = p
		case plain == nil:
			plain = p
		}
	}
	if tests && withTests != nil {
		return withTests
	}
	return plain
}

func findPackage(pkgs []*packages.Package, path string) *packages.Package {
	for _, p := range pkgs {
		if (p.PkgPath == path || p.ID == path) && !strings.Contains(p.ID, " [") {
			return p
		}
	}
	return nil
}

// listErrors reports what go list found wrong with a package (missing
// imports, bad package clauses), as the go command prints it.
func listErrors(p *packages.Package) Errors {
	var out Errors
	for _, e := range p.Errors {
		if e.Kind == packages.TypeError || strings.HasPrefix(e.Msg, "# ") {
			// Type errors, and the compiler output of building export
			// data, are the type checker's to report, below.
			continue
		}
		// Errors of the generated file are none of the app's business.
		if strings.Contains(e.Pos, GeneratedFile+":") {
			continue
		}
		out = append(out, Error{Pos: parsePos(e.Pos), Msg: e.Msg, Compiler: true})
	}
	if len(p.GoFiles) == 0 && len(out) == 0 {
		out = append(out, Error{Msg: "no Go files in package " + p.PkgPath, Compiler: true})
	}
	return out
}

// parsePos reads go list's "file:line:col" (or "file:line", or "").
func parsePos(s string) model.Pos {
	var p model.Pos
	parts := strings.Split(s, ":")
	nums := []int{}
	for len(parts) > 1 {
		n, err := strconv.Atoi(parts[len(parts)-1])
		if err != nil || len(nums) == 2 {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	p.File = strings.Join(parts, ":")
	if len(nums) > 0 {
		p.Line = nums[0]
	}
	if len(nums) > 1 {
		p.Column = nums[1]
	}
	return p
}

// loader type-checks root packages against export data.
type loader struct {
	fset     *token.FileSet
	exports  map[string]string // import path → export data file
	listErr  map[string]string // import path → why go list could not build it
	imp      types.Importer
	genNames map[string]bool
	genPath  string
}

func (l *loader) lookup(path string) (io.ReadCloser, error) {
	f, ok := l.exports[path]
	if !ok {
		if msg := l.listErr[path]; msg != "" {
			return nil, errors.New(msg)
		}
		return nil, fmt.Errorf("package %s does not build", path)
	}
	return os.Open(f)
}

// check parses and type-checks one package. It returns the user's parse
// and type errors, less those the missing generated file causes.
func (l *loader) check(p *packages.Package, tests bool) (*Package, Errors) {
	var errs Errors
	var files []*ast.File
	for _, name := range p.GoFiles {
		if name == l.genPath {
			continue
		}
		f, err := parser.ParseFile(l.fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			var list scanner.ErrorList
			if errors.As(err, &list) {
				for _, e := range list {
					errs = append(errs, Error{Pos: model.Pos{File: e.Pos.Filename, Line: e.Pos.Line, Column: e.Pos.Column}, Msg: e.Msg, Compiler: true})
				}
			} else {
				errs = append(errs, Error{Pos: model.Pos{File: name}, Msg: err.Error(), Compiler: true})
			}
			continue
		}
		files = append(files, f)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	info := &types.Info{
		Types: map[ast.Expr]types.TypeAndValue{},
		Defs:  map[*ast.Ident]types.Object{},
		Uses:  map[*ast.Ident]types.Object{},
	}
	conf := types.Config{
		Importer:    l.imp,
		FakeImportC: true,
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				errs = append(errs, Error{Msg: err.Error(), Compiler: true})
				return
			}
			pos := l.fset.Position(te.Pos)
			if tests && strings.HasSuffix(pos.Filename, "_test.go") {
				return
			}
			if name, ok := strings.CutPrefix(te.Msg, "undefined: "); ok && (l.genNames[name] || isGeneratedName(name)) {
				return // declared by the generated file, which is being rewritten
			}
			errs = append(errs, Error{Pos: model.Pos{File: pos.Filename, Line: pos.Line, Column: pos.Column}, Msg: te.Msg, Compiler: true})
		},
	}
	pkg, _ := conf.Check(p.PkgPath, l.fset, files, info)
	if len(errs) > 0 {
		return nil, errs
	}
	return &Package{Fset: l.fset, Files: files, Types: pkg, Info: info}, nil
}

// isGeneratedName reports an identifier of the generated file's namespace:
// the generator prefixes every package-level name it declares with
// "chalice" and an upper-case letter or '_' (chaliceApp, chaliceRoute_x),
// so a user's main may call chaliceApp() even when chalice_gen.go is
// missing, as in a fresh clone. "chalice" alone is the package a missing
// import leaves undefined, which must be reported.
func isGeneratedName(name string) bool {
	rest, ok := strings.CutPrefix(name, "chalice")
	return ok && rest != "" && (rest[0] == '_' || 'A' <= rest[0] && rest[0] <= 'Z') && token.IsIdentifier(name)
}
