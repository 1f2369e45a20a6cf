package iac

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"github.com/chalice-go/chalice/deploy/plan"
)

// obj is a template object; its leaves may be plan.Values.
type obj = map[string]any

// openAPI is the REST API as an OpenAPI 3.0 document with API Gateway's
// extensions: SAM and Terraform both create the API from it, so they
// describe the same resources, methods and authorizers.
func openAPI(api *plan.RestAPI) (obj, error) {
	doc := obj{
		"openapi":                                "3.0.1",
		"info":                                   obj{"title": api.Name, "version": "1.0"},
		"x-amazon-apigateway-binary-media-types": strList(api.BinaryMediaTypes),
	}
	if api.MinimumCompressionSize != nil {
		doc["x-amazon-apigateway-minimum-compression-size"] = *api.MinimumCompressionSize
	}
	if api.Policy != "" {
		var pol any
		if err := json.Unmarshal([]byte(api.Policy), &pol); err != nil {
			return nil, err
		}
		doc["x-amazon-apigateway-policy"] = pol
	}
	defs := obj{}
	for _, a := range api.Authorizers {
		au := obj{
			"type":                         strings.ToLower(a.Type),
			"identitySource":               a.IdentitySource,
			"authorizerResultTtlInSeconds": a.TTLSeconds,
		}
		if a.Type == plan.AuthorizerCognito {
			au["providerARNs"] = strList(a.ProviderARNs)
		} else {
			au["authorizerUri"] = a.URI
		}
		if a.CredentialsRoleARN != "" {
			au["authorizerCredentials"] = a.CredentialsRoleARN
		}
		authType := "custom"
		if a.Type == plan.AuthorizerCognito {
			authType = "cognito_user_pools"
		}
		defs[a.Name] = obj{
			"type": "apiKey", "in": "header", "name": strings.TrimPrefix(a.IdentitySource, "method.request.header."),
			"x-amazon-apigateway-authtype": authType, "x-amazon-apigateway-authorizer": au,
		}
	}
	paths := obj{}
	for _, r := range api.Resources {
		if len(r.Methods) == 0 {
			continue // API Gateway creates the path's ancestors itself
		}
		ms := obj{}
		for _, m := range r.Methods {
			op := obj{"responses": obj{"200": obj{"description": "200 response", "content": emptyContent()}}}
			var sec []any
			switch m.AuthorizationType {
			case plan.AuthIAM:
				defs["sigv4"] = obj{"type": "apiKey", "in": "header", "name": "Authorization", "x-amazon-apigateway-authtype": "awsSigv4"}
				sec = append(sec, obj{"sigv4": []any{}})
			case plan.AuthCustom, plan.AuthCognito:
				sec = append(sec, obj{m.Authorizer: []any{}})
			}
			if m.APIKeyRequired {
				defs["api_key"] = obj{"type": "apiKey", "in": "header", "name": "x-api-key"}
				sec = append(sec, obj{"api_key": []any{}})
			}
			if len(sec) > 0 {
				op["security"] = sec
			}
			switch m.Integration {
			case plan.IntegrationLambda:
				op["x-amazon-apigateway-integration"] = obj{
					"type": "aws_proxy", "httpMethod": "POST", "uri": m.IntegrationURI,
					"passthroughBehavior": "when_no_match", "contentHandling": "CONVERT_TO_TEXT",
				}
			case plan.IntegrationMock:
				headers, params := obj{}, obj{}
				for _, k := range slices.Sorted(maps.Keys(m.ResponseHeaders)) {
					headers[k] = obj{"schema": obj{"type": "string"}}
					params["method.response.header."+k] = "'" + m.ResponseHeaders[k] + "'"
				}
				op["responses"] = obj{"200": obj{"description": "200 response", "content": emptyContent(), "headers": headers}}
				op["x-amazon-apigateway-integration"] = obj{
					"type": "mock", "passthroughBehavior": "when_no_match",
					"requestTemplates": obj{"application/json": `{"statusCode": 200}`},
					"responses":        obj{"default": obj{"statusCode": "200", "responseParameters": params}},
				}
			}
			ms[strings.ToLower(m.HTTPMethod)] = op
		}
		paths[r.Path] = ms
	}
	doc["paths"] = paths
	if len(api.GatewayResponses) > 0 {
		gr := obj{}
		for _, g := range api.GatewayResponses {
			params := obj{}
			for k, v := range g.Headers {
				params["gatewayresponse.header."+k] = "'" + v + "'"
			}
			gr[g.Type] = obj{"responseParameters": params}
		}
		doc["x-amazon-apigateway-gateway-responses"] = gr
	}
	comp := obj{"schemas": obj{"Empty": obj{"type": "object", "title": "Empty Schema"}}}
	if len(defs) > 0 {
		comp["securitySchemes"] = defs
	}
	doc["components"] = comp
	return doc, nil
}

func emptyContent() obj {
	return obj{"application/json": obj{"schema": obj{"$ref": "#/components/schemas/Empty"}}}
}

func strList(s []string) []any {
	out := make([]any, len(s))
	for i, x := range s {
		out[i] = x
	}
	return out
}

func strMap(m map[string]string) obj {
	out := obj{}
	for k, v := range m {
		out[k] = v
	}
	return out
}
