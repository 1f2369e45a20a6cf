package analyzer

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"github.com/chalice-go/chalice/model"
)

// The generator reads CORS and authorizer configuration at generate time,
// so such vars must be initialized with a composite literal whose fields
// are constants (and slices of constant strings). go/types has already
// folded every constant expression, so named constants and "a" + "b" work.

// fieldValue is one evaluated field: string, int64, bool or []string.
type fieldValue struct {
	v   any
	pos token.Pos
}

func objKind(o types.Object) string {
	switch o.(type) {
	case *types.Func:
		return "func"
	case *types.Const:
		return "constant"
	case *types.TypeName:
		return "type"
	case *types.PkgName:
		return "package name"
	case *types.Var:
		return "var"
	}
	return "identifier"
}

// lookup finds a package-level identifier of the unit's package.
func (u *unit) lookup(name string) types.Object {
	return u.p.Types.Scope().Lookup(name)
}

// literal evaluates the initializer of a package-level var of type
// chalice.<typeName> (or a pointer to one). ok is false after an error.
func (u *unit) literal(v *types.Var, typeName string, use token.Pos) (map[string]fieldValue, bool) {
	c := u.c
	name := v.Name()
	_, isPtr := types.Unalias(v.Type()).(*types.Pointer)
	if !u.varDecl[v] {
		c.errorf(use, "%s must be a package-level var initialized with chalice.%s{...}", name, typeName)
		return nil, false
	}
	init := u.vars[v]
	if init == nil {
		if isPtr {
			c.errorf(v.Pos(), "%s is a nil *chalice.%s: initialize it with &chalice.%s{...}", name, typeName, typeName)
			return nil, false
		}
		return map[string]fieldValue{}, true // the zero value
	}
	e := ast.Unparen(init)
	if un, ok := e.(*ast.UnaryExpr); ok && un.Op == token.AND && isPtr {
		e = ast.Unparen(un.X)
	}
	lit, ok := e.(*ast.CompositeLit)
	if !ok || !isChalice(u.p.Info.TypeOf(lit), typeName) {
		want := "chalice." + typeName + "{...}"
		if isPtr {
			want = "&" + want
		}
		c.errorf(init.Pos(), "%s must be initialized with a composite literal %s so chalicegen can read it; it cannot run code", name, want)
		return nil, false
	}
	st, _ := u.p.Info.TypeOf(lit).Underlying().(*types.Struct)
	if st == nil {
		return nil, false
	}
	out := map[string]fieldValue{}
	good := true
	for i, elt := range lit.Elts {
		var f *types.Var
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			id, _ := kv.Key.(*ast.Ident)
			if id == nil {
				continue
			}
			for j := 0; j < st.NumFields(); j++ {
				if st.Field(j).Name() == id.Name {
					f = st.Field(j)
				}
			}
			val = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f == nil {
			continue // the type checker has reported it
		}
		fv, ok := u.constField(f, val, name)
		if !ok {
			good = false
			continue
		}
		out[f.Name()] = fv
	}
	return out, good
}

// constField evaluates one field value.
func (u *unit) constField(f *types.Var, e ast.Expr, varName string) (fieldValue, bool) {
	c := u.c
	info := u.p.Info
	notConst := func(at ast.Expr) (fieldValue, bool) {
		c.errorf(at.Pos(), "field %s of %s must be a constant: chalicegen reads the value at generate time", f.Name(), varName)
		return fieldValue{}, false
	}
	switch ft := f.Type().Underlying().(type) {
	case *types.Basic:
		tv := info.Types[e]
		if tv.Value == nil {
			return notConst(e)
		}
		switch {
		case ft.Info()&types.IsString != 0 && tv.Value.Kind() == constant.String:
			return fieldValue{constant.StringVal(tv.Value), e.Pos()}, true
		case ft.Info()&types.IsInteger != 0 && tv.Value.Kind() == constant.Int:
			n, exact := constant.Int64Val(tv.Value)
			if !exact {
				return notConst(e)
			}
			return fieldValue{n, e.Pos()}, true
		case ft.Info()&types.IsBoolean != 0 && tv.Value.Kind() == constant.Bool:
			return fieldValue{constant.BoolVal(tv.Value), e.Pos()}, true
		}
		return notConst(e)
	case *types.Slice:
		if b, ok := ft.Elem().Underlying().(*types.Basic); !ok || b.Info()&types.IsString == 0 {
			break
		}
		if id, ok := ast.Unparen(e).(*ast.Ident); ok && info.Types[id].IsNil() {
			return fieldValue{[]string(nil), e.Pos()}, true
		}
		lit, ok := ast.Unparen(e).(*ast.CompositeLit)
		if !ok {
			c.errorf(e.Pos(), "field %s of %s must be a slice literal of constant strings, like []string{\"a\", \"b\"}", f.Name(), varName)
			return fieldValue{}, false
		}
		var list []string
		for _, el := range lit.Elts {
			if _, kv := el.(*ast.KeyValueExpr); kv {
				c.errorf(el.Pos(), "field %s of %s: write the strings in order, without indexes", f.Name(), varName)
				return fieldValue{}, false
			}
			tv := info.Types[el]
			if tv.Value == nil || tv.Value.Kind() != constant.String {
				return notConst(el)
			}
			list = append(list, constant.StringVal(tv.Value))
		}
		return fieldValue{list, e.Pos()}, true
	}
	c.errorf(e.Pos(), "field %s of %s has a type chalicegen cannot read statically", f.Name(), varName)
	return fieldValue{}, false
}

// unsupported reports fields set in a literal that the model has no place
// for (a field added to the chalice type after this analyzer).
func (u *unit) unsupported(fields map[string]fieldValue, known []string, typeName string) bool {
	ok := true
	for name, fv := range fields {
		found := false
		for _, k := range known {
			found = found || k == name
		}
		if !found {
			u.c.errorf(fv.pos, "chalicegen does not support field %s of chalice.%s yet", name, typeName)
			ok = false
		}
	}
	return ok
}

func str(f map[string]fieldValue, k string) string {
	s, _ := f[k].v.(string)
	return s
}

func integer(f map[string]fieldValue, k string) int64 {
	n, _ := f[k].v.(int64)
	return n
}

func boolean(f map[string]fieldValue, k string) bool {
	b, _ := f[k].v.(bool)
	return b
}

func strs(f map[string]fieldValue, k string) []string {
	s, _ := f[k].v.([]string)
	return s
}

// corsVar resolves cors=IDENT.
func (u *unit) corsVar(name string, pos token.Pos) *model.CORS {
	c := u.c
	obj := u.lookup(name)
	if obj == nil {
		c.errorf(pos, "unknown CORS config %s: declare var %s = chalice.CORSConfig{...} in package %s", name, name, u.p.Types.Name())
		return nil
	}
	v, ok := obj.(*types.Var)
	if !ok {
		c.errorf(pos, "cors=%s names a %s; it must name a var of type chalice.CORSConfig", name, objKind(obj))
		return nil
	}
	if !isChalice(v.Type(), "CORSConfig") && !isPtrToChalice(v.Type(), "CORSConfig") {
		c.errorf(pos, "cors=%s has type %s; it must be a chalice.CORSConfig", name, c.typeString(v.Type()))
		return nil
	}
	f, ok := u.literal(v, "CORSConfig", pos)
	if !ok || !u.unsupported(f, []string{"AllowOrigin", "AllowHeaders", "ExposeHeaders", "MaxAge", "AllowCredentials"}, "CORSConfig") {
		return nil
	}
	cors := &model.CORS{
		Var:              name,
		AllowOrigin:      str(f, "AllowOrigin"),
		AllowHeaders:     strs(f, "AllowHeaders"),
		ExposeHeaders:    strs(f, "ExposeHeaders"),
		MaxAge:           int(integer(f, "MaxAge")),
		AllowCredentials: boolean(f, "AllowCredentials"),
	}
	if cors.AllowOrigin == "" {
		cors.AllowOrigin = "*"
	}
	if cors.MaxAge < 0 {
		c.errorf(f["MaxAge"].pos, "MaxAge of %s must not be negative", name)
		return nil
	}
	return cors
}

// authorizerRef resolves authorizer=IDENT: a //chalice:authorizer func or
// a var of one of the chalice authorizer types.
func (u *unit) authorizerRef(name string, pos token.Pos) *model.AuthorizerRef {
	c := u.c
	obj := u.lookup(name)
	if obj == nil {
		c.errorf(pos, "unknown authorizer %s: declare a //chalice:authorizer func or a var of type chalice.IAMAuthorizer, chalice.CognitoUserPoolAuthorizer or chalice.CustomAuthorizer in package %s",
			name, u.p.Types.Name())
		return nil
	}
	switch obj := obj.(type) {
	case *types.Func:
		a := u.authByFunc[obj]
		if a == nil {
			if !u.authFuncs[obj] {
				c.errorf(pos, "authorizer=%s names a func without //chalice:authorizer: add the directive to %s's doc comment", name, name)
			}
			return nil
		}
		return &model.AuthorizerRef{Kind: model.AuthBuiltin, Name: a.Name, Var: name}
	case *types.Var:
		av := u.authorizerVar(obj, pos)
		if av == nil {
			return nil
		}
		return &model.AuthorizerRef{Kind: av.Kind, Name: av.Name, Var: name}
	}
	c.errorf(pos, "authorizer=%s names a %s; it must name a //chalice:authorizer func or an authorizer var", name, objKind(obj))
	return nil
}

// authorizerVar evaluates an authorizer var once, however many routes use it.
func (u *unit) authorizerVar(v *types.Var, pos token.Pos) *model.AuthorizerVar {
	c := u.c
	if av := c.authVars[v]; av != nil {
		return av
	}
	if c.authVarBad[v] {
		return nil
	}
	av := u.evalAuthorizerVar(v, pos)
	if av == nil {
		c.authVarBad[v] = true
		return nil
	}
	c.authVars[v] = av
	c.app.AuthorizerVars = append(c.app.AuthorizerVars, av)
	if av.Name != "" {
		c.claimAuthName(av.Name, u.p.Types.Path()+"."+v.Name(), v.Pos())
	}
	return av
}

func (u *unit) evalAuthorizerVar(v *types.Var, pos token.Pos) *model.AuthorizerVar {
	c := u.c
	var kind model.AuthorizerKind
	var typeName string
	for _, k := range []struct {
		name string
		kind model.AuthorizerKind
	}{{"IAMAuthorizer", model.AuthIAM}, {"CognitoUserPoolAuthorizer", model.AuthCognito}, {"CustomAuthorizer", model.AuthCustom}} {
		if isChalice(v.Type(), k.name) || isPtrToChalice(v.Type(), k.name) {
			kind, typeName = k.kind, k.name
		}
	}
	if kind == "" {
		c.errorf(pos, "authorizer=%s has type %s; it must be chalice.IAMAuthorizer, chalice.CognitoUserPoolAuthorizer or chalice.CustomAuthorizer, or name a //chalice:authorizer func",
			v.Name(), c.typeString(v.Type()))
		return nil
	}
	f, ok := u.literal(v, typeName, pos)
	if !ok {
		return nil
	}
	av := &model.AuthorizerVar{Var: v.Name(), PkgPath: u.p.Types.Path(), Kind: kind, Pos: c.modelPos(v.Pos())}
	switch kind {
	case model.AuthIAM:
		return av
	case model.AuthCognito:
		if !u.unsupported(f, []string{"Name", "ProviderARNs", "Header", "Audience"}, typeName) {
			return nil
		}
		av.Name, av.ProviderARNs, av.Header, av.Audience = str(f, "Name"), strs(f, "ProviderARNs"), str(f, "Header"), strs(f, "Audience")
		if len(av.ProviderARNs) == 0 {
			c.errorf(v.Pos(), "%s needs ProviderARNs: the ARNs of the Cognito user pools", v.Name())
			return nil
		}
	case model.AuthCustom:
		if !u.unsupported(f, []string{"Name", "AuthorizerURI", "TTLSeconds", "Header"}, typeName) {
			return nil
		}
		av.Name, av.AuthorizerURI, av.Header = str(f, "Name"), str(f, "AuthorizerURI"), str(f, "Header")
		av.TTLSeconds = int(integer(f, "TTLSeconds"))
		if av.AuthorizerURI == "" {
			c.errorf(v.Pos(), "%s needs AuthorizerURI: the invocation URI of the authorizer's Lambda function", v.Name())
			return nil
		}
		if av.TTLSeconds < 0 || av.TTLSeconds > 3600 {
			c.errorf(f["TTLSeconds"].pos, "TTLSeconds of %s must be between 0 and 3600", v.Name())
			return nil
		}
		if av.TTLSeconds == 0 {
			av.TTLSeconds = 300 // the spec's default; the Go zero value cannot say "unset"
		}
	}
	if strings.TrimSpace(av.Name) == "" {
		c.errorf(v.Pos(), "%s needs a Name: API Gateway identifies each authorizer by name", v.Name())
		return nil
	}
	if av.Header == "" {
		av.Header = "Authorization"
	}
	return av
}

// claimAuthName enforces one authorizer per name across the app: API
// Gateway keys authorizers by name.
func (c *checker) claimAuthName(name, key string, pos token.Pos) {
	if prev, ok := c.authNames[name]; ok {
		if prev.key != key {
			c.errorf(pos, "authorizer name %q is already used by %s (%s); API Gateway needs distinct names", name, prev.key[strings.LastIndex(prev.key, ".")+1:], c.short(prev.pos))
		}
		return
	}
	c.authNames[name] = authOwner{key: key, pos: pos}
}
