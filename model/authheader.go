package model

// AuthorizerHeader is the request header a route's authorizer reads its
// token from ("" for an IAM authorizer or none), and false when the model
// holds no authorizer the route's reference names. An authorizer=IDENT var
// is looked up in the handler's own package.
func (a *App) AuthorizerHeader(r *Route) (string, bool) {
	ref := r.Authorizer
	if ref == nil || ref.Kind == AuthIAM {
		return "", true
	}
	orDefault := func(h string) string {
		if h == "" {
			return "Authorization"
		}
		return h
	}
	local := func(p string) bool { return p == "" || p == a.PkgPath }
	switch ref.Kind {
	case AuthBuiltin:
		for _, z := range a.Authorizers {
			if z.Name == ref.Name {
				return orDefault(z.Header), true
			}
		}
	case AuthCognito, AuthCustom:
		for _, v := range a.AuthorizerVars {
			if v.Var == ref.Var && (v.PkgPath == "" || v.PkgPath == r.Func.PkgPath || local(v.PkgPath) && local(r.Func.PkgPath)) {
				return orDefault(v.Header), true
			}
		}
	}
	return "", false
}
