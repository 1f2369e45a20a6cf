package analyzer

import (
	"go/ast"
	"go/types"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/model"
)

// Shapes: the JSON form of the routes' Go types (model.Shape), derived here
// because only the analyzer holds go/types; OpenAPI and the typed clients
// render the model. The rules follow encoding/json, which the generated
// dispatcher uses to decode bodies and encode results.

// shaper derives shapes and collects the named struct types they refer to.
type shaper struct {
	// defs maps a named struct type's full spelling (import paths) to its
	// entry; Ref holds that key until names are assigned.
	defs  map[string]*model.NamedShape
	named map[string]*types.Named
}

func newShaper() *shaper {
	return &shaper{defs: map[string]*model.NamedShape{}, named: map[string]*types.Named{}}
}

// deriveShapes fills Type.Shape of every route's captures, body and result
// and sets app.Shapes.
func (c *checker) deriveShapes() {
	sh := newShaper()
	byDst := map[*model.Signature]*sigTypes{}
	for i := range c.types.sigs {
		byDst[c.types.sigs[i].dst] = &c.types.sigs[i]
	}
	for _, rec := range c.routes {
		sig := &rec.r.Signature
		st := byDst[sig]
		if st == nil {
			continue
		}
		for i, p := range sig.Params {
			switch p.Kind {
			case model.ParamCapture:
				sig.Params[i].Type.Shape = captureShape(st.params[i])
			case model.ParamBody:
				sig.Params[i].Type.Shape = sh.shape(st.params[i])
			}
		}
		if st.result != nil && !sig.ResponseResult {
			sig.ResultType.Shape = sh.shape(st.result)
		}
	}
	c.app.Shapes = sh.finish(c.app)
}

// captureShape is the schema of a path capture: the scalar it parses as.
func captureShape(t types.Type) *model.Shape {
	if isNamed(t, "time", "Time") {
		return &model.Shape{Type: model.JSONString, Format: "date-time"}
	}
	if k, _ := captureKind(t); k == model.TextUnmarshal {
		return &model.Shape{Type: model.JSONString}
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		return basicShape(b)
	}
	return &model.Shape{Type: model.JSONString}
}

func basicShape(b *types.Basic) *model.Shape {
	switch b.Kind() {
	case types.String:
		return &model.Shape{Type: model.JSONString}
	case types.Bool:
		return &model.Shape{Type: model.JSONBoolean}
	case types.Int8, types.Int16, types.Int32:
		return &model.Shape{Type: model.JSONInteger, Format: "int32"}
	case types.Uint8, types.Uint16:
		return &model.Shape{Type: model.JSONInteger, Format: "int32", Unsigned: true}
	case types.Int, types.Int64:
		return &model.Shape{Type: model.JSONInteger, Format: "int64"}
	case types.Uint, types.Uint32, types.Uint64, types.Uintptr:
		return &model.Shape{Type: model.JSONInteger, Format: "int64", Unsigned: true}
	case types.Float32:
		return &model.Shape{Type: model.JSONNumber, Format: "float"}
	case types.Float64:
		return &model.Shape{Type: model.JSONNumber, Format: "double"}
	}
	return &model.Shape{}
}

// shape is the JSON form of t.
func (sh *shaper) shape(t types.Type) *model.Shape {
	t = types.Unalias(t)
	if isNamed(t, "time", "Time") {
		return &model.Shape{Type: model.JSONString, Format: "date-time"}
	}
	if _, ok := t.(*types.Named); ok {
		switch {
		case implements(t, jsonMarshaler) || types.Implements(types.NewPointer(t), jsonUnmarshaler):
			return &model.Shape{} // its own JSON form: unknown here
		case implements(t, textMarshaler) || types.Implements(types.NewPointer(t), textUnmarshaler):
			return &model.Shape{Type: model.JSONString}
		}
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return basicShape(u)
	case *types.Pointer:
		s := *sh.shape(u.Elem())
		s.Nullable = true
		return &s
	case *types.Slice:
		if b, ok := types.Unalias(u.Elem()).(*types.Basic); ok && b.Kind() == types.Byte {
			return &model.Shape{Type: model.JSONString, Base64: true}
		}
		return &model.Shape{Type: model.JSONArray, Items: sh.shape(u.Elem())}
	case *types.Array:
		return &model.Shape{Type: model.JSONArray, Items: sh.shape(u.Elem()), Len: int(u.Len())}
	case *types.Map:
		return &model.Shape{Type: model.JSONObject, Values: sh.shape(u.Elem())}
	case *types.Struct:
		n, ok := t.(*types.Named)
		if !ok {
			return sh.structShape(u)
		}
		key := types.TypeString(n, nil)
		if _, done := sh.defs[key]; !done {
			def := &model.NamedShape{GoType: key}
			sh.defs[key] = def // before the fields: recursion ends here
			sh.named[key] = n
			def.Shape = sh.structShape(u)
		}
		return &model.Shape{Ref: key}
	}
	return &model.Shape{} // interfaces: any JSON value
}

// jsonField is a struct field as encoding/json sees it.
type jsonField struct {
	name   string
	goName string
	typ    types.Type
	tagged bool
	opts   string
	depth  int
	index  []int
}

// structShape lists the JSON properties of st: exported fields, json tag
// names, embedded structs' fields promoted with encoding/json's rule (the
// shallowest field of a name wins; at equal depth a tagged one; else none).
func (sh *shaper) structShape(st *types.Struct) *model.Shape {
	out := &model.Shape{Type: model.JSONObject}
	for _, f := range jsonFields(st) {
		fs := sh.shape(f.typ)
		if hasOpt(f.opts, "string") {
			if b, ok := derefBasic(f.typ); ok && b.Info()&(types.IsNumeric|types.IsBoolean|types.IsString) != 0 {
				fs = &model.Shape{Type: model.JSONString, Nullable: fs.Nullable}
			}
		}
		out.Fields = append(out.Fields, model.Field{
			Name:     f.name,
			GoName:   f.goName,
			Required: !hasOpt(f.opts, "omitempty") && !hasOpt(f.opts, "omitzero"),
			Shape:    fs,
		})
	}
	return out
}

func derefBasic(t types.Type) (*types.Basic, bool) {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	b, ok := t.Underlying().(*types.Basic)
	return b, ok
}

func hasOpt(opts, name string) bool {
	for _, o := range strings.Split(opts, ",") {
		if o == name {
			return true
		}
	}
	return false
}

// jsonFields walks st breadth-first through embedded structs and keeps
// the dominant field of each JSON name, in field order.
func jsonFields(st *types.Struct) []jsonField {
	var all []jsonField
	type level struct {
		st    *types.Struct
		index []int
	}
	current := []level{{st: st}}
	visited := map[*types.Struct]bool{}
	for depth := 0; len(current) > 0; depth++ {
		var next []level
		for _, lv := range current {
			if visited[lv.st] {
				continue
			}
			visited[lv.st] = true
			for i := 0; i < lv.st.NumFields(); i++ {
				f := lv.st.Field(i)
				tag := reflect.StructTag(lv.st.Tag(i)).Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				index := append(append([]int(nil), lv.index...), i)
				ft := types.Unalias(f.Type())
				if f.Embedded() {
					elem := ft
					if p, ok := ft.Underlying().(*types.Pointer); ok {
						elem = types.Unalias(p.Elem())
					}
					s, isStruct := elem.Underlying().(*types.Struct)
					if name == "" && isStruct {
						// An embedded pointer to an unexported struct
						// cannot be set by decoding; encoding/json skips it.
						if _, ptr := ft.(*types.Pointer); ptr && !f.Exported() {
							continue
						}
						next = append(next, level{st: s, index: index})
						continue
					}
					if !f.Exported() {
						continue
					}
				} else if !f.Exported() {
					continue
				}
				jf := jsonField{name: name, goName: f.Name(), typ: f.Type(), tagged: name != "", opts: opts, depth: depth, index: index}
				if !validTagName(name) {
					jf.name, jf.tagged = f.Name(), false
				}
				all = append(all, jf)
			}
		}
		current = next
	}
	// Dominant field per name.
	byName := map[string][]jsonField{}
	for _, f := range all {
		byName[f.name] = append(byName[f.name], f)
	}
	var out []jsonField
	for _, fs := range byName {
		min := fs[0].depth
		for _, f := range fs {
			if f.depth < min {
				min = f.depth
			}
		}
		var top []jsonField
		for _, f := range fs {
			if f.depth == min {
				top = append(top, f)
			}
		}
		if len(top) > 1 {
			var tagged []jsonField
			for _, f := range top {
				if f.tagged {
					tagged = append(tagged, f)
				}
			}
			if len(tagged) != 1 {
				continue
			}
			top = tagged
		}
		out = append(out, top[0])
	}
	sort.Slice(out, func(i, j int) bool { return lessIndex(out[i].index, out[j].index) })
	return out
}

func lessIndex(a, b []int) bool {
	for k := 0; k < len(a) && k < len(b); k++ {
		if a[k] != b[k] {
			return a[k] < b[k]
		}
	}
	return len(a) < len(b)
}

// validTagName reports a json tag name encoding/json accepts.
func validTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !isLetterOrDigit(c):
			return false
		}
	}
	return true
}

func isLetterOrDigit(c rune) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c > 127
}

// finish names the collected struct types (the Go name; the package name
// prefixed when two packages share it; type arguments appended for
// generic instances), rewrites every Ref to that name and returns the
// entries sorted by name.
func (sh *shaper) finish(app *model.App) []*model.NamedShape {
	if len(sh.defs) == 0 {
		return nil
	}
	keys := make([]string, 0, len(sh.defs))
	for k := range sh.defs {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	base := map[string]string{}
	count := map[string]int{}
	for _, k := range keys {
		b := identName(types.TypeString(sh.named[k], func(*types.Package) string { return "" }))
		base[k] = b
		count[b]++
	}
	// In a clash the app package's own type keeps the bare name; the
	// others are prefixed with their package name.
	rename := map[string]string{}
	taken := map[string]bool{}
	for _, k := range keys {
		if p := sh.named[k].Obj().Pkg(); p != nil && p.Path() == app.PkgPath && !taken[base[k]] {
			taken[base[k]] = true
			rename[k] = base[k]
		}
	}
	for _, k := range keys {
		if rename[k] != "" {
			continue
		}
		name := base[k]
		if count[name] > 1 {
			if p := sh.named[k].Obj().Pkg(); p != nil {
				name = identName(p.Name()) + "_" + name
			}
		}
		cand := name
		for i := 2; taken[name]; i++ {
			name = cand + strconv.Itoa(i)
		}
		taken[name] = true
		rename[k] = name
	}
	var fix func(s *model.Shape)
	fix = func(s *model.Shape) {
		if s == nil {
			return
		}
		if n, ok := rename[s.Ref]; ok { // shapes may be shared: rename once
			s.Ref = n
		}
		fix(s.Items)
		fix(s.Values)
		for _, f := range s.Fields {
			fix(f.Shape)
		}
	}
	out := make([]*model.NamedShape, 0, len(keys))
	for _, k := range keys {
		d := sh.defs[k]
		d.Name = rename[k]
		fix(d.Shape)
		out = append(out, d)
	}
	for _, r := range app.Routes {
		for _, p := range r.Signature.Params {
			fix(p.Type.Shape)
		}
		fix(r.Signature.ResultType.Shape)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// identName turns a type spelling (Page[User]) into an identifier
// (Page_User).
func identName(s string) string {
	var b strings.Builder
	under := false
	for _, c := range s {
		if isLetterOrDigit(c) && c < 128 {
			b.WriteRune(c)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	return strings.TrimSuffix(b.String(), "_")
}

// errorConstructors lists the chalice error constructors (BadRequestError,
// NotFoundError, ...) the handler's own body calls, sorted: the statuses
// the API description can name. Calls made by other functions are not
// followed; the description's default response covers them.
func (u *unit) errorConstructors(fd *ast.FuncDecl) []string {
	if fd.Body == nil || u.p.Info == nil {
		return nil
	}
	seen := map[string]bool{}
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		var id *ast.Ident
		switch f := ast.Unparen(call.Fun).(type) {
		case *ast.Ident:
			id = f
		case *ast.SelectorExpr:
			id = f.Sel
		}
		if id == nil {
			return true
		}
		fn, ok := u.p.Info.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil || fn.Pkg().Path() != chalicePath || !strings.HasSuffix(fn.Name(), "Error") {
			return true
		}
		if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() == nil && sig.Results().Len() == 1 && isError(sig.Results().At(0).Type()) {
			seen[fn.Name()] = true
		}
		return true
	})
	if len(seen) == 0 {
		return nil
	}
	out := make([]string, 0, len(seen))
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
