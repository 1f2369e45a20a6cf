package iac

import (
	"crypto/sha256"
	"fmt"
	"strings"
	"unicode"

	"github.com/chalice-go/chalice/deploy/plan"
)

// The HTTP API (api_gateway_type "http") in both syntaxes, as plain API
// Gateway v2 resources, the family the websocket API uses: each plan
// field is one property (docs/iac.md says why not AWS::Serverless::HttpApi).

// HTTPAPIID is the HTTP API's logical ID; its integration, routes,
// authorizers, stage and domain are named HTTPAPIID+"Integration", ...
const HTTPAPIID = "HttpAPI"

// tfHTTPAPI is the Terraform name of the HTTP API and its one
// integration, stage and domain.
const tfHTTPAPI = "http_api"

// routeNames are the logical IDs (HttpAPIRouteGETUsersName) and Terraform
// names (http_api_get_users_name) of an HTTP API's routes, from the words
// of their keys. Keys that would share a name (/a-b and /a_b) both get a
// suffix from a hash of the key, so names stay stable as routes are added.
func routeNames(routes []*plan.HTTPRoute) (cfnIDs, tfNames []string) {
	count := map[string]int{}
	for _, r := range routes {
		words := strings.FieldsFunc(r.Key, func(c rune) bool { return c >= 128 || !unicode.IsLetter(c) && !unicode.IsDigit(c) })
		var id strings.Builder
		id.WriteString(HTTPAPIID + "Route")
		for _, w := range words {
			id.WriteString(strings.ToUpper(w[:1]) + w[1:])
		}
		n := tfHTTPAPI + "_" + strings.ToLower(strings.Join(words, "_"))
		cfnIDs, tfNames = append(cfnIDs, id.String()), append(tfNames, n)
		count[id.String()]++
		count[n]++
	}
	for i, r := range routes {
		if count[cfnIDs[i]] > 1 || count[tfNames[i]] > 1 {
			h := fmt.Sprintf("%x", sha256.Sum256([]byte(r.Key)))[:8]
			cfnIDs[i] += h
			tfNames[i] += "_" + h
		}
	}
	return cfnIDs, tfNames
}

// cors is an API Gateway v2 CorsConfiguration or a Function URL's Cors
// (the same fields): CloudFormation's keys, or Terraform's with snake.
func cors(c plan.CORSConfig, snake bool) obj {
	o := obj{"MaxAge": c.MaxAge, "AllowCredentials": c.AllowCredentials}
	// A list that is not set is left out: CloudFormation rejects an empty
	// one (AWS::Lambda::Url's lists have at least one item).
	for k, l := range map[string][]string{"AllowOrigins": c.AllowOrigins, "AllowMethods": c.AllowMethods, "AllowHeaders": c.AllowHeaders, "ExposeHeaders": c.ExposeHeaders} {
		if len(l) > 0 {
			o[k] = strList(l)
		}
	}
	if !snake {
		return o
	}
	out := obj{}
	for k, v := range o {
		var b strings.Builder
		for i, r := range k {
			if unicode.IsUpper(r) {
				if i > 0 {
					b.WriteByte('_')
				}
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		out[b.String()] = v
	}
	return out
}

// httpAuthorizerArgs are the property names of an HTTP API authorizer's
// settings in one syntax: both render the same settings under their names.
type httpAuthorizerArgs struct {
	typ, name, uri, format, ttl, creds, simple, sources, jwt, issuer, audience string
}

var (
	cfnAuthorizerArgs = httpAuthorizerArgs{"AuthorizerType", "Name", "AuthorizerUri", "AuthorizerPayloadFormatVersion", "AuthorizerResultTtlInSeconds",
		"AuthorizerCredentialsArn", "EnableSimpleResponses", "IdentitySource", "JwtConfiguration", "Issuer", "Audience"}
	tfAuthorizerArgs = httpAuthorizerArgs{"authorizer_type", "name", "authorizer_uri", "authorizer_payload_format_version", "authorizer_result_ttl_in_seconds",
		"authorizer_credentials_arn", "enable_simple_responses", "identity_sources", "jwt_configuration", "issuer", "audience"}
)

// authorizer renders an authorizer's settings: every one the plan sets,
// and a Lambda authorizer's TTL even when 0 (Terraform's default is 300).
func (k httpAuthorizerArgs) authorizer(a *plan.HTTPAuthorizer) obj {
	o := obj{k.typ: a.Type, k.name: a.Name, k.sources: strList(a.IdentitySource)}
	if a.Issuer != "" || len(a.Audience) > 0 {
		o[k.jwt] = obj{k.issuer: a.Issuer, k.audience: strList(a.Audience)}
	}
	if len(a.URI) > 0 {
		o[k.uri] = a.URI
	}
	if a.PayloadFormatVersion != "" {
		o[k.format] = a.PayloadFormatVersion
	}
	if a.EnableSimpleResponses {
		o[k.simple] = true
	}
	if a.Type == plan.HTTPAuthorizerRequest || a.TTLSeconds != 0 {
		o[k.ttl] = a.TTLSeconds
	}
	if a.CredentialsRoleARN != "" {
		o[k.creds] = a.CredentialsRoleARN
	}
	return o
}

func (c *cfn) httpAPI(api *plan.HTTPAPI) error {
	props := obj{"Name": api.Name, "ProtocolType": "HTTP"}
	if api.CORS != nil {
		props["CorsConfiguration"] = cors(*api.CORS, false)
	}
	if len(api.Tags) > 0 {
		props["Tags"] = strMap(api.Tags)
	}
	if _, err := c.add(HTTPAPIID, "AWS::ApiGatewayV2::Api", props); err != nil {
		return err
	}
	in := api.Integration
	integration := HTTPAPIID + "Integration"
	if _, err := c.add(integration, "AWS::ApiGatewayV2::Integration", obj{
		"ApiId": ref(HTTPAPIID), "IntegrationType": "AWS_PROXY", "IntegrationUri": in.URI, "IntegrationMethod": in.Method,
		"PayloadFormatVersion": in.PayloadFormatVersion, "TimeoutInMillis": in.TimeoutMillis,
	}); err != nil {
		return err
	}
	authorizers := map[string]string{}
	for _, a := range api.Authorizers {
		id := HTTPAPIID + "Authorizer" + camel(a.Name)
		props := cfnAuthorizerArgs.authorizer(a)
		props["ApiId"] = ref(HTTPAPIID)
		if _, err := c.add(id, "AWS::ApiGatewayV2::Authorizer", props); err != nil {
			return err
		}
		authorizers[a.Name] = id
	}
	ids, _ := routeNames(api.Routes)
	for i, r := range api.Routes {
		props := obj{
			"ApiId": ref(HTTPAPIID), "RouteKey": r.Key, "AuthorizationType": r.AuthorizationType,
			"Target": obj{"Fn::Join": []any{"/", []any{"integrations", ref(integration)}}},
		}
		if r.Authorizer != "" {
			id, ok := authorizers[r.Authorizer]
			if !ok {
				return fmt.Errorf("HTTP API route %s: no authorizer %s in the plan", r.Key, r.Authorizer)
			}
			props["AuthorizerId"] = ref(id)
		}
		if _, err := c.add(ids[i], "AWS::ApiGatewayV2::Route", props); err != nil {
			return err
		}
	}
	// $default deploys every change itself: no Deployment resource.
	if _, err := c.add(HTTPAPIID+"Stage", "AWS::ApiGatewayV2::Stage", obj{
		"ApiId": ref(HTTPAPIID), "StageName": api.Stage, "AutoDeploy": true,
	}); err != nil {
		return err
	}
	c.out["HttpAPIId"] = obj{"Value": ref(HTTPAPIID)}
	c.out["EndpointURL"] = obj{"Value": api.URL}
	if d := api.CustomDomain; d != nil {
		return c.customDomain(d, HTTPAPIID, ref(HTTPAPIID+"Stage"))
	}
	return nil
}

func (t *tf) httpAPI(api *plan.HTTPAPI) error {
	args := obj{"name": api.Name, "protocol_type": "HTTP"}
	if api.CORS != nil {
		args["cors_configuration"] = cors(*api.CORS, true)
	}
	if len(api.Tags) > 0 {
		args["tags"] = strMap(api.Tags)
	}
	if err := t.add("aws_apigatewayv2_api", tfHTTPAPI, args); err != nil {
		return err
	}
	apiID := interp("aws_apigatewayv2_api." + tfHTTPAPI + ".id")
	in := api.Integration
	if err := t.add("aws_apigatewayv2_integration", tfHTTPAPI, obj{
		"api_id": apiID, "integration_type": "AWS_PROXY", "integration_uri": in.URI, "integration_method": in.Method,
		"payload_format_version": in.PayloadFormatVersion, "timeout_milliseconds": in.TimeoutMillis,
	}); err != nil {
		return err
	}
	authorizers := map[string]string{}
	for _, a := range api.Authorizers {
		n := tfName(a.Name)
		args := tfAuthorizerArgs.authorizer(a)
		args["api_id"] = apiID
		if err := t.add("aws_apigatewayv2_authorizer", n, args); err != nil {
			return err
		}
		authorizers[a.Name] = n
	}
	_, names := routeNames(api.Routes)
	for i, r := range api.Routes {
		args := obj{
			"api_id": apiID, "route_key": r.Key, "authorization_type": r.AuthorizationType,
			"target": raw("integrations/${aws_apigatewayv2_integration." + tfHTTPAPI + ".id}"),
		}
		if r.Authorizer != "" {
			n, ok := authorizers[r.Authorizer]
			if !ok {
				return fmt.Errorf("HTTP API route %s: no authorizer %s in the plan", r.Key, r.Authorizer)
			}
			args["authorizer_id"] = interp("aws_apigatewayv2_authorizer." + n + ".id")
		}
		if err := t.add("aws_apigatewayv2_route", names[i], args); err != nil {
			return err
		}
	}
	if err := t.add("aws_apigatewayv2_stage", tfHTTPAPI, obj{"api_id": apiID, "name": api.Stage, "auto_deploy": true}); err != nil {
		return err
	}
	t.out["HttpAPIId"] = obj{"value": apiID}
	t.out["EndpointURL"] = obj{"value": api.URL}
	if d := api.CustomDomain; d != nil {
		return t.customDomain(d, tfHTTPAPI, HTTPAPIID, "aws_apigatewayv2_api."+tfHTTPAPI+".id", "aws_apigatewayv2_stage."+tfHTTPAPI+".id")
	}
	return nil
}
