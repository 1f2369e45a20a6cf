package iac_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/chalice-go/chalice/deploy/plan"
)

// API Gateway v2 resources (the websocket and HTTP APIs, v2 domain names)
// are what moto's CloudFormation cannot create: the test lists what
// deploy created through the SDK and what the template declares, in the
// same words, and compares the lists.

// resource is a CloudFormation template's resource.
type resource struct {
	Type       string
	Properties map[string]any
}

// readResources reads a CloudFormation template's resources.
func readResources(t *testing.T, file string) map[string]resource {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var tm struct{ Resources map[string]resource }
	if err := json.Unmarshal(b, &tm); err != nil {
		t.Fatal(err)
	}
	return tm.Resources
}

// v2Line prints one v2 resource's settings: its kind, then key=value
// pairs in a fixed order, empty values left out.
func v2Line(kind string, kv ...string) string {
	out := kind
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out += " " + kv[i] + "=" + kv[i+1]
		}
	}
	return out
}

func tagsText(m map[string]string) string {
	if len(m) == 0 {
		return ""
	}
	b, _ := json.Marshal(m)
	return string(b)
}

func corsText(c *v2types.Cors) string {
	if c == nil {
		return ""
	}
	b, _ := json.Marshal(map[string]any{
		"AllowOrigins": c.AllowOrigins, "AllowMethods": c.AllowMethods, "AllowHeaders": c.AllowHeaders,
		"ExposeHeaders": c.ExposeHeaders, "MaxAge": aws.ToInt32(c.MaxAge), "AllowCredentials": aws.ToBool(c.AllowCredentials),
	})
	return string(b)
}

var invokedFunction = regexp.MustCompile(`:function:([^/:]+)(:[^/]*)?/invocations$`)

// v2Deployed lists the v2 APIs (with their integrations, authorizers,
// routes and stages) and the v2 domain names with their API mappings on
// an endpoint, APIs named by protocol.
func v2Deployed(ctx context.Context, t *testing.T, cfg aws.Config) []string {
	t.Helper()
	c := apigatewayv2.NewFromConfig(cfg)
	var out []string
	apis, err := c.GetApis(ctx, &apigatewayv2.GetApisInput{})
	if err != nil {
		t.Fatal(err)
	}
	apiName := map[string]string{}
	for _, a := range apis.Items {
		id, api := aws.ToString(a.ApiId), string(a.ProtocolType)
		apiName[id] = api
		got, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: a.ApiId})
		if err != nil {
			t.Fatal(err)
		}
		routeSel := aws.ToString(got.RouteSelectionExpression)
		if api == "HTTP" {
			routeSel = "" // "$request.method $request.path", the only one HTTP APIs have, set by API Gateway
		}
		out = append(out, v2Line(api+" api", "name", aws.ToString(got.Name), "routes", routeSel,
			"cors", corsText(got.CorsConfiguration), "tags", tagsText(got.Tags)))
		ints, err := c.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: a.ApiId})
		if err != nil {
			t.Fatal(err)
		}
		target := map[string]string{}
		for _, in := range ints.Items {
			fn := ""
			if m := invokedFunction.FindStringSubmatch(aws.ToString(in.IntegrationUri)); m != nil {
				fn = m[1]
			}
			target["integrations/"+aws.ToString(in.IntegrationId)] = fn
			timeout := ""
			if api == "HTTP" {
				timeout = fmt.Sprint(aws.ToInt32(in.TimeoutInMillis))
			}
			out = append(out, v2Line(api+" integration", "type", string(in.IntegrationType), "function", fn,
				"format", aws.ToString(in.PayloadFormatVersion), "timeout", timeout))
		}
		auths, err := c.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: a.ApiId})
		if err != nil {
			t.Fatal(err)
		}
		authName := map[string]string{}
		for _, au := range auths.Items {
			authName[aws.ToString(au.AuthorizerId)] = aws.ToString(au.Name)
			fn, issuer, audience := "", "", ""
			if m := invokedFunction.FindStringSubmatch(aws.ToString(au.AuthorizerUri)); m != nil {
				fn = m[1]
			}
			if j := au.JwtConfiguration; j != nil {
				issuer, audience = aws.ToString(j.Issuer), strings.Join(j.Audience, ",")
			}
			ttl := ""
			if au.AuthorizerType == v2types.AuthorizerTypeRequest {
				ttl = fmt.Sprint(aws.ToInt32(au.AuthorizerResultTtlInSeconds))
			}
			out = append(out, v2Line(api+" authorizer", "name", aws.ToString(au.Name), "type", string(au.AuthorizerType),
				"identity", strings.Join(au.IdentitySource, ","), "issuer", issuer, "audience", audience, "function", fn,
				"format", aws.ToString(au.AuthorizerPayloadFormatVersion), "simple", fmt.Sprint(aws.ToBool(au.EnableSimpleResponses)),
				"ttl", ttl, "credentials", aws.ToString(au.AuthorizerCredentialsArn)))
		}
		routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: a.ApiId})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range routes.Items {
			out = append(out, v2Line(api+" route", "key", aws.ToString(r.RouteKey), "auth", string(r.AuthorizationType),
				"authorizer", authName[aws.ToString(r.AuthorizerId)], "function", target[aws.ToString(r.Target)]))
		}
		stages, err := c.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: a.ApiId})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stages.Items {
			out = append(out, v2Line(api+" stage", "name", aws.ToString(s.StageName), "autodeploy", fmt.Sprint(aws.ToBool(s.AutoDeploy))))
		}
	}
	domains, err := c.GetDomainNames(ctx, &apigatewayv2.GetDomainNamesInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range domains.Items {
		for _, dc := range d.DomainNameConfigurations {
			out = append(out, v2Line("domain", "name", aws.ToString(d.DomainName), "endpoint", string(dc.EndpointType),
				"certificate", aws.ToString(dc.CertificateArn), "tls", string(dc.SecurityPolicy), "tags", tagsText(d.Tags)))
		}
		maps, err := c.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: d.DomainName})
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range maps.Items {
			out = append(out, v2Line("mapping", "domain", aws.ToString(d.DomainName), "key", aws.ToString(m.ApiMappingKey),
				"api", apiName[aws.ToString(m.ApiId)], "stage", aws.ToString(m.Stage)))
		}
	}
	slices.Sort(out)
	return out
}

// v2Templated lists the same from a CloudFormation template (the
// translated SAM template) of plan p: references are resolved to what
// deploy would show (a function's name, an authorizer's name, an API's
// protocol, a stage's name).
func v2Templated(t *testing.T, cfnFile string, p *plan.Plan) []string {
	t.Helper()
	res := readResources(t, cfnFile)
	str := func(v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case string:
			return v
		case bool, float64:
			return fmt.Sprint(v)
		}
		j, _ := json.Marshal(v)
		return string(j)
	}
	list := func(v any) string {
		var s []string
		for _, x := range v.([]any) {
			s = append(s, x.(string))
		}
		return strings.Join(s, ",")
	}
	refOf := func(v any) string {
		m, _ := v.(map[string]any)
		s, _ := m["Ref"].(string)
		return s
	}
	// fnOf is the function an invocation URI (Fn::Sub "...${Fn.Arn}...")
	// names.
	arnRef := regexp.MustCompile(`\$\{(\w+)\.Arn\}`)
	fnOf := func(v any) string {
		m := arnRef.FindStringSubmatch(str(v))
		if m == nil {
			return ""
		}
		return p.Function(logicalOf(p, m[1])).Name
	}
	api := func(props map[string]any) string { return str(res[refOf(props["ApiId"])].Properties["ProtocolType"]) }
	var out []string
	for _, r := range res {
		pr := r.Properties
		switch r.Type {
		case "AWS::ApiGatewayV2::Api":
			tags := map[string]string{}
			for k, v := range pr["Tags"].(map[string]any) {
				tags[k] = v.(string)
			}
			var cors *v2types.Cors
			if c, ok := pr["CorsConfiguration"].(map[string]any); ok {
				j, _ := json.Marshal(c)
				cors = &v2types.Cors{}
				json.Unmarshal(j, cors)
			}
			out = append(out, v2Line(str(pr["ProtocolType"])+" api", "name", str(pr["Name"]), "routes", str(pr["RouteSelectionExpression"]),
				"cors", corsText(cors), "tags", tagsText(tags)))
		case "AWS::ApiGatewayV2::Integration":
			out = append(out, v2Line(api(pr)+" integration", "type", str(pr["IntegrationType"]), "function", fnOf(pr["IntegrationUri"]),
				"format", str(pr["PayloadFormatVersion"]), "timeout", str(pr["TimeoutInMillis"])))
		case "AWS::ApiGatewayV2::Authorizer":
			issuer, audience := "", ""
			if j, ok := pr["JwtConfiguration"].(map[string]any); ok {
				issuer, audience = str(j["Issuer"]), list(j["Audience"])
			}
			simple := str(pr["EnableSimpleResponses"])
			if simple == "" {
				simple = "false"
			}
			out = append(out, v2Line(api(pr)+" authorizer", "name", str(pr["Name"]), "type", str(pr["AuthorizerType"]),
				"identity", list(pr["IdentitySource"]), "issuer", issuer, "audience", audience, "function", fnOf(pr["AuthorizerUri"]),
				"format", str(pr["AuthorizerPayloadFormatVersion"]), "simple", simple,
				"ttl", str(pr["AuthorizerResultTtlInSeconds"]), "credentials", str(pr["AuthorizerCredentialsArn"])))
		case "AWS::ApiGatewayV2::Route":
			authorizer := ""
			if id := refOf(pr["AuthorizerId"]); id != "" {
				authorizer = str(res[id].Properties["Name"])
			}
			// Target: Fn::Join ["/", ["integrations", Ref integration]].
			parts := pr["Target"].(map[string]any)["Fn::Join"].([]any)[1].([]any)
			fn := fnOf(res[refOf(parts[1])].Properties["IntegrationUri"])
			out = append(out, v2Line(api(pr)+" route", "key", str(pr["RouteKey"]), "auth", str(pr["AuthorizationType"]),
				"authorizer", authorizer, "function", fn))
		case "AWS::ApiGatewayV2::Stage":
			out = append(out, v2Line(api(pr)+" stage", "name", str(pr["StageName"]), "autodeploy", fmt.Sprint(pr["AutoDeploy"] == true)))
		case "AWS::ApiGatewayV2::DomainName":
			tags := map[string]string{}
			for k, v := range pr["Tags"].(map[string]any) {
				tags[k] = v.(string)
			}
			for _, dc := range pr["DomainNameConfigurations"].([]any) {
				dc := dc.(map[string]any)
				out = append(out, v2Line("domain", "name", str(pr["DomainName"]), "endpoint", str(dc["EndpointType"]),
					"certificate", str(dc["CertificateArn"]), "tls", str(dc["SecurityPolicy"]), "tags", tagsText(tags)))
			}
		case "AWS::ApiGatewayV2::ApiMapping":
			stage := res[refOf(pr["Stage"])].Properties["StageName"]
			out = append(out, v2Line("mapping", "domain", str(res[refOf(pr["DomainName"])].Properties["DomainName"]), "key", str(pr["ApiMappingKey"]),
				"api", api(pr), "stage", str(stage)))
		default:
			if strings.HasPrefix(r.Type, "AWS::ApiGatewayV2::") && r.Type != "AWS::ApiGatewayV2::Deployment" {
				t.Errorf("template resource type %s is not compared with deploy", r.Type)
			}
		}
	}
	slices.Sort(out)
	return out
}

// compareV2 fails unless deploy and the template made the same v2
// resources; want are lines that must be among them.
func compareV2(ctx context.Context, t *testing.T, cfg aws.Config, cfnFile string, p *plan.Plan, want ...string) {
	t.Helper()
	deployed, templated := v2Deployed(ctx, t, cfg), v2Templated(t, cfnFile, p)
	if !slices.Equal(deployed, templated) {
		t.Errorf("API Gateway v2 resources differ:\ndeploy:\n  %s\ntemplate:\n  %s", strings.Join(deployed, "\n  "), strings.Join(templated, "\n  "))
	}
	for _, w := range want {
		if !slices.Contains(deployed, w) {
			t.Errorf("deploy lacks %q:\n  %s", w, strings.Join(deployed, "\n  "))
		}
	}
}
