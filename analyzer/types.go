package analyzer

import (
	"fmt"
	"go/token"
	"go/types"
	"reflect"

	"github.com/chalice-go/chalice/model"
)

var errorType = types.Universe.Lookup("error").Type()

// method builds a one-method interface for Implements checks.
func method(name string, params, results []types.Type) *types.Interface {
	tuple := func(ts []types.Type) *types.Tuple {
		vs := make([]*types.Var, len(ts))
		for i, t := range ts {
			vs[i] = types.NewParam(0, nil, "", t)
		}
		return types.NewTuple(vs...)
	}
	sig := types.NewSignatureType(nil, nil, nil, tuple(params), tuple(results), false)
	return types.NewInterfaceType([]*types.Func{types.NewFunc(0, nil, name, sig)}, nil).Complete()
}

var (
	byteSlice         = types.NewSlice(types.Typ[types.Byte])
	textUnmarshaler   = method("UnmarshalText", []types.Type{byteSlice}, []types.Type{errorType})
	textMarshaler     = method("MarshalText", nil, []types.Type{byteSlice, errorType})
	jsonMarshaler     = method("MarshalJSON", nil, []types.Type{byteSlice, errorType})
	jsonUnmarshaler   = method("UnmarshalJSON", []types.Type{byteSlice}, []types.Type{errorType})
	scalarKindOfBasic = map[types.BasicKind]model.ScalarKind{
		types.String: model.String, types.Bool: model.Bool,
		types.Int: model.Int, types.Int8: model.Int8, types.Int16: model.Int16, types.Int32: model.Int32, types.Int64: model.Int64,
		types.Uint: model.Uint, types.Uint8: model.Uint8, types.Uint16: model.Uint16, types.Uint32: model.Uint32, types.Uint64: model.Uint64,
		types.Float32: model.Float32, types.Float64: model.Float64,
	}
)

// namedObj returns the type name of t (aliases resolved), or nil.
func namedObj(t types.Type) *types.TypeName {
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj()
	}
	return nil
}

func isNamed(t types.Type, path, name string) bool {
	o := namedObj(t)
	return o != nil && o.Pkg() != nil && o.Pkg().Path() == path && o.Name() == name
}

func isChalice(t types.Type, name string) bool { return isNamed(t, chalicePath, name) }

func isPtrToChalice(t types.Type, name string) bool {
	p, ok := types.Unalias(t).(*types.Pointer)
	return ok && isChalice(p.Elem(), name)
}

func isContext(t types.Type) bool { return isNamed(t, "context", "Context") }

func isError(t types.Type) bool { return types.Identical(t, errorType) }

func implements(t types.Type, iface *types.Interface) bool {
	return types.Implements(t, iface) || types.Implements(types.NewPointer(t), iface)
}

// captureKind says how a capture parameter of type t is parsed, or why it
// cannot be one.
func captureKind(t types.Type) (model.ScalarKind, string) {
	t = types.Unalias(t)
	switch t.(type) {
	case *types.Pointer:
		return "", "captures are passed by value; use the type itself, not a pointer"
	case *types.Interface:
		return "", "an interface cannot be parsed from a path segment"
	}
	if _, named := t.(*types.Named); named && types.Implements(types.NewPointer(t), textUnmarshaler) {
		return model.TextUnmarshal, ""
	}
	if b, ok := t.Underlying().(*types.Basic); ok {
		if k, ok := scalarKindOfBasic[b.Kind()]; ok {
			return k, ""
		}
	}
	return "", "a capture is a string, bool, integer or float kind, or a type whose pointer implements encoding.TextUnmarshaler"
}

// isBodyType reports a type a JSON body can be decoded into.
func isBodyType(t types.Type) bool {
	switch u := t.Underlying().(type) {
	case *types.Struct, *types.Map, *types.Slice:
		return true
	case *types.Pointer:
		_, ok := u.Elem().Underlying().(*types.Struct)
		return ok
	}
	return false
}

// jsonProblem returns why values of t cannot be JSON-encoded (encode) or
// decoded, or "". It follows encoding/json: exported fields only, `json:"-"`
// skipped, Marshaler/TextMarshaler types accepted as they are.
func (c *checker) jsonProblem(t types.Type, encode bool) string {
	w := jsonWalker{encode: encode, seen: map[types.Type]bool{}, str: c.typeString}
	return w.walk(t, "")
}

type jsonWalker struct {
	encode bool
	seen   map[types.Type]bool
	str    func(types.Type) string
}

func (w *jsonWalker) walk(t types.Type, where string) string {
	encode, seen := w.encode, w.seen
	t = types.Unalias(t)
	if _, ok := t.(*types.Named); ok {
		if seen[t] {
			return ""
		}
		seen[t] = true
		if encode && (implements(t, jsonMarshaler) || implements(t, textMarshaler)) {
			return ""
		}
		if !encode && (types.Implements(types.NewPointer(t), jsonUnmarshaler) || types.Implements(types.NewPointer(t), textUnmarshaler)) {
			return ""
		}
	}
	at := func(what string) string {
		if where == "" {
			return "it " + what
		}
		return where + " " + what
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		switch {
		case u.Info()&types.IsComplex != 0:
			return at("has complex type " + u.Name() + ", which JSON cannot represent")
		case u.Kind() == types.UnsafePointer:
			return at("is an unsafe.Pointer")
		case u.Kind() == types.Invalid:
			return at("has an invalid type")
		}
	case *types.Chan:
		return at("is a channel")
	case *types.Signature:
		return at("is a func")
	case *types.Interface:
		if !encode && !u.Empty() {
			return at(fmt.Sprintf("is the interface %s, which JSON cannot decode into", w.str(t)))
		}
	case *types.Pointer:
		return w.walk(u.Elem(), where)
	case *types.Slice:
		return w.walk(u.Elem(), where)
	case *types.Array:
		return w.walk(u.Elem(), where)
	case *types.Map:
		k := u.Key()
		kb, isBasic := k.Underlying().(*types.Basic)
		okKey := isBasic && kb.Info()&(types.IsString|types.IsInteger) != 0
		if encode && implements(k, textMarshaler) || !encode && types.Implements(types.NewPointer(k), textUnmarshaler) {
			okKey = true
		}
		if !okKey {
			return at("is a map with key type " + w.str(k) + "; JSON object keys are strings, integers or encoding.Text(Un)Marshalers")
		}
		return w.walk(u.Elem(), where)
	case *types.Struct:
		for i := 0; i < u.NumFields(); i++ {
			f := u.Field(i)
			tag := reflect.StructTag(u.Tag(i)).Get("json")
			if tag == "-" {
				continue
			}
			if !f.Exported() && !f.Embedded() {
				continue
			}
			label := "field " + f.Name()
			if where != "" {
				label = where + "." + f.Name()
			}
			if why := w.walk(f.Type(), label); why != "" {
				return why
			}
		}
	case *types.TypeParam:
		return at("is a type parameter")
	}
	return ""
}

// unexportedName returns the first named type in t that the generated file
// (in package app) cannot spell, or nil.
func unexportedName(t types.Type, app *types.Package) *types.TypeName {
	var walk func(t types.Type) *types.TypeName
	seen := map[types.Type]bool{}
	walk = func(t types.Type) *types.TypeName {
		if seen[t] {
			return nil
		}
		seen[t] = true
		switch x := t.(type) {
		case *types.Alias:
			o := x.Obj()
			if o.Pkg() != nil && (app == nil || o.Pkg().Path() != app.Path()) && !o.Exported() {
				return o
			}
			return nil // the alias name is what gets spelled
		case *types.Named:
			o := x.Obj()
			if o.Pkg() != nil && (app == nil || o.Pkg().Path() != app.Path()) && !o.Exported() {
				return o
			}
			if args := x.TypeArgs(); args != nil {
				for i := 0; i < args.Len(); i++ {
					if n := walk(args.At(i)); n != nil {
						return n
					}
				}
			}
		case *types.Pointer:
			return walk(x.Elem())
		case *types.Slice:
			return walk(x.Elem())
		case *types.Array:
			return walk(x.Elem())
		case *types.Chan:
			return walk(x.Elem())
		case *types.Map:
			if n := walk(x.Key()); n != nil {
				return n
			}
			return walk(x.Elem())
		case *types.Struct:
			for i := 0; i < x.NumFields(); i++ {
				if n := walk(x.Field(i).Type()); n != nil {
					return n
				}
			}
		case *types.Signature:
			for _, tup := range []*types.Tuple{x.Params(), x.Results()} {
				for i := 0; i < tup.Len(); i++ {
					if n := walk(tup.At(i).Type()); n != nil {
						return n
					}
				}
			}
		}
		return nil
	}
	return walk(t)
}

// nameable reports (and returns false for) a type the generated file
// cannot spell.
func (c *checker) nameable(t types.Type, pos token.Pos) bool {
	if o := unexportedName(t, c.appPkg); o != nil {
		c.errorf(pos, "type %s.%s is unexported: the generated code in package main cannot name it; export it", o.Pkg().Name(), o.Name())
		return false
	}
	return true
}
