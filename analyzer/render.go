package analyzer

import (
	"go/types"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/model"
)

// Type expressions are rendered last, once every package the generated file
// must name is known, so that qualifiers can be made unique across the
// whole app (two packages named "types" cannot both be "types").

// typeTable collects the signatures whose types are rendered last.
type typeTable struct {
	sigs  []sigTypes
	paths map[string]*types.Package // every package a rendered type mentions
	names map[string]string         // import path → qualifier, after assign
	app   *types.Package
}

// sigTypes ties a model signature to the go/types types of its params and
// result (nil when it has none).
type sigTypes struct {
	dst    *model.Signature
	sig    *types.Signature
	params []types.Type
	result types.Type
}

// fixedImports are the qualifiers the generated file uses for its own
// imports; another package with one of these names gets a new qualifier.
var fixedImports = map[string]string{
	"context":                       "context",
	"strconv":                       "strconv",
	chalicePath:                     "chalice",
	chalicePath + "/runtime":        "runtime",
	chalicePath + "/runtime/events": "events",
}

// describe fills what is known of t without rendering it: its name,
// package and scalar kind.
func (c *checker) describe(t types.Type, dst *model.Type) {
	u := types.Unalias(t)
	if p, ok := u.(*types.Pointer); ok {
		if o := namedObj(p.Elem()); o != nil {
			dst.Pointer = true
			u = types.Unalias(p.Elem())
		}
	}
	switch x := u.(type) {
	case *types.Named:
		dst.Name = x.Obj().Name()
		if x.Obj().Pkg() != nil {
			dst.PkgPath = x.Obj().Pkg().Path()
		}
	case *types.Basic:
		dst.Name = x.Name()
	}
	if !dst.Pointer {
		if b, ok := u.Underlying().(*types.Basic); ok {
			dst.Kind = scalarKindOfBasic[b.Kind()]
		}
	}
}

// register queues dst, a signature now in its final place in the model,
// for rendering.
func (tt *typeTable) register(dst *model.Signature, st sigTypes) {
	st.dst = dst
	tt.sigs = append(tt.sigs, st)
	tt.note(st.sig)
}

// note records the packages TypeString would qualify in t.
func (tt *typeTable) note(t types.Type) {
	types.TypeString(t, func(p *types.Package) string {
		tt.paths[p.Path()] = p
		return p.Name()
	})
}

// assign picks a qualifier per import path: the fixed imports keep theirs;
// other packages keep their own name unless it is taken (by a fixed import,
// an earlier path, or a name declared in the app package, which the
// generated file shares), in which case a number is appended.
func (tt *typeTable) assign(reserved map[string]bool, extra map[string]string) {
	tt.names = map[string]string{}
	taken := map[string]bool{}
	for k := range reserved {
		taken[k] = true
	}
	for path, name := range fixedImports {
		tt.names[path] = name
		taken[name] = true
	}
	all := map[string]string{}
	for path, p := range tt.paths {
		all[path] = p.Name()
	}
	for path, name := range extra {
		all[path] = name
	}
	paths := make([]string, 0, len(all))
	for p := range all {
		if _, fixed := tt.names[p]; !fixed && (tt.app == nil || p != tt.app.Path()) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		base := all[p]
		name := base
		for i := 2; taken[name]; i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		tt.names[p] = name
	}
}

func (tt *typeTable) qualifier(used map[string]bool) types.Qualifier {
	return func(p *types.Package) string {
		if tt.app != nil && p.Path() == tt.app.Path() {
			return ""
		}
		if used != nil {
			used[p.Path()] = true
		}
		if n, ok := tt.names[p.Path()]; ok {
			return n
		}
		return p.Name()
	}
}

// render fills every queued Expr, Imports and GoType.
func (tt *typeTable) render() {
	one := func(t types.Type, dst *model.Type) {
		used := map[string]bool{}
		dst.Expr = types.TypeString(t, tt.qualifier(used))
		dst.Imports = sortedKeys(used)
	}
	for _, st := range tt.sigs {
		for i, t := range st.params {
			one(t, &st.dst.Params[i].Type)
		}
		if st.result != nil {
			one(st.result, &st.dst.ResultType)
		}
		st.dst.GoType = tt.funcType(st.sig)
	}
}

// funcType spells a signature as a func type without parameter names.
func (tt *typeTable) funcType(s *types.Signature) string {
	q := tt.qualifier(nil)
	list := func(t *types.Tuple, variadic bool) []string {
		out := make([]string, t.Len())
		for i := range out {
			typ := t.At(i).Type()
			if variadic && i == t.Len()-1 {
				out[i] = "..." + types.TypeString(typ.(*types.Slice).Elem(), q)
				continue
			}
			out[i] = types.TypeString(typ, q)
		}
		return out
	}
	b := "func(" + strings.Join(list(s.Params(), s.Variadic()), ", ") + ")"
	res := list(s.Results(), false)
	switch len(res) {
	case 0:
	case 1:
		b += " " + res[0]
	default:
		b += " (" + strings.Join(res, ", ") + ")"
	}
	return b
}

func sortedKeys(m map[string]bool) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// typeString is t as messages show it: qualified by package name, the app's
// own types unqualified.
func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string {
		if c.appPkg != nil && p.Path() == c.appPkg.Path() {
			return ""
		}
		return p.Name()
	})
}
