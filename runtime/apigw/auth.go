package apigw

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// authOutcome is a decoded authorizer answer.
type authOutcome struct {
	principal string
	allow     []string // resource ARN patterns
	deny      []string
	context   map[string]any
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
	return fmt.Sprintf("arn:aws:execute-api:%s:%s:%s/%s/%s%s",
		g.cfg.Region, g.cfg.AccountID, g.cfg.APIID, g.cfg.Stage, method, path)
}

// authorize runs a built-in authorizer; nil means the request may proceed
// (and reqCtx["authorizer"] is set).
func (g *Gateway) authorize(ctx context.Context, req *Request, route *Route, resource, method string, reqCtx map[string]any) *Response {
	a, ok := g.auths[route.Authorizer]
	if !ok {
		return gatewayError(http.StatusInternalServerError, "message", "")
	}
	header := a.Header
	if route.AuthorizerHeader != "" {
		header = route.AuthorizerHeader
	}
	token := req.Header.Get(headerOr(header))
	if token == "" {
		return gatewayError(http.StatusUnauthorized, "message", "Unauthorized")
	}
	arn := g.MethodARN(method, req.Path)
	ttl := time.Duration(a.TTLSeconds) * time.Second
	key := a.Name + "\x00" + token
	now := g.cfg.Now()

	g.cacheMu.Lock()
	c, hit := g.cache[key]
	g.cacheMu.Unlock()
	if !hit || !now.Before(c.expires) {
		ev, _ := json.Marshal(map[string]string{"type": "TOKEN", "authorizationToken": token, "methodArn": arn})
		out, err := g.cfg.Invoke(ctx, a.Name, ev)
		if err != nil {
			if strings.Contains(err.Error(), "Unauthorized") {
				return gatewayError(http.StatusUnauthorized, "message", "Unauthorized")
			}
			return gatewayError(http.StatusInternalServerError, "message", "")
		}
		var ao authorizerOutput
		if err := json.Unmarshal(out, &ao); err != nil {
			return gatewayError(http.StatusInternalServerError, "message", "")
		}
		c.out = authOutcome{principal: ao.PrincipalID, context: ao.Context}
		for _, st := range ao.PolicyDocument.Statement {
			if !actionCovers(stringOrList(st.Action)) {
				continue
			}
			switch st.Effect {
			case "Allow":
				c.out.allow = append(c.out.allow, stringOrList(st.Resource)...)
			case "Deny":
				c.out.deny = append(c.out.deny, stringOrList(st.Resource)...)
			}
		}
		c.expires = now.Add(ttl)
		if ttl > 0 {
			g.cacheMu.Lock()
			g.cache[key] = c
			g.cacheMu.Unlock()
		}
	}
	for _, p := range c.out.deny {
		if globMatch(p, arn) {
			return denied()
		}
	}
	allowed := false
	for _, p := range c.out.allow {
		if globMatch(p, arn) {
			allowed = true
		}
	}
	if !allowed {
		return denied()
	}
	authz := map[string]any{"principalId": c.out.principal}
	for k, v := range c.out.context {
		// API Gateway hands context values to the integration as strings.
		switch x := v.(type) {
		case string:
			authz[k] = x
		default:
			b, _ := json.Marshal(x)
			authz[k] = string(b)
		}
	}
	reqCtx["authorizer"] = authz
	return nil
}

func denied() *Response {
	return gatewayError(http.StatusForbidden, "Message", "User is not authorized to access this resource")
}

func actionCovers(actions []string) bool {
	for _, a := range actions {
		if a == "*" || a == "execute-api:*" || a == "execute-api:Invoke" {
			return true
		}
	}
	return false
}

// globMatch matches IAM resource patterns: * is any run of characters, ? one.
func globMatch(pattern, s string) bool {
	for len(pattern) > 0 {
		switch pattern[0] {
		case '*':
			for i := len(s); i >= 0; i-- {
				if globMatch(pattern[1:], s[i:]) {
					return true
				}
			}
			return false
		case '?':
			if s == "" {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		default:
			if s == "" || pattern[0] != s[0] {
				return false
			}
			pattern, s = pattern[1:], s[1:]
		}
	}
	return s == ""
}
