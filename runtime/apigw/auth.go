package apigw

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"github.com/chalice-go/chalice/internal/apirules"
	"github.com/chalice-go/chalice/internal/jsonx"
)

// authOutcome is a decoded authorizer answer.
type authOutcome struct {
	allow []string // resource ARN patterns
	deny  []string
	// fields is the request context's authorizer object without its
	// braces and integrationLatency: "principalId":"user","k":"v",...
	// For an HTTP API's simple response, the context object itself.
	fields []byte
	// authorized is an HTTP API simple response's isAuthorized.
	authorized bool
}

type authorizerOutput struct {
	PrincipalID    string `json:"principalId"`
	PolicyDocument struct {
		Statement []struct {
			Effect   string          `json:"Effect"`
			Action   json.RawMessage `json:"Action"`
			Resource json.RawMessage `json:"Resource"`
		} `json:"Statement"`
	} `json:"policyDocument"`
	Context map[string]any `json:"context"`
}

// stringOrList accepts the IAM "x" or ["x", "y"] forms.
func stringOrList(raw json.RawMessage) []string {
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(raw, &many)
	return many
}

// MethodARN is the ARN API Gateway passes to authorizers.
func (g *Gateway) MethodARN(method, path string) string {
	return "arn:aws:execute-api:" + g.cfg.Region + ":" + g.cfg.AccountID + ":" + g.cfg.APIID + "/" + g.cfg.Stage + "/" + method + path
}

// maxCachedPolicies bounds the authorizer cache (one entry per token).
const maxCachedPolicies = 10000

// authorize runs a built-in authorizer (or uses its cached answer). It
// returns the request context's authorizer object, or the gateway's
// answer when the request may not proceed.
func (g *Gateway) authorize(ctx context.Context, req *Request, route *Route, method string) ([]byte, *gwError) {
	a, ok := g.auths[route.Authorizer]
	if !ok {
		return nil, &errAuthorizerConfig
	}
	header := a.Header
	if route.AuthorizerHeader != "" {
		header = route.AuthorizerHeader
	}
	token := req.Header.Get(headerOr(header))
	if token == "" {
		return nil, &errUnauthorized
	}
	arn := g.MethodARN(method, req.Path)
	ttl := time.Duration(a.TTLSeconds) * time.Second
	key := a.Name + "\x00" + token
	now := g.cfg.Now()
	latency := int64(0)

	g.cacheMu.Lock()
	c, hit := g.cache[key]
	g.cacheMu.Unlock()
	if !hit || !now.Before(c.expires) {
		start := time.Now()
		ev := []byte(`{"type":"TOKEN","authorizationToken":`)
		ev = jsonx.AppendString(ev, token)
		ev = append(ev, `,"methodArn":`...)
		ev = jsonx.AppendString(ev, arn)
		ev = append(ev, '}')
		out, err := g.cfg.Invoke(ctx, a.Name, ev)
		latency = time.Since(start).Milliseconds()
		if err != nil {
			if strings.Contains(err.Error(), "Unauthorized") {
				return nil, &errUnauthorized
			}
			return nil, &errAuthorizerConfig
		}
		var ao authorizerOutput
		if err := json.Unmarshal(out, &ao); err != nil {
			return nil, &errAuthorizerConfig
		}
		o := &authOutcome{}
		for _, st := range ao.PolicyDocument.Statement {
			if !apirules.ActionCovers(stringOrList(st.Action)) {
				continue
			}
			switch st.Effect {
			case "Allow":
				o.allow = append(o.allow, stringOrList(st.Resource)...)
			case "Deny":
				o.deny = append(o.deny, stringOrList(st.Resource)...)
			}
		}
		o.fields = authorizerFields(ao.PrincipalID, ao.Context)
		c = cachedPolicy{out: o, expires: now.Add(ttl)}
		if ttl > 0 {
			g.storePolicy(key, c, now)
		}
	}
	for _, p := range c.out.deny {
		if apirules.ARNMatch(p, arn) {
			return nil, &errExplicitDeny
		}
	}
	allowed := false
	for _, p := range c.out.allow {
		if apirules.ARNMatch(p, arn) {
			allowed = true
			break
		}
	}
	if !allowed {
		return nil, &errAccessDenied
	}
	b := append([]byte(`{`), c.out.fields...)
	b = append(b, `,"integrationLatency":`...)
	b = appendInt(b, latency)
	return append(b, '}'), nil
}

// storePolicy caches an authorizer's answer, making room first: expired
// entries go, and all of them when that is not enough.
func (g *Gateway) storePolicy(key string, c cachedPolicy, now time.Time) {
	g.cacheMu.Lock()
	defer g.cacheMu.Unlock()
	if len(g.cache) >= maxCachedPolicies {
		for k, v := range g.cache {
			if !now.Before(v.expires) {
				delete(g.cache, k)
			}
		}
		if len(g.cache) >= maxCachedPolicies {
			clear(g.cache)
		}
	}
	g.cache[key] = c
}

// authorizerFields renders the principal and the context as the request
// context's authorizer object shows them: API Gateway hands context values
// to the integration as strings.
func authorizerFields(principal string, ctx map[string]any) []byte {
	b := appendKey(nil, "principalId")
	b = jsonx.AppendString(b, principal)
	keys := make([]string, 0, len(ctx))
	for k := range ctx {
		if k != "principalId" && k != "integrationLatency" {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		b = append(b, ',')
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		switch v := ctx[k].(type) {
		case string:
			b = jsonx.AppendString(b, v)
		default:
			text, _ := json.Marshal(v)
			b = jsonx.AppendString(b, text)
		}
	}
	return b
}

// jwtClaims returns the claims object {...} of a JWT's payload, which is
// not verified locally (API Gateway would), or nil when token is not one.
// Claim values are strings, as API Gateway passes them.
func jwtClaims(token string) []byte {
	token = strings.TrimPrefix(token, "Bearer ")
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		return nil
	}
	payload, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(parts[1], "="))
	if err != nil {
		return nil
	}
	var claims map[string]any
	if json.Unmarshal(payload, &claims) != nil || claims == nil {
		return nil
	}
	keys := make([]string, 0, len(claims))
	for k := range claims {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b := []byte(`{`)
	for i, k := range keys {
		if i > 0 {
			b = append(b, ',')
		}
		b = jsonx.AppendString(b, k)
		b = append(b, ':')
		switch v := claims[k].(type) {
		case string:
			b = jsonx.AppendString(b, v)
		default:
			text, _ := json.Marshal(v)
			b = jsonx.AppendString(b, text)
		}
	}
	return append(b, '}')
}
