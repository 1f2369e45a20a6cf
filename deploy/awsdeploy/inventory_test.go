package awsdeploy_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
)

// inventory lists everything a deploy can create in the account, one line
// per resource or setting, sorted. Generated IDs are replaced by names
// (an API's ID by "<api:NAME>", an authorizer's by its name, an
// integration's by its URI), so inventories of two accounts that hold the
// same resources compare equal, and a duplicate shows as an extra line.
func inventory(t *testing.T, c *awsClients) []string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatalf("inventory: %v", err)
		}
	}
	ids := map[string]string{} // generated ID -> name, for normalizing

	roles, err := c.iam.ListRoles(ctx, &iam.ListRolesInput{})
	must(err)
	for _, r := range roles.Roles {
		name := aws.ToString(r.RoleName)
		add("iam role %s", name)
		pols, err := c.iam.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: r.RoleName})
		must(err)
		for _, pn := range pols.PolicyNames {
			doc, err := c.iam.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: r.RoleName, PolicyName: aws.String(pn)})
			must(err)
			text, _ := url.QueryUnescape(aws.ToString(doc.PolicyDocument))
			add("iam role %s policy %s %s", name, pn, compactJSON(text))
		}
	}

	rest, err := c.ag.GetRestApis(ctx, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	must(err)
	for _, a := range rest.Items {
		ids[aws.ToString(a.Id)] = "<api:" + aws.ToString(a.Name) + ">"
	}
	v2, err := c.ag2.GetApis(ctx, &apigatewayv2.GetApisInput{})
	must(err)
	for _, a := range v2.Items {
		ids[aws.ToString(a.ApiId)] = "<api:" + aws.ToString(a.Name) + ">"
	}
	norm := func(s string) string {
		for id, name := range ids {
			s = strings.ReplaceAll(s, id, name)
		}
		return s
	}

	for _, a := range rest.Items {
		id, api := a.Id, "rest api "+aws.ToString(a.Name)
		add("%s tags %v binary %v endpoint %v", api, a.Tags, a.BinaryMediaTypes, a.EndpointConfiguration.Types)
		auths, err := c.ag.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: id})
		must(err)
		authName := map[string]string{}
		for _, au := range auths.Items {
			authName[aws.ToString(au.Id)] = aws.ToString(au.Name)
			add("%s authorizer %s %s %s %s ttl=%d %v", api, aws.ToString(au.Name), au.Type, norm(aws.ToString(au.AuthorizerUri)), aws.ToString(au.IdentitySource), aws.ToInt32(au.AuthorizerResultTtlInSeconds), au.ProviderARNs)
		}
		res, err := c.ag.GetResources(ctx, &apigateway.GetResourcesInput{RestApiId: id, Limit: aws.Int32(500)})
		must(err)
		for _, r := range res.Items {
			add("%s resource %s", api, aws.ToString(r.Path))
			for _, m := range slices.Sorted(mapKeysOf(r.ResourceMethods)) {
				got, err := c.ag.GetMethod(ctx, &apigateway.GetMethodInput{RestApiId: id, ResourceId: r.Id, HttpMethod: aws.String(m)})
				must(err)
				integ := "none"
				if got.MethodIntegration != nil {
					integ = string(got.MethodIntegration.Type) + " " + norm(aws.ToString(got.MethodIntegration.Uri))
				}
				add("%s method %s %s auth=%s/%s key=%v integration=%s", api, m, aws.ToString(r.Path), aws.ToString(got.AuthorizationType), authName[aws.ToString(got.AuthorizerId)], aws.ToBool(got.ApiKeyRequired), integ)
			}
		}
		stages, err := c.ag.GetStages(ctx, &apigateway.GetStagesInput{RestApiId: id})
		must(err)
		for _, s := range stages.Item {
			add("%s stage %s deployed=%v", api, aws.ToString(s.StageName), aws.ToString(s.DeploymentId) != "")
		}
	}
	for _, a := range v2.Items {
		id, api := a.ApiId, "v2 api "+aws.ToString(a.Name)
		add("%s protocol %s tags %v selection %s", api, a.ProtocolType, a.Tags, aws.ToString(a.RouteSelectionExpression))
		if co := a.CorsConfiguration; co != nil {
			add("%s cors origins %v methods %v headers %v expose %v max-age %d credentials %v", api, co.AllowOrigins, co.AllowMethods, co.AllowHeaders, co.ExposeHeaders, aws.ToInt32(co.MaxAge), aws.ToBool(co.AllowCredentials))
		}
		ints, err := c.ag2.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: id})
		must(err)
		intURI := map[string]string{}
		for _, in := range ints.Items {
			intURI[aws.ToString(in.IntegrationId)] = norm(aws.ToString(in.IntegrationUri))
			add("%s integration %s %s payload %s", api, in.IntegrationType, norm(aws.ToString(in.IntegrationUri)), aws.ToString(in.PayloadFormatVersion))
		}
		authName := map[string]string{}
		if a.ProtocolType == v2types.ProtocolTypeHttp && c.ag2Gaps != nil {
			// moto lists no v2 authorizers; the proxy answers the list.
			auths, err := c.ag2Gaps.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: id})
			must(err)
			for _, au := range auths.Items {
				authName[aws.ToString(au.AuthorizerId)] = aws.ToString(au.Name)
				jwt := ""
				if j := au.JwtConfiguration; j != nil {
					jwt = fmt.Sprintf(" issuer %s audience %v", aws.ToString(j.Issuer), j.Audience)
				}
				add("%s authorizer %s %s %s identity %v payload %s simple %v ttl %d%s", api, aws.ToString(au.Name), au.AuthorizerType, norm(aws.ToString(au.AuthorizerUri)),
					au.IdentitySource, aws.ToString(au.AuthorizerPayloadFormatVersion), aws.ToBool(au.EnableSimpleResponses), aws.ToInt32(au.AuthorizerResultTtlInSeconds), jwt)
			}
		}
		routes, err := c.ag2.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: id})
		must(err)
		for _, r := range routes.Items {
			target := aws.ToString(r.Target)
			if i := strings.TrimPrefix(target, "integrations/"); intURI[i] != "" {
				target = "integration " + intURI[i]
			}
			add("%s route %s -> %s auth %s %s", api, aws.ToString(r.RouteKey), target, r.AuthorizationType, authName[aws.ToString(r.AuthorizerId)])
		}
		stages, err := c.ag2.GetStages(ctx, &apigatewayv2.GetStagesInput{ApiId: id})
		must(err)
		for _, s := range stages.Items {
			add("%s stage %s auto-deploy %v", api, aws.ToString(s.StageName), aws.ToBool(s.AutoDeploy))
		}
	}

	fns, err := c.lambda.ListFunctions(ctx, &lambda.ListFunctionsInput{})
	must(err)
	for _, f := range fns.Functions {
		name := aws.ToString(f.FunctionName)
		var env map[string]string
		if f.Environment != nil {
			env = f.Environment.Variables
		}
		add("lambda %s handler=%s runtime=%s arch=%v memory=%d timeout=%d role=%s env=%v", name, aws.ToString(f.Handler), f.Runtime, f.Architectures, aws.ToInt32(f.MemorySize), aws.ToInt32(f.Timeout), aws.ToString(f.Role), env)
		pol, err := c.lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: f.FunctionName})
		if err == nil {
			var doc struct {
				Statement []map[string]any
			}
			_ = json.Unmarshal([]byte(aws.ToString(pol.Policy)), &doc)
			for _, s := range doc.Statement {
				b, _ := json.Marshal(map[string]any{"Sid": s["Sid"], "Principal": s["Principal"], "Condition": s["Condition"], "Action": s["Action"]})
				add("lambda %s permission %s", name, norm(string(b)))
			}
		}
		if u, err := c.lambda.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: f.FunctionArn}); err == nil {
			cors := "none"
			if c := u.Cors; c != nil {
				cors = fmt.Sprintf("origins=%v methods=%v headers=%v expose=%v max-age=%d credentials=%v", c.AllowOrigins, c.AllowMethods, c.AllowHeaders, c.ExposeHeaders, aws.ToInt32(c.MaxAge), aws.ToBool(c.AllowCredentials))
			}
			add("lambda %s url auth=%s cors=%s", name, u.AuthType, cors)
		}
		maps, err := c.lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{FunctionName: f.FunctionArn})
		must(err)
		for _, m := range maps.EventSourceMappings {
			add("lambda %s mapping %s batch=%d types=%v", name, aws.ToString(m.EventSourceArn), aws.ToInt32(m.BatchSize), m.FunctionResponseTypes)
		}
	}

	domains, err := c.ag.GetDomainNames(ctx, &apigateway.GetDomainNamesInput{})
	must(err)
	for _, dn := range domains.Items {
		add("domain %s regional-cert=%s cert=%s policy=%s tags=%v", aws.ToString(dn.DomainName), aws.ToString(dn.RegionalCertificateArn), aws.ToString(dn.CertificateArn), dn.SecurityPolicy, dn.Tags)
		// moto fails this listing for a domain without mappings (a gap
		// awsproxy answers for the deployer); none is what AWS says.
		if m, err := c.ag.GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: dn.DomainName}); err == nil {
			for _, x := range m.Items {
				add("domain %s mapping %s -> %s stage %s", aws.ToString(dn.DomainName), aws.ToString(x.BasePath), norm(aws.ToString(x.RestApiId)), aws.ToString(x.Stage))
			}
		}
	}
	v2domains, err := c.ag2.GetDomainNames(ctx, &apigatewayv2.GetDomainNamesInput{})
	must(err)
	for _, dn := range v2domains.Items {
		add("v2 domain %s", aws.ToString(dn.DomainName))
		m, err := c.ag2.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: dn.DomainName})
		must(err)
		for _, x := range m.Items {
			add("v2 domain %s mapping %s -> %s stage %s", aws.ToString(dn.DomainName), aws.ToString(x.ApiMappingKey), norm(aws.ToString(x.ApiId)), aws.ToString(x.Stage))
		}
	}

	groups, err := c.logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{})
	must(err)
	for _, g := range groups.LogGroups {
		add("log group %s retention=%d", aws.ToString(g.LogGroupName), aws.ToInt32(g.RetentionInDays))
	}

	rules, err := c.events.ListRules(ctx, &eventbridge.ListRulesInput{})
	must(err)
	for _, r := range rules.Rules {
		add("rule %s schedule=%s pattern=%s state=%s", aws.ToString(r.Name), aws.ToString(r.ScheduleExpression), compactJSON(aws.ToString(r.EventPattern)), r.State)
		tg, err := c.events.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: r.Name})
		must(err)
		for _, x := range tg.Targets {
			add("rule %s target %s %s", aws.ToString(r.Name), aws.ToString(x.Id), aws.ToString(x.Arn))
		}
	}

	buckets, err := c.s3.ListBuckets(ctx, &s3.ListBucketsInput{})
	must(err)
	for _, b := range buckets.Buckets {
		add("bucket %s", aws.ToString(b.Name))
		nc, err := c.s3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: b.Name})
		must(err)
		for _, l := range nc.LambdaFunctionConfigurations {
			var rules []string
			if l.Filter != nil && l.Filter.Key != nil {
				for _, r := range l.Filter.Key.FilterRules {
					rules = append(rules, strings.ToLower(string(r.Name))+"="+aws.ToString(r.Value))
				}
			}
			add("bucket %s notification %s %s %v %v", aws.ToString(b.Name), aws.ToString(l.Id), aws.ToString(l.LambdaFunctionArn), l.Events, rules)
		}
	}

	subs, err := c.sns.ListSubscriptions(ctx, &sns.ListSubscriptionsInput{})
	must(err)
	for _, s := range subs.Subscriptions {
		add("sns subscription %s %s %s", aws.ToString(s.TopicArn), aws.ToString(s.Protocol), aws.ToString(s.Endpoint))
	}
	sort.Strings(lines)
	return lines
}

func compactJSON(s string) string {
	var v any
	if json.Unmarshal([]byte(s), &v) != nil {
		return s
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func mapKeysOf[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

type awsClients struct {
	iam    *iam.Client
	lambda *lambda.Client
	ag     *apigateway.Client
	ag2    *apigatewayv2.Client
	// ag2Gaps reaches moto through the test proxy, which answers the v2
	// calls moto lacks (GetAuthorizers); nil lists no v2 authorizers.
	ag2Gaps *apigatewayv2.Client
	events  *eventbridge.Client
	s3      *s3.Client
	sns     *sns.Client
	logs    *cloudwatchlogs.Client
}

func newAWSClients(cfg aws.Config) *awsClients {
	return &awsClients{
		iam: iam.NewFromConfig(cfg), lambda: lambda.NewFromConfig(cfg), ag: apigateway.NewFromConfig(cfg),
		ag2: apigatewayv2.NewFromConfig(cfg), events: eventbridge.NewFromConfig(cfg),
		s3:  s3.NewFromConfig(cfg, func(o *s3.Options) { o.UsePathStyle = true }),
		sns: sns.NewFromConfig(cfg), logs: cloudwatchlogs.NewFromConfig(cfg),
	}
}
