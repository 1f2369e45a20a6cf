package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/chalice-go/chalice/model"
)

// routeWrappers renders one runtime.RouteHandler per route and returns the
// wrapper names in route order.
func (g *generator) routeWrappers() ([]jen.Code, []string, error) {
	names := g.wrapperNames()
	out := make([]jen.Code, len(g.app.Routes))
	for i, r := range g.app.Routes {
		w, err := g.routeWrapper(r, names[i])
		if err != nil {
			return nil, nil, posErr(r.Pos, "route %s: %v", r.Name, err)
		}
		out[i] = w
	}
	return out, names, nil
}

// intParse gives the strconv function and bit size for each integer and
// float kind; 0 means the platform's int size, as strconv reads it.
var intParse = map[model.ScalarKind]struct {
	fn   string
	bits int
}{
	model.Int: {"ParseInt", 0}, model.Int8: {"ParseInt", 8}, model.Int16: {"ParseInt", 16},
	model.Int32: {"ParseInt", 32}, model.Int64: {"ParseInt", 64},
	model.Uint: {"ParseUint", 0}, model.Uint8: {"ParseUint", 8}, model.Uint16: {"ParseUint", 16},
	model.Uint32: {"ParseUint", 32}, model.Uint64: {"ParseUint", 64},
	model.Float32: {"ParseFloat", 32}, model.Float64: {"ParseFloat", 64},
}

// parsedKind is the kind strconv returns for a scalar kind: when the
// parameter's type is exactly that, no conversion is written.
var parsedKind = map[string]model.ScalarKind{
	"ParseInt": model.Int64, "ParseUint": model.Uint64, "ParseFloat": model.Float64,
}

// routeWrapper renders
//
//	func chaliceRoute_h(ctx context.Context, c *runtime.Call) (any, error) {
//		<parse captures, decode the body>
//		return h(<args>)
//	}
func (g *generator) routeWrapper(r *model.Route, name string) (jen.Code, error) {
	sig := r.Signature
	captures := r.Captures()

	// Reserve everything the body mentions before naming locals.
	sc := scope{}
	sc.reserve(g.packageNames()...)
	if g.isLocal(r.Func.PkgPath) {
		sc.reserve(r.Func.Name)
	}
	_, _, idents, err := g.sigTypes(sig)
	if err != nil {
		return nil, err
	}
	sc.reserve(idents...)
	ctx, call, errv := sc.fresh("ctx"), sc.fresh("c"), sc.fresh("err")

	var body []jen.Code
	var args []jen.Code
	hasBody := false
	for _, p := range sig.Params {
		switch p.Kind {
		case model.ParamContext:
			args = append(args, jen.Id(ctx))
		case model.ParamRequest:
			args = append(args, jen.Id(call).Dot("Request").Call())
		case model.ParamBody:
			if hasBody {
				return nil, fmt.Errorf("more than one body parameter")
			}
			hasBody = true
			stmts, arg, err := g.bodyParam(sc, p, call, errv)
			if err != nil {
				return nil, err
			}
			body = append(body, stmts...)
			args = append(args, arg)
		case model.ParamCapture:
			if p.CaptureIndex < 0 || p.CaptureIndex >= len(captures) {
				return nil, fmt.Errorf("parameter %s: capture index %d out of range for path %q", p.Name, p.CaptureIndex, r.Path)
			}
			stmts, arg, err := g.captureParam(sc, p, captures[p.CaptureIndex], call, errv)
			if err != nil {
				return nil, fmt.Errorf("parameter %s: %v", p.Name, err)
			}
			body = append(body, stmts...)
			args = append(args, arg)
		default:
			return nil, fmt.Errorf("parameter %s: kind %d is not allowed in a route handler", p.Name, p.Kind)
		}
	}

	callH := g.funcRef(r.Func).Call(args...)
	switch sig.Result {
	case model.ResultNone:
		body = append(body, callH, jen.Return(jen.Nil(), jen.Nil()))
	case model.ResultError:
		body = append(body, jen.Return(jen.Nil(), callH))
	case model.ResultValue:
		body = append(body, jen.Return(callH, jen.Nil()))
	case model.ResultValueError:
		// (T, error) is assignable to (any, error) as a whole.
		body = append(body, jen.Return(callH))
	default:
		return nil, fmt.Errorf("unknown result kind %d", sig.Result)
	}

	return jen.Func().Id(name).Params(
		jen.Id(ctx).Qual("context", "Context"),
		jen.Id(call).Op("*").Qual(runtimePkg, "Call"),
	).Parens(jen.List(jen.Any(), jen.Error())).Block(body...), nil
}

// bodyParam declares the body variable and decodes into it; a *T parameter
// gets the address of a T.
func (g *generator) bodyParam(sc scope, p model.Param, call, errv string) ([]jen.Code, jen.Code, error) {
	local := sc.fresh(p.Name)
	t := p.Type
	var arg jen.Code = jen.Id(local)
	if t.Pointer {
		var err error
		if t, err = g.elemType(t); err != nil {
			return nil, nil, err
		}
		arg = jen.Op("&").Id(local)
	}
	te, err := g.typeCode(t)
	if err != nil {
		return nil, nil, fmt.Errorf("parameter %s: %v", p.Name, err)
	}
	return []jen.Code{
		jen.Var().Id(local).Add(te.code),
		jen.If(jen.Id(errv).Op(":=").Id(call).Dot("DecodeJSON").Call(jen.Op("&").Id(local)), jen.Id(errv).Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Id(errv)),
		),
	}, arg, nil
}

// captureParam parses capture i into the parameter's type. The raw value is
// read again with c.Param(i) on the error path rather than kept in a local:
// it is a slice index, and the happy path stays one statement per capture.
func (g *generator) captureParam(sc scope, p model.Param, capName, call, errv string) ([]jen.Code, jen.Code, error) {
	raw := func() *jen.Statement { return jen.Id(call).Dot("Param").Call(jen.Lit(p.CaptureIndex)) }
	fail := func() jen.Code {
		return jen.If(jen.Id(errv).Op("!=").Nil()).Block(
			jen.Return(jen.Nil(), jen.Qual(runtimePkg, "BadParam").Call(jen.Lit(capName), raw(), jen.Id(errv))),
		)
	}
	t := p.Type
	kind := t.Kind
	if kind == "" {
		// A predeclared type needs no Kind to be understood.
		kind = model.ScalarKind(t.Expr)
	}
	// convert wraps v in a conversion to the parameter's type unless it
	// already has that exact predeclared type.
	convert := func(v jen.Code, have model.ScalarKind) (jen.Code, error) {
		if isPredeclared(t, have) {
			return v, nil
		}
		te, err := g.typeCode(t)
		if err != nil {
			return nil, err
		}
		return jen.Add(te.code).Call(v), nil
	}

	switch kind {
	case model.String:
		arg, err := convert(raw(), model.String)
		return nil, arg, err
	case model.Bool:
		local := sc.fresh(p.Name)
		arg, err := convert(jen.Id(local), model.Bool)
		return []jen.Code{
			jen.List(jen.Id(local), jen.Id(errv)).Op(":=").Qual("strconv", "ParseBool").Call(raw()),
			fail(),
		}, arg, err
	case model.TextUnmarshal:
		local := sc.fresh(p.Name)
		var arg jen.Code = jen.Id(local)
		if t.Pointer {
			var err error
			if t, err = g.elemType(t); err != nil {
				return nil, nil, err
			}
			arg = jen.Op("&").Id(local)
		}
		te, err := g.typeCode(t)
		if err != nil {
			return nil, nil, err
		}
		return []jen.Code{
			jen.Var().Id(local).Add(te.code),
			jen.If(
				jen.Id(errv).Op(":=").Id(local).Dot("UnmarshalText").Call(jen.Index().Byte().Parens(raw())),
				jen.Id(errv).Op("!=").Nil(),
			).Block(
				jen.Return(jen.Nil(), jen.Qual(runtimePkg, "BadParam").Call(jen.Lit(capName), raw(), jen.Id(errv))),
			),
		}, arg, nil
	}
	pf, ok := intParse[kind]
	if !ok {
		return nil, nil, fmt.Errorf("unsupported capture kind %q", kind)
	}
	if t.Pointer {
		return nil, nil, fmt.Errorf("pointer capture types must implement encoding.TextUnmarshaler")
	}
	local := sc.fresh(p.Name)
	parseArgs := []jen.Code{raw()}
	if pf.fn != "ParseFloat" {
		parseArgs = append(parseArgs, jen.Lit(10))
	}
	parseArgs = append(parseArgs, jen.Lit(pf.bits))
	arg, err := convert(jen.Id(local), parsedKind[pf.fn])
	return []jen.Code{
		jen.List(jen.Id(local), jen.Id(errv)).Op(":=").Qual("strconv", pf.fn).Call(parseArgs...),
		fail(),
	}, arg, err
}

// isPredeclared reports whether t is exactly the predeclared type of kind k
// (not a named type over it).
func isPredeclared(t model.Type, k model.ScalarKind) bool {
	if t.PkgPath != "" || t.Pointer {
		return false
	}
	if t.Expr != "" {
		return t.Expr == string(k)
	}
	return t.Name == "" || t.Name == string(k)
}
