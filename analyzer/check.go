package analyzer

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"sort"
	"strings"

	"github.com/chalice-go/chalice/analyzer/directive"
	"github.com/chalice-go/chalice/model"
)

const (
	chalicePath = "github.com/chalice-go/chalice"
	// GeneratedFile is the file chalicegen writes into the app package. The
	// analyzer never reads it: it is stale or missing whenever the
	// annotations change.
	GeneratedFile = model.GeneratedFile
)

// Package is one type-checked package, as go/packages or an analysis.Pass
// provide it. Both paths feed the same checker.
type Package struct {
	Fset  *token.FileSet
	Files []*ast.File
	Types *types.Package
	Info  *types.Info
}

// Diagnostic is one problem at a token position, for analysis passes.
type Diagnostic struct {
	Pos token.Pos
	End token.Pos // just past the text in question; NoPos for a point
	Msg string    // without the "chalice: " prefix
	// Warning marks a problem that does not stop code generation (a
	// directive that does nothing, say); chalicegen prints it and goes on.
	Warning bool
	// Fix, when not empty, is the edit a "did you mean" proposes.
	Fix []Edit
	// Cause is a typed error behind the message, for callers that act on
	// it (the CLI prints the spec's opt-in text for *model.ExperimentalError).
	Cause error
}

// Edit replaces the source in [Pos, End) with NewText.
type Edit struct {
	Pos, End token.Pos
	NewText  string
}

// same reports whether two diagnostics are one problem found twice.
func (d Diagnostic) same(e Diagnostic) bool {
	return d.Pos == e.Pos && d.Msg == e.Msg && d.Warning == e.Warning
}

// CheckPackage runs every check one package allows on its own: a package
// main is checked as an app (its //chalice:blueprint packages are not
// loaded), any other package as a blueprint.
func CheckPackage(p *Package) []Diagnostic {
	c := newChecker(p.Fset, &model.App{PkgPath: p.Types.Path(), PkgName: p.Types.Name()})
	if p.Types.Name() == "main" {
		c.appPkg = p.Types
		c.addUnit(p, nil)
	} else {
		c.addUnit(p, &model.Blueprint{ImportPath: p.Types.Path(), PkgName: p.Types.Name()})
	}
	c.finish()
	// A var used by several routes is judged once per use; report it once.
	sort.Slice(c.diags, func(i, j int) bool {
		a, b := c.diags[i], c.diags[j]
		return a.Pos < b.Pos || a.Pos == b.Pos && a.Msg < b.Msg
	})
	out := c.diags[:0]
	for i, d := range c.diags {
		if i == 0 || !d.same(c.diags[i-1]) {
			out = append(out, d)
		}
	}
	return out
}

// checker accumulates the app model and every diagnostic of one run.
type checker struct {
	fset   *token.FileSet
	app    *model.App
	appPkg *types.Package // nil when checking a lone blueprint
	diags  []Diagnostic

	appDirective token.Pos // position of //chalice:app, for messages
	routes       []*routeRec
	fns          []*fnRec // logical Lambda functions other than api_handler
	ws           map[model.EventKind]*fnRec
	authVars     map[*types.Var]*model.AuthorizerVar
	authVarBad   map[*types.Var]bool
	authNames    map[string]authOwner
	types        typeTable
	// blueprintDirs are the //chalice:blueprint directives of the app
	// package, for Load to resolve.
	blueprintDirs []*bpDirective
}

// routeRec is a route with the token positions cross-checks point at.
type routeRec struct {
	r        *model.Route
	pos      token.Pos // the directive
	corsPos  token.Pos
	ctPos    []token.Pos
	methodAt map[string]token.Pos
}

// fnRec is one logical Lambda function other than api_handler.
type fnRec struct {
	name    string
	pos     token.Pos // where to report a duplicate
	goFunc  string
	posText string // file:line of pos, for "already used by" messages
}

type authOwner struct {
	key string // package path + "." + Go name
	pos token.Pos
}

// bpDirective is a valid //chalice:blueprint; pos is its import path.
type bpDirective struct {
	bp  *model.Blueprint
	pos token.Pos
}

func newChecker(fset *token.FileSet, app *model.App) *checker {
	return &checker{
		fset:       fset,
		app:        app,
		ws:         map[model.EventKind]*fnRec{},
		authVars:   map[*types.Var]*model.AuthorizerVar{},
		authVarBad: map[*types.Var]bool{},
		authNames:  map[string]authOwner{},
		types:      typeTable{paths: map[string]*types.Package{}},
	}
}

func (c *checker) errorf(pos token.Pos, format string, args ...any) {
	c.diags = append(c.diags, Diagnostic{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// hasErrors reports a diagnostic that is not a warning.
func (c *checker) hasErrors() bool {
	for _, d := range c.diags {
		if !d.Warning {
			return true
		}
	}
	return false
}

// short is "file.go:LINE", how messages refer to another place.
func (c *checker) short(pos token.Pos) string {
	p := c.fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

func (c *checker) modelPos(pos token.Pos) model.Pos {
	p := c.fset.Position(pos)
	return model.Pos{File: p.Filename, Line: p.Line, Column: p.Column}
}

// unit is one package being checked: the app or a blueprint.
type unit struct {
	c          *checker
	p          *Package
	bp         *model.Blueprint // nil for the app package
	urlPrefix  string
	namePrefix string
	vars       map[*types.Var]ast.Expr // package-level var → initializer (nil: none)
	varDecl    map[*types.Var]bool
	funcs      []*funcDirs
	authByFunc map[*types.Func]*model.Authorizer
	authFuncs  map[*types.Func]bool // has //chalice:authorizer, valid or not
}

// funcDirs is a func with its directives.
type funcDirs struct {
	decl           *ast.FuncDecl
	obj            *types.Func
	dirs           []parsedDir
	checked, valid bool
}

type parsedDir struct {
	d *directive.Directive
	c *ast.Comment
}

// at is the position of column col of the directive line.
func (pd parsedDir) at(col int) token.Pos { return pd.c.Slash + token.Pos(col-1) }

// argPos is the position of byte off of a positional argument or value:
// exact for bare words, the literal's start for quoted ones.
func (pd parsedDir) argPos(t directive.Token, off int) token.Pos {
	if t.Quoted {
		return pd.at(t.Col)
	}
	return pd.at(t.Col + off)
}

func (u *unit) isApp() bool { return u.bp == nil }

func (u *unit) blueprintPath() string {
	if u.bp == nil {
		return ""
	}
	return u.bp.ImportPath
}

// addUnit scans one package and adds what it declares to the app.
func (c *checker) addUnit(p *Package, bp *model.Blueprint) *unit {
	u := &unit{
		c: c, p: p, bp: bp,
		vars:       map[*types.Var]ast.Expr{},
		varDecl:    map[*types.Var]bool{},
		authByFunc: map[*types.Func]*model.Authorizer{},
		authFuncs:  map[*types.Func]bool{},
	}
	if bp != nil {
		u.urlPrefix, u.namePrefix = bp.URLPrefix, bp.NamePrefix
	}
	var pkgDirs []parsedDir
	for _, f := range sortedFiles(p) {
		if isGeneratedFile(p.Fset, f) {
			continue
		}
		pkgDirs = append(pkgDirs, u.scanFile(f)...)
	}
	if u.isApp() {
		u.packageDirectives(pkgDirs)
	} else {
		for _, pd := range pkgDirs {
			c.errorf(pd.c.Slash, "//chalice:%s belongs above the package clause of the app's package main, not in blueprint package %s",
				pd.d.Name, p.Types.Name())
		}
	}
	// Built-in authorizers first: routes refer to them by name.
	for _, fd := range u.funcs {
		for _, pd := range fd.dirs {
			if pd.d.Name == "authorizer" {
				u.authorizer(fd, pd)
			}
		}
	}
	for _, fd := range u.funcs {
		for _, pd := range fd.dirs {
			switch pd.d.Name {
			case "authorizer":
			case "route":
				u.route(fd, pd)
			case "middleware":
				u.middleware(fd, pd)
			default:
				u.event(fd, pd)
			}
		}
	}
	return u
}

// sortedFiles orders files by name so that results never depend on the
// loader's order.
func sortedFiles(p *Package) []*ast.File {
	files := append([]*ast.File(nil), p.Files...)
	sort.SliceStable(files, func(i, j int) bool {
		return p.Fset.File(files[i].Pos()).Name() < p.Fset.File(files[j].Pos()).Name()
	})
	return files
}

func isGeneratedFile(fset *token.FileSet, f *ast.File) bool {
	tf := fset.File(f.Pos())
	return tf != nil && filepath.Base(tf.Name()) == GeneratedFile
}

// scanFile records the file's vars and directives; it returns the
// package-clause directives.
func (u *unit) scanFile(f *ast.File) []parsedDir {
	c := u.c
	funcDoc := map[*ast.CommentGroup]*ast.FuncDecl{}
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Doc != nil {
				funcDoc[decl.Doc] = decl
			}
		case *ast.GenDecl:
			if decl.Tok != token.VAR {
				continue
			}
			for _, spec := range decl.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, name := range vs.Names {
					v, ok := u.p.Info.Defs[name].(*types.Var)
					if !ok {
						continue
					}
					u.varDecl[v] = true
					if len(vs.Values) == len(vs.Names) {
						u.vars[v] = vs.Values[i]
					}
				}
			}
		}
	}
	testFile := strings.HasSuffix(c.fset.File(f.Pos()).Name(), "_test.go")
	var pkgDirs []parsedDir
	byFunc := map[*ast.FuncDecl]*funcDirs{}
	for _, cg := range f.Comments {
		for _, cm := range cg.List {
			if !directive.IsDirective(cm.Text) {
				if from, to, name, ok := directive.SpacedDirective(cm.Text); ok {
					pos, end := cm.Slash+token.Pos(from), cm.Slash+token.Pos(to)
					c.diags = append(c.diags, Diagnostic{Pos: cm.Slash, End: end, Warning: true,
						Msg: fmt.Sprintf("this comment does nothing: with a space after //, Go reads it as prose; write %s%s to make it a directive", directive.Prefix, name),
						Fix: []Edit{{Pos: pos, End: end}}})
				}
				continue
			}
			if testFile {
				c.errorf(cm.Slash, "directives in _test.go files are not part of the app: move //chalice: annotations to a non-test file")
				continue
			}
			d, err := directive.Parse(cm.Text)
			if err != nil {
				for _, e := range err.(directive.ErrorList) {
					c.diags = append(c.diags, lineDiagnostic(cm, e))
				}
				// A func whose directive is broken still counts as
				// annotated, so its other directives are judged correctly.
				if fd := funcDoc[cg]; fd != nil {
					entry := u.funcEntry(byFunc, fd)
					// Nor is a route naming a broken authorizer told the
					// authorizer lacks its directive.
					if entry.obj != nil && (cm.Text == directive.Prefix+"authorizer" || strings.HasPrefix(cm.Text, directive.Prefix+"authorizer ")) {
						u.authFuncs[entry.obj] = true
					}
				}
				continue
			}
			pd := parsedDir{d: d, c: cm}
			switch {
			case cg == f.Doc:
				if d.Spec.Target != directive.OnPackage {
					c.errorf(cm.Slash, "//chalice:%s must be in the doc comment of a func, not above the package clause", d.Name)
					continue
				}
				pkgDirs = append(pkgDirs, pd)
			case funcDoc[cg] != nil:
				if d.Spec.Target != directive.OnFunc {
					c.errorf(cm.Slash, "//chalice:%s must be in the comment above the package clause, not on a func", d.Name)
					continue
				}
				fd := u.funcEntry(byFunc, funcDoc[cg])
				fd.dirs = append(fd.dirs, pd)
			default:
				if d.Spec.Target == directive.OnPackage {
					c.errorf(cm.Slash, "//chalice:%s must be in the comment directly above the package clause", d.Name)
				} else {
					c.errorf(cm.Slash, "//chalice:%s must be in the doc comment of a package-level func (directly above it, no blank line)", d.Name)
				}
			}
		}
	}
	return pkgDirs
}

func (u *unit) funcEntry(byFunc map[*ast.FuncDecl]*funcDirs, decl *ast.FuncDecl) *funcDirs {
	if fd := byFunc[decl]; fd != nil {
		return fd
	}
	obj, _ := u.p.Info.Defs[decl.Name].(*types.Func)
	fd := &funcDirs{decl: decl, obj: obj}
	byFunc[decl] = fd
	u.funcs = append(u.funcs, fd)
	return fd
}

// validFunc checks what every annotated func needs, once per func: a
// package-level, non-generic func, exported in a blueprint, carrying either
// route directives or a single other directive.
func (u *unit) validFunc(fd *funcDirs, pd parsedDir) bool {
	if fd.obj == nil {
		return false
	}
	first := fd.dirs[0]
	if pd != first && !(pd.d.Name == "route" && first.d.Name == "route") {
		u.c.errorf(pd.c.Slash, "func %s already has //chalice:%s (%s); only //chalice:route may be repeated on one func",
			fd.decl.Name.Name, first.d.Name, u.c.short(first.c.Slash))
		return false
	}
	if !fd.checked {
		fd.checked = true
		fd.valid = u.validFuncOnce(fd, first)
	}
	return fd.valid
}

func (u *unit) validFuncOnce(fd *funcDirs, pd parsedDir) bool {
	decl := fd.decl
	name := decl.Name.Name
	switch {
	case decl.Recv != nil:
		u.c.errorf(decl.Name.Pos(), "//chalice:%s must be on a package-level func, not on method %s", pd.d.Name, name)
	case decl.Type.TypeParams != nil && len(decl.Type.TypeParams.List) > 0:
		u.c.errorf(decl.Name.Pos(), "func %s is generic; a handler must be a plain func the generated code can call", name)
	case name == "init" || name == "main" || name == "_":
		u.c.errorf(decl.Name.Pos(), "func %s cannot be a handler", name)
	case !u.isApp() && !decl.Name.IsExported():
		u.c.errorf(decl.Name.Pos(), "blueprint handler %s must be exported: the generated code in package main calls it as %s.%s",
			name, u.p.Types.Name(), exportedName(name))
	default:
		return true
	}
	return false
}

func exportedName(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (u *unit) funcRef(fd *funcDirs) model.Func {
	return model.Func{PkgPath: u.p.Types.Path(), Name: fd.decl.Name.Name, Pos: u.c.modelPos(fd.decl.Name.Pos())}
}

// logicalName applies the blueprint's name_prefix to a function's name= or
// Go name and checks it is usable in a Lambda function name.
func (u *unit) logicalName(fd *funcDirs, pd parsedDir) string {
	name := fd.decl.Name.Name
	pos := fd.decl.Name.Pos()
	if o, ok := pd.d.Option("name"); ok {
		name, pos = o.Value, pd.at(o.ValueCol)
	}
	if !validLambdaName(name) {
		u.c.errorf(pos, "function name %q may only contain letters, digits, '-' and '_' (it becomes part of the Lambda function name)", name)
	}
	return u.namePrefix + name
}

func validLambdaName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c == '-' || c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}

// addFunction records a logical Lambda function for the duplicate check.
func (c *checker) addFunction(name string, pos token.Pos, goFunc string) {
	c.fns = append(c.fns, &fnRec{name: name, pos: pos, goFunc: goFunc, posText: c.short(pos)})
}

// packageDirectives handles //chalice:app and //chalice:blueprint.
func (u *unit) packageDirectives(dirs []parsedDir) {
	c := u.c
	var appDir *parsedDir
	seenBP := map[string]token.Pos{}
	for i := range dirs {
		pd := dirs[i]
		switch pd.d.Name {
		case "app":
			if appDir != nil {
				c.errorf(pd.c.Slash, "duplicate //chalice:app (first at %s): put all app options on one line", c.short(appDir.c.Slash))
				continue
			}
			appDir = &dirs[i]
			u.appDirective(pd)
		case "blueprint":
			u.blueprintDirective(pd, seenBP)
		}
	}
}

func (u *unit) appDirective(pd parsedDir) {
	c := u.c
	app := c.app
	c.appDirective = pd.c.Slash
	app.Debug = pd.d.Has("debug")
	if o, ok := pd.d.Option("cors"); ok {
		if o.HasValue {
			app.CORS = u.corsVar(o.Value, pd.at(o.ValueCol))
		} else {
			app.CORS = defaultCORS()
		}
	}
	if o, ok := pd.d.Option("binary_types"); ok {
		app.BinaryTypesPos = c.modelPos(pd.at(o.Col))
		for _, it := range o.Items() {
			if !validMediaType(it.Text) {
				c.errorf(pd.at(it.Col), "binary type %q is not a media type like application/x-foo", it.Text)
				continue
			}
			app.BinaryTypes = append(app.BinaryTypes, it.Text)
		}
	}
	if o, ok := pd.d.Option("experimental"); ok {
		for _, it := range o.Items() {
			switch it.Text {
			case "WEBSOCKETS", "BLUEPRINTS":
				app.Experimental = append(app.Experimental, it.Text)
			default:
				c.errorf(pd.at(it.Col), "unknown experimental feature %q: the feature flags are WEBSOCKETS and BLUEPRINTS", it.Text)
			}
		}
	}
}

func (u *unit) blueprintDirective(pd parsedDir, seen map[string]token.Pos) {
	c := u.c
	arg := pd.d.Args[0]
	path := arg.Text
	ok := true
	switch {
	case strings.HasPrefix(path, ".") || strings.HasPrefix(path, "/"):
		c.errorf(pd.at(arg.Col), "blueprint %q must be a full import path (as in an import declaration), not a directory", path)
		ok = false
	case strings.Contains(path, "..."):
		c.errorf(pd.at(arg.Col), "blueprint %q must name one package, not a pattern", path)
		ok = false
	case !validImportPath(path):
		c.errorf(pd.at(arg.Col), "blueprint %q is not a valid import path", path)
		ok = false
	case path == u.p.Types.Path():
		c.errorf(pd.at(arg.Col), "blueprint %q is the app package itself", path)
		ok = false
	}
	if first, dup := seen[path]; dup {
		c.errorf(pd.c.Slash, "blueprint %s is already registered at %s", path, c.short(first))
		ok = false
	} else {
		seen[path] = pd.c.Slash
	}
	bp := &model.Blueprint{ImportPath: path, Pos: c.modelPos(pd.c.Slash)}
	if o, has := pd.d.Option("url_prefix"); has {
		if msgOff, msg := checkURLPrefix(o.Value); msg != "" {
			c.errorf(pd.argPos(directive.Token{Col: o.ValueCol, Quoted: o.Quoted}, msgOff), "url_prefix %q: %s", o.Value, msg)
			ok = false
		}
		bp.URLPrefix = o.Value
	}
	if o, has := pd.d.Option("name_prefix"); has {
		if !validLambdaName(o.Value) {
			c.errorf(pd.at(o.ValueCol), "name_prefix %q may only contain letters, digits, '-' and '_'", o.Value)
			ok = false
		}
		bp.NamePrefix = o.Value
	}
	if ok {
		c.blueprintDirs = append(c.blueprintDirs, &bpDirective{bp: bp, pos: pd.at(arg.Col)})
	}
}

// validImportPath is a light syntax check; the go command has the last word.
func validImportPath(p string) bool {
	if p == "" || strings.HasSuffix(p, "/") || strings.Contains(p, "//") {
		return false
	}
	for _, r := range p {
		if r <= ' ' || r == '\\' || r == '"' || r == '\'' || r == '`' || r == ':' || r == '*' || r == '<' || r == '>' || r == '?' || r == '|' || r == 0x7f {
			return false
		}
	}
	return true
}

func validMediaType(s string) bool {
	typ, sub, ok := strings.Cut(s, "/")
	return ok && isMediaToken(typ) && isMediaToken(sub)
}

func isMediaToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || strings.IndexByte("!#$&^_.+-*", c) >= 0) {
			return false
		}
	}
	return true
}

func defaultCORS() *model.CORS { return &model.CORS{AllowOrigin: "*"} }

// lineDiagnostic places a directive parse error, with its fix, in the
// source: columns of the line are offsets from the comment's slash.
func lineDiagnostic(cm *ast.Comment, e *directive.Error) Diagnostic {
	at := func(col int) token.Pos { return cm.Slash + token.Pos(col-1) }
	d := Diagnostic{Pos: at(e.Col), Msg: e.Msg}
	if e.End > 0 {
		d.End = at(e.End)
	}
	for _, ed := range e.Fix {
		d.Fix = append(d.Fix, Edit{Pos: at(ed.Col), End: at(ed.End), NewText: ed.Text})
	}
	return d
}
