package awsdeploy

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	cwltypes "github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs/types"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	snstypes "github.com/aws/aws-sdk-go-v2/service/sns/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/policy"
)

// Changes is what a deploy would do: one line per resource, each saying
// what it is and, for an update, what differs.
type Changes struct {
	Create, Update, Delete []string
}

// Empty reports whether a deploy would change nothing.
func (c *Changes) Empty() bool { return len(c.Create)+len(c.Update)+len(c.Delete) == 0 }

// Preview compares p with the account and st, calling only read APIs
// (Get*, List*, Describe*), and returns what Deploy would create, update
// and delete. It compares what Deploy compares, except Lambda permissions
// (implied by the functions and event sources they belong to) and, for an
// existing REST API, method details beyond which methods exist and their
// authorization.
func (d *Deployer) Preview(ctx context.Context, p *plan.Plan, code Code, st *state.State) (*Changes, error) {
	if err := d.Init(ctx); err != nil {
		return nil, err
	}
	c := &Changes{}
	desired := map[string]bool{}
	// ARNs are deterministic for roles and functions; APIs not yet created
	// have no ID, and nothing below resolves one.
	for _, r := range p.Roles {
		desired[r.StateName] = true
		d.known(plan.Ref{Kind: plan.RefRoleARN, Name: r.StateName}, fmt.Sprintf("arn:%s:iam::%s:role/%s", d.Partition, d.Account, r.RoleName))
		if err := d.previewRole(ctx, r, c); err != nil {
			return nil, err
		}
	}
	for _, f := range p.Functions {
		desired[f.Logical] = true
		arn, err := d.resolve(plan.ARN("lambda", "function:"+f.Name))
		if err != nil {
			return nil, err
		}
		d.known(plan.Ref{Kind: plan.RefFunctionARN, Name: f.Logical}, arn)
		if err := d.previewFunction(ctx, f, code, c); err != nil {
			return nil, err
		}
	}
	for _, u := range p.FunctionURLs {
		desired[u.StateName] = true
		fnARN, err := d.resolve(plan.FunctionARN(u.Function))
		if err != nil {
			return nil, err
		}
		cur, err := d.Clients.Lambda.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fnARN)})
		switch {
		case isNotFound(err):
			c.Create = append(c.Create, fmt.Sprintf("function URL of %s (auth %s)", u.Function, u.AuthType))
		case err != nil:
			return nil, wrap(err, "reading the function URL of %s", fnARN)
		case string(cur.AuthType) != u.AuthType || !sameCors(cur.Cors, u.CORS):
			c.Update = append(c.Update, fmt.Sprintf("function URL of %s (auth %s -> %s or CORS)", u.Function, cur.AuthType, u.AuthType))
		}
	}
	for _, g := range p.LogGroups {
		out, err := d.Clients.Logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(g.Name)})
		if err != nil {
			return nil, wrap(err, "reading log group %s", g.Name)
		}
		i := slices.IndexFunc(out.LogGroups, func(x cwlGroup) bool { return aws.ToString(x.LogGroupName) == g.Name })
		switch {
		case i < 0:
			c.Create = append(c.Create, fmt.Sprintf("log group %s (retention %d days)", g.Name, g.RetentionInDays))
		case aws.ToInt32(out.LogGroups[i].RetentionInDays) != int32(g.RetentionInDays):
			c.Update = append(c.Update, fmt.Sprintf("log group %s (retention %d -> %d days)", g.Name, aws.ToInt32(out.LogGroups[i].RetentionInDays), g.RetentionInDays))
		}
	}
	for _, e := range p.Events {
		desired[e.Base().StateName] = true
		if err := d.previewEvent(ctx, e, st, c); err != nil {
			return nil, err
		}
	}
	if p.RestAPI != nil {
		desired[restAPIName] = true
		if err := d.previewRestAPI(ctx, p.RestAPI, st, c); err != nil {
			return nil, err
		}
	}
	if p.HTTPAPI != nil {
		desired[httpAPIName] = true
		if err := d.previewHTTPAPI(ctx, p.HTTPAPI, st, c); err != nil {
			return nil, err
		}
	}
	for _, t := range previewDomains(p, st) {
		if cd := t.cd; cd != nil {
			desired[cd.StateName] = true
			if err := d.previewDomain(ctx, cd, t.apiID, t.stage, c); err != nil {
				return nil, err
			}
			// A renamed domain replaces the recorded one (retireRenamedDomain),
			// as does one of the other API Gateway API (otherAPIDomain).
			if r := st.Lookup(state.TypeDomainName, cd.StateName); r != nil && r.DomainName != "" && (r.DomainName != cd.DomainName || otherAPIDomain(*r, cd)) {
				c.Delete = append(c.Delete, describeRecord(*r))
			}
		}
	}
	if p.WebsocketAPI != nil {
		desired[websocketAPIName] = true
		if err := d.previewWebsocketAPI(ctx, p.WebsocketAPI, st, c); err != nil {
			return nil, err
		}
	}
	for i := len(st.Resources) - 1; i >= 0; i-- {
		if r := st.Resources[i]; !desired[r.Name] {
			c.Delete = append(c.Delete, describeRecord(r))
		}
	}
	return c, nil
}

type (
	cwlGroup        = cwltypes.LogGroup
	snsSubscription = snstypes.Subscription
	lambdaMapping   = ltypes.EventSourceMappingConfiguration
	agAuthorizer    = agtypes.Authorizer
	v2Route         = v2types.Route
)

func describeRecord(r state.Resource) string {
	switch r.Type {
	case state.TypeIAMRole:
		return "IAM role " + r.RoleName
	case state.TypeLambdaFunction:
		return "lambda function " + r.LambdaARN
	case state.TypeRestAPI:
		return "rest API " + r.RestAPIID
	case state.TypeWebsocketAPI:
		return "websocket API " + r.WebsocketAPIID
	case state.TypeHTTPAPI:
		return "HTTP API " + r.HTTPAPIID
	case state.TypeCloudWatchEvent:
		return "event rule " + r.RuleName
	case state.TypeS3Event:
		return "S3 notification of bucket " + r.Bucket
	case state.TypeSNSEvent:
		return "SNS subscription to " + r.Topic
	case state.TypeDomainName:
		return "custom domain name " + r.DomainName
	case state.TypeFunctionURL:
		return "function URL " + r.FunctionURL
	default:
		return fmt.Sprintf("%s %s (%s)", r.Type, r.Name, r.EventUUID)
	}
}

func (d *Deployer) previewRole(ctx context.Context, r *plan.Role, c *Changes) error {
	if _, err := d.Clients.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.RoleName)}); isNotFound(err) {
		c.Create = append(c.Create, "IAM role "+r.RoleName)
		return nil
	} else if err != nil {
		return wrap(err, "reading IAM role %s", r.RoleName)
	}
	want, err := r.Policy.MarshalIndent()
	if err != nil {
		return err
	}
	old := &policy.Document{Version: "2012-10-17"}
	cur, err := d.Clients.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(r.RoleName), PolicyName: aws.String(r.RoleName)})
	switch {
	case err == nil:
		text := aws.ToString(cur.PolicyDocument)
		if u, uerr := url.QueryUnescape(text); uerr == nil {
			text = u
		}
		if sameJSON(text, string(want)) {
			return nil
		}
		if doc, perr := policy.ParseDocument([]byte(text)); perr == nil {
			old = doc
		}
	case !isNotFound(err):
		return wrap(err, "reading the policy of IAM role %s", r.RoleName)
	}
	added, removed := policy.ActionDiff(old, r.Policy)
	var parts []string
	for _, a := range added {
		parts = append(parts, "+"+a)
	}
	for _, a := range removed {
		parts = append(parts, "-"+a)
	}
	c.Update = append(c.Update, fmt.Sprintf("IAM role %s (policy: %s)", r.RoleName, strings.Join(parts, " ")))
	return nil
}

func (d *Deployer) previewFunction(ctx context.Context, f *plan.Function, code Code, c *Changes) error {
	got, err := d.Clients.Lambda.GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: aws.String(f.Name)})
	if isNotFound(err) {
		c.Create = append(c.Create, "lambda function "+f.Name)
		return nil
	} else if err != nil {
		return wrap(err, "reading lambda function %s", f.Name)
	}
	role, _ := d.resolve(f.RoleARN)
	diff := configDiff(f, role, got.Configuration)
	if codeDiffers(f, got.Configuration, code.SHA256) {
		diff = append([]string{"code"}, diff...)
	}
	for k, v := range f.Tags {
		if got.Tags[k] != v {
			diff = append(diff, "tags")
			break
		}
	}
	conc, err := d.Clients.Lambda.GetFunctionConcurrency(ctx, &lambda.GetFunctionConcurrencyInput{FunctionName: aws.String(f.Name)})
	if err != nil {
		return wrap(err, "reading the reserved concurrency of lambda function %s", f.Name)
	}
	if (f.ReservedConcurrency == nil) != (conc.ReservedConcurrentExecutions == nil) ||
		(f.ReservedConcurrency != nil && int32(*f.ReservedConcurrency) != *conc.ReservedConcurrentExecutions) {
		diff = append(diff, "reserved concurrency")
	}
	if len(diff) > 0 {
		c.Update = append(c.Update, fmt.Sprintf("lambda function %s (%s)", f.Name, strings.Join(diff, ", ")))
	}
	return nil
}

func (d *Deployer) previewEvent(ctx context.Context, e plan.Event, st *state.State, c *Changes) error {
	b := e.Base()
	fnARN, err := d.resolve(plan.FunctionARN(b.Function))
	if err != nil {
		return err
	}
	switch e := e.(type) {
	case *plan.ScheduleEvent, *plan.CloudWatchEvent:
		var rule *plan.Rule
		in := &eventbridge.PutRuleInput{State: ebtypes.RuleStateEnabled}
		if s, ok := e.(*plan.ScheduleEvent); ok {
			rule, in.ScheduleExpression = &s.Rule, aws.String(s.ScheduleExpression)
		} else {
			cw := e.(*plan.CloudWatchEvent)
			rule, in.EventPattern = &cw.Rule, aws.String(cw.EventPattern)
		}
		cur, err := d.Clients.Events.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(rule.Name)})
		if isNotFound(err) {
			c.Create = append(c.Create, "event rule "+rule.Name)
			return nil
		} else if err != nil {
			return wrap(err, "reading event rule %s", rule.Name)
		}
		targets, err := d.Clients.Events.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule.Name)})
		if err != nil {
			return wrap(err, "reading the targets of event rule %s", rule.Name)
		}
		if !ruleMatches(in, cur) || !slices.ContainsFunc(targets.Targets, func(t ebtypes.Target) bool { return aws.ToString(t.Arn) == fnARN }) {
			c.Update = append(c.Update, "event rule "+rule.Name)
		}
	case *plan.S3Event:
		cur, err := d.Clients.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(e.Bucket)})
		if err != nil {
			return wrap(err, "reading the notification configuration of bucket %s", e.Bucket)
		}
		mine := notification(e, fnARN)
		switch {
		case slices.ContainsFunc(cur.LambdaFunctionConfigurations, func(x s3types.LambdaFunctionConfiguration) bool { return sameNotification(x, mine) }):
		case slices.ContainsFunc(cur.LambdaFunctionConfigurations, func(x s3types.LambdaFunctionConfiguration) bool { return aws.ToString(x.LambdaFunctionArn) == fnARN }):
			c.Update = append(c.Update, "S3 notification of bucket "+e.Bucket)
		default:
			c.Create = append(c.Create, "S3 notification of bucket "+e.Bucket)
		}
	case *plan.SNSEvent:
		topic, err := d.resolve(e.TopicARN)
		if err != nil {
			return err
		}
		out, err := d.Clients.SNS.ListSubscriptionsByTopic(ctx, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
		if err != nil {
			return wrap(err, "listing the subscriptions of SNS topic %s", topic)
		}
		if !slices.ContainsFunc(out.Subscriptions, func(s snsSubscription) bool {
			return aws.ToString(s.Protocol) == "lambda" && aws.ToString(s.Endpoint) == fnARN
		}) {
			c.Create = append(c.Create, "SNS subscription of "+fnARN+" to "+e.Topic)
		}
	case *plan.SQSEvent, *plan.KinesisEvent, *plan.DynamoDBEvent:
		var source plan.Value
		var m plan.Mapping
		switch e := e.(type) {
		case *plan.SQSEvent:
			source, m = e.QueueARN, e.Mapping
		case *plan.KinesisEvent:
			source, m = e.StreamARN, e.Mapping
		case *plan.DynamoDBEvent:
			source, m = e.StreamARN, e.Mapping
		}
		src, err := d.resolve(source)
		if err != nil {
			return err
		}
		list, err := d.Clients.Lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(src), FunctionName: aws.String(fnARN)})
		if err != nil {
			return wrap(err, "listing the event source mappings of %s", fnARN)
		}
		i := slices.IndexFunc(list.EventSourceMappings, func(x lambdaMapping) bool { return aws.ToString(x.EventSourceArn) == src })
		switch {
		case i < 0:
			c.Create = append(c.Create, "event source mapping "+src+" -> "+fnARN)
		case aws.ToInt32(list.EventSourceMappings[i].BatchSize) != int32(m.BatchSize) ||
			aws.ToInt32(list.EventSourceMappings[i].MaximumBatchingWindowInSeconds) != int32(m.MaximumBatchingWindowInSeconds):
			c.Update = append(c.Update, "event source mapping "+src+" -> "+fnARN)
		}
	}
	return nil
}

func (d *Deployer) previewRestAPI(ctx context.Context, api *plan.RestAPI, st *state.State, c *Changes) error {
	recID, recPending := "", false
	if rec := st.Lookup(state.TypeRestAPI, restAPIName); rec != nil {
		recID, recPending = rec.RestAPIID, rec.DeploymentPending
	}
	id, pending, err := d.locateAPI(recID, recPending, func(id string) error {
		_, err := d.Clients.APIGateway.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(id)})
		return wrap(err, "reading rest API %s", id)
	}, func() (string, error) {
		found, err := d.findRestAPI(ctx, api)
		if found == nil {
			return "", err
		}
		return aws.ToString(found.Id), err
	})
	if err != nil {
		return err
	}
	if id == "" {
		c.Create = append(c.Create, fmt.Sprintf("rest API %s (%d resources, %d authorizers, stage %s)", api.Name, len(api.Resources), len(api.Authorizers), api.Stage))
		return nil
	}
	live, err := d.listResources(ctx, id)
	if err != nil {
		return err
	}
	var diff []string
	want := map[string]bool{}
	for _, r := range api.Resources {
		want[r.Path] = true
		lr := live[r.Path]
		if lr == nil {
			diff = append(diff, "+"+r.Path)
			for _, m := range r.Methods {
				diff = append(diff, "+"+m.HTTPMethod+" "+r.Path)
			}
			continue
		}
		for _, m := range r.Methods {
			if !lr.methods[m.HTTPMethod] {
				diff = append(diff, "+"+m.HTTPMethod+" "+r.Path)
			}
		}
		for m := range lr.methods {
			if !slices.ContainsFunc(r.Methods, func(x *plan.Method) bool { return x.HTTPMethod == m }) {
				diff = append(diff, "-"+m+" "+r.Path)
			}
		}
	}
	for path := range live {
		if !want[path] {
			diff = append(diff, "-"+path)
		}
	}
	auths, err := d.Clients.APIGateway.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: aws.String(id), Limit: aws.Int32(500)})
	if err != nil {
		return wrap(err, "listing the authorizers of rest API %s", id)
	}
	for _, a := range api.Authorizers {
		if !slices.ContainsFunc(auths.Items, func(x agAuthorizer) bool { return aws.ToString(x.Name) == a.Name }) {
			diff = append(diff, "+authorizer "+a.Name)
		}
	}
	for _, x := range auths.Items {
		if !slices.ContainsFunc(api.Authorizers, func(a *plan.Authorizer) bool { return a.Name == aws.ToString(x.Name) }) {
			diff = append(diff, "-authorizer "+aws.ToString(x.Name))
		}
	}
	grs, err := d.gatewayResponseChanges(ctx, id, api)
	if err != nil {
		return err
	}
	for _, g := range grs {
		diff = append(diff, "~gateway response "+g.Type)
	}
	slices.Sort(diff)
	c.apiUpdate("rest API", id, api.Stage, diff, pending)
	return nil
}

func (d *Deployer) previewWebsocketAPI(ctx context.Context, ws *plan.WebsocketAPI, st *state.State, c *Changes) error {
	recID, recPending := "", false
	if rec := st.Lookup(state.TypeWebsocketAPI, websocketAPIName); rec != nil {
		recID, recPending = rec.WebsocketAPIID, rec.DeploymentPending
	}
	id, pending, err := d.locateAPI(recID, recPending, func(id string) error {
		_, err := d.Clients.APIGateway2.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)})
		return wrap(err, "reading websocket API %s", id)
	}, func() (string, error) {
		found, err := d.findV2API(ctx, ws.Name, v2types.ProtocolTypeWebsocket, ws.Tags)
		if found == nil {
			return "", err
		}
		return aws.ToString(found.ApiId), err
	})
	if err != nil {
		return err
	}
	if id == "" {
		c.Create = append(c.Create, fmt.Sprintf("websocket API %s (%d routes, stage %s)", ws.Name, len(ws.Routes), ws.Stage))
		return nil
	}
	routes, err := d.Clients.APIGateway2.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)})
	if err != nil {
		return wrap(err, "listing the routes of websocket API %s", id)
	}
	var diff []string
	for _, r := range ws.Routes {
		if !slices.ContainsFunc(routes.Items, func(x v2Route) bool { return aws.ToString(x.RouteKey) == r.Key }) {
			diff = append(diff, "+"+r.Key)
		}
	}
	for _, x := range routes.Items {
		if !slices.ContainsFunc(ws.Routes, func(r *plan.WebsocketRoute) bool { return r.Key == aws.ToString(x.RouteKey) }) {
			diff = append(diff, "-"+aws.ToString(x.RouteKey))
		}
	}
	c.apiUpdate("websocket API", id, ws.Stage, diff, pending)
	return nil
}

// locateAPI finds an API as Deploy does: by its recorded ID while it
// exists, else by name and stage tag (find). It returns "" when a deploy
// would create it; pending says the stage would get a deployment.
func (d *Deployer) locateAPI(recID string, recPending bool, exists func(id string) error, find func() (string, error)) (id string, pending bool, err error) {
	if recID != "" {
		err := exists(recID)
		if err == nil {
			return recID, recPending, nil
		}
		if !isNotFound(err) {
			return "", false, err
		}
	}
	id, err = find()
	return id, true, err
}

// apiUpdate lists an existing API whose routes differ, or whose stage
// would get a pending deployment.
func (c *Changes) apiUpdate(kind, id, stage string, diff []string, pending bool) {
	if pending && len(diff) == 0 {
		diff = append(diff, "a deployment to stage "+stage)
	}
	if len(diff) > 0 {
		c.Update = append(c.Update, fmt.Sprintf("%s %s (%s)", kind, id, strings.Join(diff, ", ")))
	}
}

func restDomain(p *plan.Plan) *plan.CustomDomain {
	if p.RestAPI == nil {
		return nil
	}
	return p.RestAPI.CustomDomain
}

func wsDomain(p *plan.Plan) *plan.CustomDomain {
	if p.WebsocketAPI == nil {
		return nil
	}
	return p.WebsocketAPI.CustomDomain
}

// domainTarget is a planned custom domain with the recorded ID of its API
// ("" when the API is still to be created) and the stage it maps.
type domainTarget struct {
	cd           *plan.CustomDomain
	apiID, stage string
}

func previewDomains(p *plan.Plan, st *state.State) []domainTarget {
	var out []domainTarget
	if cd := restDomain(p); cd != nil {
		t := domainTarget{cd: cd, stage: p.RestAPI.Stage}
		if r := st.Lookup(state.TypeRestAPI, restAPIName); r != nil {
			t.apiID = r.RestAPIID
		}
		out = append(out, t)
	}
	if cd := httpDomain(p); cd != nil {
		t := domainTarget{cd: cd, stage: p.HTTPAPI.Stage}
		if r := st.Lookup(state.TypeHTTPAPI, httpAPIName); r != nil {
			t.apiID = r.HTTPAPIID
		}
		out = append(out, t)
	}
	if cd := wsDomain(p); cd != nil {
		t := domainTarget{cd: cd, stage: p.WebsocketAPI.Stage}
		if r := st.Lookup(state.TypeWebsocketAPI, websocketAPIName); r != nil {
			t.apiID = r.WebsocketAPIID
		}
		out = append(out, t)
	}
	return out
}

// previewDomain reports a custom domain name to create, or what a deploy
// would change on it (domainDiff, and the mapping of the API's stage).
func (d *Deployer) previewDomain(ctx context.Context, cd *plan.CustomDomain, apiID, stage string, c *Changes) error {
	var live liveDomain
	var err error
	if cd.V2 {
		var out *apigatewayv2.GetDomainNameOutput
		if out, err = d.Clients.APIGateway2.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String(cd.DomainName)}); err == nil {
			live = liveV2(out)
		}
	} else {
		var out *apigateway.GetDomainNameOutput
		if out, err = d.Clients.APIGateway.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String(cd.DomainName)}); err == nil {
			live = liveV1(cd, out)
		}
	}
	switch {
	case isNotFound(err):
		c.Create = append(c.Create, fmt.Sprintf("custom domain name %s (mapped at /%s)", cd.DomainName, cd.BasePath))
		return nil
	case err != nil:
		return wrap(err, "reading custom domain name %s", cd.DomainName)
	}
	diff := domainDiff(cd, live)
	var ms []domainMapping
	if apiID != "" {
		if cd.V2 {
			ms, err = d.v2Mappings(ctx, cd.DomainName)
		} else {
			ms, err = d.v1Mappings(ctx, cd.DomainName)
		}
		if err != nil {
			return err
		}
	}
	_, inPlace, stale := mappingDiff(ms, cd.BasePath, apiID, stage)
	if !inPlace {
		diff = append(diff, "+mapping /"+cd.BasePath)
	}
	for _, m := range stale {
		diff = append(diff, "-mapping /"+m.BasePath)
	}
	if len(diff) > 0 {
		c.Update = append(c.Update, fmt.Sprintf("custom domain name %s (%s)", cd.DomainName, strings.Join(diff, ", ")))
	}
	return nil
}
