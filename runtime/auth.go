package runtime

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/chalice-go/chalice"
	"github.com/chalice-go/chalice/internal/apirules"
	"github.com/chalice-go/chalice/internal/jsonx"
)

// errUnauthorized is the error a Lambda authorizer returns to make API
// Gateway answer 401 {"message":"Unauthorized"}: it matches the message.
var errUnauthorized = errors.New("Unauthorized")

// authorize runs a built-in authorizer on a TOKEN or REQUEST event and
// returns the IAM policy a REST API expects, or, for an HTTP API's payload
// 2.0 REQUEST event, the simple response its Lambda authorizers give
// (EnableSimpleResponses): {"isAuthorized": ..., "context": {...}}.
func (a *App) authorize(ctx context.Context, z *Authorizer, payload []byte) ([]byte, error) {
	buf := make([]byte, len(payload))
	copy(buf, payload)
	var ev event
	if err := parseEvent(buf, &ev); err != nil {
		return nil, fmt.Errorf("chalice: authorizer %s: malformed event: %w", z.Name, err)
	}
	req := chalice.AuthRequest{AuthType: ev.str(ev.typ), MethodARN: ev.str(ev.methodArn)}
	if req.MethodARN == "" {
		req.MethodARN = ev.str(ev.routeArn) // HTTP API authorizers
	}
	if raw, err := decodeAny(buf, span(jsonx.SkipSpace(buf, 0), len(buf))); err == nil {
		req.Raw, _ = raw.(map[string]any)
	}
	if tok, ok := str(buf, ev.authToken); ok {
		req.Token = tok
	} else {
		h := z.Header
		if h == "" {
			h = "Authorization"
		}
		req.Token, _ = ev.findHeader(lowerASCII(h))
	}

	resp, err := callAuthorizer(ctx, z, req)
	if ev.isV2() {
		return simpleResponse(ctx, z, resp, err, req.MethodARN)
	}
	if err != nil {
		var ve *chalice.ViewError
		switch {
		case errors.As(err, &ve) && ve.StatusCode == 401, err.Error() == "Unauthorized":
			return nil, errUnauthorized
		case errors.As(err, &ve) && ve.StatusCode == 403:
			resp = chalice.AuthResponse{PrincipalID: resp.PrincipalID}
		default:
			chalice.Logger(ctx).Error(fmt.Sprintf("Caught exception for %s: %v", z.Name, err))
			return nil, err
		}
	}
	return authPolicy(resp, req.MethodARN)
}

// simpleResponse is an HTTP API authorizer's answer: authorized when the
// route ARN (the request's method and path) is one the AuthResponse's
// routes allow, by the rule a REST API applies to the policy. A refusal
// (UnauthorizedError, ForbiddenError, an "Unauthorized" error) is
// isAuthorized false, which the HTTP API answers 403 (simple responses
// cannot ask for a 401); any other error fails the invocation (500). The
// context carries principalId too (unless it has one), so a handler finds
// the keys it finds behind a REST API.
func simpleResponse(ctx context.Context, z *Authorizer, resp chalice.AuthResponse, err error, routeARN string) ([]byte, error) {
	if err != nil {
		var ve *chalice.ViewError
		if !(errors.As(err, &ve) && (ve.StatusCode == 401 || ve.StatusCode == 403)) && err.Error() != "Unauthorized" {
			chalice.Logger(ctx).Error(fmt.Sprintf("Caught exception for %s: %v", z.Name, err))
			return nil, err
		}
		resp = chalice.AuthResponse{PrincipalID: resp.PrincipalID}
	}
	out := struct {
		IsAuthorized bool           `json:"isAuthorized"`
		Context      map[string]any `json:"context,omitempty"`
	}{IsAuthorized: apirules.RouteAuthorized(routeARN, resp.Routes), Context: authContext(resp.Context)}
	if _, ok := out.Context["principalId"]; !ok && resp.PrincipalID != "" {
		if out.Context == nil {
			out.Context = map[string]any{}
		}
		out.Context["principalId"] = resp.PrincipalID
	}
	return encodeAuthOutput(out)
}

func callAuthorizer(ctx context.Context, z *Authorizer, req chalice.AuthRequest) (resp chalice.AuthResponse, err error) {
	defer func() {
		if p := recover(); p != nil {
			chalice.Logger(ctx).Error(fmt.Sprintf("Caught exception for %s: panic: %v\n\n%s", z.Name, p, debug.Stack()))
			err = fmt.Errorf("chalice: authorizer %s panicked: %v", z.Name, p)
		}
	}()
	if z.Handler == nil {
		return resp, fmt.Errorf("chalice: authorizer %s has no handler", z.Name)
	}
	return z.Handler(ctx, req)
}

type policyStatement struct {
	Action   string   `json:"Action"`
	Effect   string   `json:"Effect"`
	Resource []string `json:"Resource"`
}

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type authOutput struct {
	PrincipalID    string         `json:"principalId"`
	PolicyDocument policyDocument `json:"policyDocument"`
	Context        map[string]any `json:"context,omitempty"`
}

// authPolicy turns an AuthResponse into API Gateway's authorizer output.
// Allowed routes become execute-api ARNs built from the incoming method ARN
// (arn:aws:execute-api:REGION:ACCOUNT:API/STAGE/METHOD/PATH); no routes
// means an explicit Deny of the whole stage, which API Gateway answers 403.
func authPolicy(resp chalice.AuthResponse, methodArn string) ([]byte, error) {
	st := policyStatement{Action: "execute-api:Invoke", Effect: "Allow", Resource: apirules.AllowedARNs(methodArn, resp.Routes)}
	if len(st.Resource) == 0 {
		deny := methodArn
		if base, ok := apirules.StageARN(methodArn); ok {
			deny = base + "/*/*"
		}
		st = policyStatement{Action: "execute-api:Invoke", Effect: "Deny", Resource: []string{deny}}
	}
	out := authOutput{
		PrincipalID:    resp.PrincipalID,
		PolicyDocument: policyDocument{Version: "2012-10-17", Statement: []policyStatement{st}},
		Context:        authContext(resp.Context),
	}
	return encodeAuthOutput(out)
}

// authContext keeps the values API Gateway accepts in an authorizer
// context (strings, numbers, booleans) and stringifies the others as JSON;
// nil values are dropped.
func authContext(m map[string]any) map[string]any {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		switch v.(type) {
		case nil:
			continue
		case string, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64,
			float32, float64, json.Number:
			out[k] = v
		default:
			b, err := json.Marshal(v)
			if err != nil {
				out[k] = fmt.Sprint(v)
			} else {
				out[k] = string(b)
			}
		}
	}
	return out
}

// encodeAuthOutput encodes an authorizer's answer as API Gateway reads it
// (no HTML escaping, no trailing newline).
func encodeAuthOutput(out any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, fmt.Errorf("chalice: encoding the authorizer response: %w", err)
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}
