package policy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/ssa"

	"github.com/chalice-go/chalice/deploy/packaging"
	"github.com/chalice-go/chalice/model"
)

// Program is a loaded and SSA-built set of app packages. One Program can
// serve several apps whose packages it loaded (the tests load every case in
// one go); Infer on it is safe for concurrent use.
type Program struct {
	fset *token.FileSet
	prog *ssa.Program
	// src holds the packages built from source, by import path: the roots
	// and the dependencies that may call the SDK (see selectSource).
	src map[string]*ssa.Package
	// imports is the whole import graph from `go list -deps`.
	imports map[string][]string
	svc     *services

	mu sync.Mutex // serializes SSA method-set queries during Infer
}

// generatedHeader marks the file chalicegen writes. Its registration code
// refers to every handler, so the bodies of its functions are left out of
// the analysis (its declarations stay, so a user main calling
// runtime.Start(chaliceApp()) type-checks): the runtime, not the
// generated table, decides which handler a Lambda function runs.
const generatedHeader = model.GeneratedHeader

// generatedFile is the name of that file.
const generatedFile = model.GeneratedFile

// Load loads the packages named by patterns (import paths or directories,
// resolved in dir) and builds SSA for them and for every dependency that
// can reach aws-sdk-go-v2. Dependencies that cannot (the standard library,
// the SDK itself, libraries that do not import an SDK service) are read
// from compiler export data: their types are known, their bodies are not.
func Load(dir string, patterns []string, opts Options) (_ *Program, err error) {
	if len(patterns) == 0 {
		return nil, errors.New("policy: no packages to load")
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("policy: internal error building SSA for %s: %v", strings.Join(patterns, " "), r)
		}
	}()
	env, buildFlags, err := packaging.Target(context.Background(), dir, opts.Arch, append(os.Environ(), opts.Env...))
	if err != nil {
		return nil, fmt.Errorf("policy: %w", err)
	}

	// One go command run: the import graph, module of each package, file
	// lists, and the export data of every package (compiled into the Go
	// build cache as the deploy build would).
	cfg := &packages.Config{
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps |
			packages.NeedModule | packages.NeedExportFile,
		Dir:        dir,
		Env:        env,
		BuildFlags: buildFlags,
	}
	roots, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, fmt.Errorf("policy: loading %s: %v", strings.Join(patterns, " "), err)
	}
	// A root without files is not there at all; a root with files is
	// judged by the type checker below (its compile errors are type errors).
	var missing []*packages.Package
	for _, r := range roots {
		if len(r.GoFiles) == 0 {
			missing = append(missing, r)
		}
	}
	if err := firstErrors(missing); err != nil {
		return nil, err
	}
	all := map[string]*packages.Package{}
	packages.Visit(roots, nil, func(p *packages.Package) { all[p.PkgPath] = p })
	p := &Program{
		imports: map[string][]string{},
		svc:     &services{dirs: map[string]string{}},
	}
	for path, pkg := range all {
		for imp := range pkg.Imports {
			p.imports[path] = append(p.imports[path], pkg.Imports[imp].PkgPath)
		}
		slices.Sort(p.imports[path])
		if isServicePath(path) && len(pkg.GoFiles) > 0 {
			p.svc.dirs[path] = filepath.Dir(pkg.GoFiles[0])
		}
	}
	source := selectSource(roots, all)

	// Type-check the chosen packages from source; everything else comes
	// from export data.
	p.fset = token.NewFileSet()
	goarch, _ := packaging.GOARCH(opts.Arch)
	tc := newTypeChecker(p.fset, all, source, goarch)
	var pkgs []*checked
	for _, path := range source {
		c, err := tc.check(path)
		if err != nil {
			return nil, fmt.Errorf("policy: %s: %v", path, err)
		}
		pkgs = append(pkgs, c)
	}
	if err := tc.errors(); err != nil {
		return nil, err
	}

	p.prog = ssa.NewProgram(p.fset, ssa.InstantiateGenerics)
	p.src = map[string]*ssa.Package{}
	created := map[*types.Package]bool{}
	for _, pkg := range pkgs {
		p.src[pkg.types.Path()] = p.prog.CreatePackage(pkg.types, pkg.files, pkg.info, true)
		created[pkg.types] = true
	}
	var createDeps func(*types.Package)
	createDeps = func(tp *types.Package) {
		for _, imp := range tp.Imports() {
			if !created[imp] {
				created[imp] = true
				p.prog.CreatePackage(imp, nil, nil, true)
				createDeps(imp)
			}
		}
	}
	for _, pkg := range pkgs {
		createDeps(pkg.types)
	}
	p.prog.Build()
	return p, nil
}

// parseFile parses like go/packages does, but drops the function bodies
// of chalicegen's own output (see generatedHeader).
func parseFile(fset *token.FileSet, filename string, src []byte) (*ast.File, error) {
	head := src
	if i := bytes.Index(head, []byte("\npackage ")); i >= 0 {
		head = head[:i]
	}
	f, err := parser.ParseFile(fset, filename, src, parser.AllErrors|parser.ParseComments|parser.SkipObjectResolution)
	if f != nil && (filepath.Base(filename) == generatedFile || bytes.Contains(head, []byte(generatedHeader))) {
		generatedFiles.Store(filename, true)
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
				for _, spec := range gd.Specs {
					if vs := spec.(*ast.ValueSpec); vs.Type != nil {
						vs.Values = nil // var _ T = handler: a compile-time check
					}
				}
			}
			if fd, ok := d.(*ast.FuncDecl); ok {
				if fd.Recv == nil && fd.Name.Name == "init" {
					fd.Body = &ast.BlockStmt{Lbrace: fd.Body.Lbrace, Rbrace: fd.Body.Rbrace} // init must have one
				} else {
					fd.Body = nil
				}
			}
		}
	}
	return f, err
}

// generatedFiles records the generated files parseFile stripped: their
// imports may be used only in the dropped bodies, which the type checker
// then does not report (typeChecker.strippedImport).
var generatedFiles sync.Map

// selectSource chooses the packages built from source: the roots; every
// package in a root's module; and every other package that imports,
// directly or not, an aws-sdk-go-v2 service package. The standard library,
// the SDK (aws-sdk-go-v2, smithy-go), aws-lambda-go and the chalice
// framework itself are never among them.
func selectSource(roots []*packages.Package, all map[string]*packages.Package) []string {
	isRoot := map[string]bool{}
	modules := map[string]bool{}
	for _, r := range roots {
		isRoot[r.PkgPath] = true
		if r.Module != nil {
			modules[r.Module.Path] = true
		}
	}
	reachesSDK := map[string]bool{}
	var reaches func(p *packages.Package) bool
	visiting := map[string]bool{}
	reaches = func(p *packages.Package) bool {
		if v, ok := reachesSDK[p.PkgPath]; ok {
			return v
		}
		if visiting[p.PkgPath] {
			return false
		}
		visiting[p.PkgPath] = true
		r := false
		for _, imp := range p.Imports {
			if isServicePath(imp.PkgPath) || reaches(imp) {
				r = true
				break
			}
		}
		reachesSDK[p.PkgPath] = r
		return r
	}
	var out []string
	for path, p := range all {
		switch {
		case isRoot[path]:
		case p.Module == nil, isSDKModule(p.Module.Path), isFramework(p):
			continue
		case modules[p.Module.Path], reaches(p):
		default:
			continue
		}
		out = append(out, path)
	}
	slices.Sort(out)
	return out
}

func isSDKModule(mod string) bool {
	return mod == "github.com/aws/smithy-go" || mod == "github.com/aws/aws-lambda-go" ||
		mod == "github.com/aws/aws-sdk-go-v2" || strings.HasPrefix(mod, "github.com/aws/aws-sdk-go-v2/")
}

// isFramework reports whether p is a package of the chalice framework
// (rather than an app or test case that lives inside its module).
func isFramework(p *packages.Package) bool {
	const mod = "github.com/chalice-go/chalice"
	if p.Module == nil || p.Module.Path != mod {
		return false
	}
	return !strings.Contains(p.PkgPath, "/testdata/") && !strings.Contains(p.PkgPath, "/examples/")
}

// firstErrors reports the go command's errors for pkgs (roots it found
// no files for: a wrong path, a package without Go files).
func firstErrors(pkgs []*packages.Package) error {
	var msgs []string
	seen := map[string]bool{}
	visit := func(p *packages.Package) {
		for _, e := range p.Errors {
			m := e.Error()
			if !seen[m] {
				seen[m] = true
				msgs = append(msgs, m)
			}
		}
	}
	for _, p := range pkgs {
		visit(p)
	}
	return typeCheckError(msgs)
}
