package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/chalice-go/chalice/model"
)

// typeExpr is a model.Type rebuilt as jennifer code. The model spells types
// as Go source (Type.Expr); re-emitting that text verbatim would hide the
// packages it names from jennifer, which then could neither import them nor
// rename them on a clash. So the expression is parsed and every `pkg.Name`
// becomes jen.Qual(importPath, Name).
type typeExpr struct {
	code jen.Code
	// idents are the unqualified identifiers the expression uses (predeclared
	// types, types of the app package). A wrapper's locals must not shadow them.
	idents []string
}

// typeCode converts t. Unqualified names are emitted as is: the generated
// file lives in the app package, so they resolve exactly as in the handler.
func (g *generator) typeCode(t model.Type) (typeExpr, error) {
	src := t.Expr
	if src == "" {
		// A model without Expr still names its type.
		if t.Name == "" {
			return typeExpr{}, fmt.Errorf("type has neither Expr nor Name")
		}
		var c jen.Code = g.qual(t.PkgPath, t.Name)
		if t.Pointer {
			c = jen.Op("*").Add(c)
		}
		return typeExpr{code: c, idents: []string{t.Name}}, nil
	}
	x, err := parser.ParseExpr(src)
	if err != nil {
		return typeExpr{}, fmt.Errorf("type %q: %v", src, err)
	}
	conv := typeConv{g: g, t: t}
	code, err := conv.expr(x)
	if err != nil {
		return typeExpr{}, fmt.Errorf("type %q: %v", src, err)
	}
	return typeExpr{code: code, idents: conv.idents}, nil
}

// elemType returns the type a pointer type points to, for declaring a local
// whose address is passed (`var x T` then `&x` for a *T parameter).
func (g *generator) elemType(t model.Type) (model.Type, error) {
	e := t
	e.Pointer = false
	if t.Expr != "" {
		s := strings.TrimSpace(t.Expr)
		if !strings.HasPrefix(s, "*") {
			return e, fmt.Errorf("type %q: marked as pointer but is not spelled as one", t.Expr)
		}
		e.Expr = strings.TrimSpace(s[1:])
	}
	return e, nil
}

type typeConv struct {
	g      *generator
	t      model.Type
	idents []string
}

func (c *typeConv) expr(x ast.Expr) (*jen.Statement, error) {
	switch x := x.(type) {
	case *ast.Ident:
		c.idents = append(c.idents, x.Name)
		return jen.Id(x.Name), nil
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return nil, fmt.Errorf("unsupported qualified name")
		}
		path, err := c.g.resolvePkg(pkg.Name, c.t.Imports)
		if err != nil {
			return nil, err
		}
		return c.g.qual(path, x.Sel.Name), nil
	case *ast.StarExpr:
		e, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		return jen.Op("*").Add(e), nil
	case *ast.ParenExpr:
		e, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		return jen.Parens(e), nil
	case *ast.ArrayType:
		elem, err := c.expr(x.Elt)
		if err != nil {
			return nil, err
		}
		if x.Len == nil {
			return jen.Index().Add(elem), nil
		}
		n, err := c.expr(x.Len)
		if err != nil {
			return nil, err
		}
		return jen.Index(n).Add(elem), nil
	case *ast.BasicLit:
		// Array lengths.
		if x.Kind != token.INT {
			return nil, fmt.Errorf("unsupported literal %s", x.Value)
		}
		return jen.Op(x.Value), nil
	case *ast.MapType:
		k, err := c.expr(x.Key)
		if err != nil {
			return nil, err
		}
		v, err := c.expr(x.Value)
		if err != nil {
			return nil, err
		}
		return jen.Map(k).Add(v), nil
	case *ast.InterfaceType:
		if x.Methods != nil && len(x.Methods.List) > 0 {
			return nil, fmt.Errorf("non-empty interface types are not supported")
		}
		return jen.Interface(), nil
	case *ast.StructType:
		return c.structType(x)
	case *ast.IndexExpr:
		base, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		arg, err := c.expr(x.Index)
		if err != nil {
			return nil, err
		}
		return base.Types(arg), nil
	case *ast.IndexListExpr:
		base, err := c.expr(x.X)
		if err != nil {
			return nil, err
		}
		args := make([]jen.Code, len(x.Indices))
		for i, ix := range x.Indices {
			if args[i], err = c.expr(ix); err != nil {
				return nil, err
			}
		}
		return base.Types(args...), nil
	}
	return nil, fmt.Errorf("unsupported type syntax %T", x)
}

// structType handles anonymous struct types (a body parameter may be one).
// Tags are kept verbatim: they drive encoding/json.
func (c *typeConv) structType(x *ast.StructType) (*jen.Statement, error) {
	var fields []jen.Code
	for _, f := range x.Fields.List {
		typ, err := c.expr(f.Type)
		if err != nil {
			return nil, err
		}
		var field *jen.Statement
		if len(f.Names) == 0 {
			field = jen.Add(typ) // embedded
		} else {
			names := make([]jen.Code, len(f.Names))
			for i, n := range f.Names {
				names[i] = jen.Id(n.Name)
			}
			field = jen.List(names...).Add(typ)
		}
		if f.Tag != nil {
			field = field.Op(f.Tag.Value)
		}
		fields = append(fields, field)
	}
	return jen.Struct(fields...), nil
}

// funcSig renders func(params) results with the result list parenthesized
// only when needed.
func funcSig(params, results []jen.Code) *jen.Statement {
	s := jen.Func().Params(params...)
	switch len(results) {
	case 0:
	case 1:
		s = s.Add(results[0])
	default:
		s = s.Parens(jen.List(results...))
	}
	return s
}
