package iac

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chalice-go/chalice/deploy/plan"
)

// CodeURI is where SAM templates find the deployment package, relative
// to the template (aws cloudformation package uploads it).
const CodeURI = "./deployment.zip"

// ErrS3InCloudFormation is wrapped by SAM's error for an S3 event source.
var ErrS3InCloudFormation = fmt.Errorf("CloudFormation cannot add a notification to an existing S3 bucket")

// SAM renders p as a SAM template (Transform AWS::Serverless-2016-10-31).
func SAM(p *plan.Plan) (map[string]any, error) {
	c := &cfn{res: obj{}, out: obj{}, rules: map[string]string{}}
	if err := c.render(p); err != nil {
		return nil, err
	}
	t := obj{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Transform":                "AWS::Serverless-2016-10-31",
		"Description":              fmt.Sprintf("Chalice app %s, stage %s", p.AppName, p.Stage),
		"Resources":                c.res,
	}
	if len(c.out) > 0 {
		t["Outputs"] = c.out
	}
	v, err := c.resolve(t)
	if err != nil {
		return nil, err
	}
	return v.(obj), nil
}

type cfn struct {
	res, out obj
	rules    map[string]string // event state name -> rule logical ID
}

func (c *cfn) add(id, typ string, props obj) (obj, error) {
	if c.res[id] != nil {
		return nil, fmt.Errorf("two template resources would be named %s", id)
	}
	r := obj{"Type": typ, "Properties": props}
	c.res[id] = r
	return r, nil
}

func getAtt(id, attr string) obj { return obj{"Fn::GetAtt": []any{id, attr}} }
func ref(id string) obj          { return obj{"Ref": id} }

func jsonValue(s, what string) (any, error) {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return v, nil
}

func (c *cfn) render(p *plan.Plan) error {
	for _, r := range p.Roles {
		trust, err := jsonValue(r.TrustPolicy, "trust policy of "+r.RoleName)
		if err != nil {
			return err
		}
		doc, err := r.Policy.MarshalIndent()
		if err != nil {
			return err
		}
		pol, err := jsonValue(string(doc), "policy of "+r.RoleName)
		if err != nil {
			return err
		}
		id := RoleID(r.StateName)
		if _, err := c.add(id, "AWS::IAM::Role", obj{
			"AssumeRolePolicyDocument": trust,
			"Policies":                 []any{obj{"PolicyName": id + "Policy", "PolicyDocument": pol}},
		}); err != nil {
			return err
		}
	}
	for _, f := range p.Functions {
		id := FunctionID(f.Logical)
		props := obj{
			"FunctionName":     f.Name,
			"Runtime":          f.Runtime,
			"Handler":          f.Handler,
			"CodeUri":          CodeURI,
			"Architectures":    []any{f.Architecture},
			"MemorySize":       f.MemorySize,
			"Timeout":          f.Timeout,
			"EphemeralStorage": obj{"Size": f.EphemeralStorage},
			"Role":             f.RoleARN,
			"Tracing":          tracing(f.XRay),
		}
		if len(f.Environment) > 0 {
			props["Environment"] = obj{"Variables": strMap(f.Environment)}
		}
		if len(f.Tags) > 0 {
			props["Tags"] = strMap(f.Tags)
		}
		if len(f.Layers) > 0 {
			props["Layers"] = strList(f.Layers)
		}
		if len(f.SubnetIDs) > 0 {
			props["VpcConfig"] = obj{"SubnetIds": strList(f.SubnetIDs), "SecurityGroupIds": strList(f.SecurityGroupIDs)}
		}
		if f.ReservedConcurrency != nil {
			props["ReservedConcurrentExecutions"] = *f.ReservedConcurrency
		}
		if _, err := c.add(id, "AWS::Serverless::Function", props); err != nil {
			return err
		}
		c.out[id+"Arn"] = obj{"Value": getAtt(id, "Arn")}
		if f.Logical == plan.APIHandler {
			c.out["APIHandlerName"] = obj{"Value": ref(id)}
		}
	}
	if err := c.functionURLs(p); err != nil {
		return err
	}
	for _, g := range p.LogGroups {
		if _, err := c.add(FunctionID(g.Function)+"LogGroup", "AWS::Logs::LogGroup", obj{"LogGroupName": g.Name, "RetentionInDays": g.RetentionInDays}); err != nil {
			return err
		}
	}
	for _, e := range p.Events {
		if err := c.event(e); err != nil {
			return err
		}
	}
	if api := p.RestAPI; api != nil {
		body, err := openAPI(api)
		if err != nil {
			return err
		}
		ec := obj{"Type": api.EndpointType}
		if len(api.VPCEndpointIDs) > 0 {
			ec["VPCEndpointIds"] = strList(api.VPCEndpointIDs)
		}
		props := obj{"Name": api.Name, "StageName": api.Stage, "DefinitionBody": body, "EndpointConfiguration": ec}
		if len(api.Tags) > 0 {
			props["Tags"] = strMap(api.Tags)
		}
		if _, err := c.add(RestAPIID, "AWS::Serverless::Api", props); err != nil {
			return err
		}
		c.out["RestAPIId"] = obj{"Value": ref(RestAPIID)}
		c.out["EndpointURL"] = obj{"Value": api.URL}
		if d := api.CustomDomain; d != nil {
			// RestAPI.Stage is SAM's name for the stage it generates.
			if err := c.customDomain(d, RestAPIID, ref(RestAPIID+".Stage")); err != nil {
				return err
			}
		}
	}
	if p.HTTPAPI != nil {
		if err := c.httpAPI(p.HTTPAPI); err != nil {
			return err
		}
	}
	if ws := p.WebsocketAPI; ws != nil {
		props := obj{"Name": ws.Name, "ProtocolType": "WEBSOCKET", "RouteSelectionExpression": ws.RouteSelectionExpression}
		if len(ws.Tags) > 0 {
			props["Tags"] = strMap(ws.Tags)
		}
		if _, err := c.add(WebsocketAPIID, "AWS::ApiGatewayV2::Api", props); err != nil {
			return err
		}
		var routes []any
		for _, r := range ws.Routes {
			fid := FunctionID(r.Function)
			if _, err := c.add(fid+"Integration", "AWS::ApiGatewayV2::Integration", obj{
				"ApiId": ref(WebsocketAPIID), "IntegrationType": "AWS_PROXY", "IntegrationUri": r.IntegrationURI,
			}); err != nil {
				return err
			}
			if _, err := c.add(fid+"Route", "AWS::ApiGatewayV2::Route", obj{
				"ApiId": ref(WebsocketAPIID), "RouteKey": r.Key, "AuthorizationType": "NONE",
				"Target": obj{"Fn::Join": []any{"/", []any{"integrations", ref(fid + "Integration")}}},
			}); err != nil {
				return err
			}
			routes = append(routes, fid+"Route")
		}
		d, err := c.add(WebsocketAPIID+"Deployment", "AWS::ApiGatewayV2::Deployment", obj{"ApiId": ref(WebsocketAPIID)})
		if err != nil {
			return err
		}
		d["DependsOn"] = routes
		if _, err := c.add(WebsocketAPIID+"Stage", "AWS::ApiGatewayV2::Stage", obj{
			"ApiId": ref(WebsocketAPIID), "DeploymentId": ref(WebsocketAPIID + "Deployment"), "StageName": ws.Stage,
		}); err != nil {
			return err
		}
		c.out["WebsocketAPIId"] = obj{"Value": ref(WebsocketAPIID)}
		c.out["WebsocketConnectEndpointURL"] = obj{"Value": ws.URL}
		if d := ws.CustomDomain; d != nil {
			if err := c.customDomain(d, WebsocketAPIID, ref(WebsocketAPIID+"Stage")); err != nil {
				return err
			}
		}
	}
	for _, pm := range permissions(p) {
		if _, err := c.add(FunctionID(pm.Function)+"InvokePermission", "AWS::Lambda::Permission", obj{
			"Action": "lambda:InvokeFunction", "FunctionName": ref(FunctionID(pm.Function)),
			"Principal": pm.Principal, "SourceArn": pm.SourceARN,
		}); err != nil {
			return err
		}
	}
	return nil
}

func tracing(on bool) string {
	if on {
		return "Active"
	}
	return "PassThrough"
}

// permissions are the plan's Lambda permissions, in plan order.
func permissions(p *plan.Plan) []*plan.Permission {
	var out []*plan.Permission
	for _, e := range p.Events {
		switch e := e.(type) {
		case *plan.ScheduleEvent:
			out = append(out, e.Permission)
		case *plan.CloudWatchEvent:
			out = append(out, e.Permission)
		case *plan.S3Event:
			out = append(out, e.Permission)
		case *plan.SNSEvent:
			out = append(out, e.Permission)
		}
	}
	if p.RestAPI != nil {
		out = append(out, p.RestAPI.Permissions...)
	}
	if p.HTTPAPI != nil {
		out = append(out, p.HTTPAPI.Permissions...)
	}
	if p.WebsocketAPI != nil {
		out = append(out, p.WebsocketAPI.Permissions...)
	}
	return out
}

func (c *cfn) rule(b *plan.EventBase, r *plan.Rule, props obj) error {
	id := FunctionID(b.Function) + "Rule"
	props["Name"] = r.Name
	props["State"] = "ENABLED"
	props["Targets"] = []any{obj{"Id": "1", "Arn": getAtt(FunctionID(b.Function), "Arn")}}
	c.rules[b.StateName] = id
	_, err := c.add(id, "AWS::Events::Rule", props)
	return err
}

func (c *cfn) mapping(b *plan.EventBase, source plan.Value, m plan.Mapping, props obj) error {
	props["EventSourceArn"] = source
	props["FunctionName"] = ref(FunctionID(b.Function))
	props["BatchSize"] = m.BatchSize
	props["MaximumBatchingWindowInSeconds"] = m.MaximumBatchingWindowInSeconds
	props["Enabled"] = true
	_, err := c.add(FunctionID(b.Function)+"EventSourceMapping", "AWS::Lambda::EventSourceMapping", props)
	return err
}

func (c *cfn) event(e plan.Event) error {
	b := e.Base()
	switch e := e.(type) {
	case *plan.ScheduleEvent:
		return c.rule(b, &e.Rule, obj{"ScheduleExpression": e.ScheduleExpression})
	case *plan.CloudWatchEvent:
		pat, err := jsonValue(e.EventPattern, "event pattern of "+b.Function)
		if err != nil {
			return err
		}
		return c.rule(b, &e.Rule, obj{"EventPattern": pat})
	case *plan.S3Event:
		return fmt.Errorf("S3 event handler %s: %w %q (CloudFormation only configures buckets it creates): deploy this app with `chalicegen deploy`, or package it with --pkg-format terraform", b.Function, ErrS3InCloudFormation, e.Bucket)
	case *plan.SNSEvent:
		_, err := c.add(FunctionID(b.Function)+"SnsSubscription", "AWS::SNS::Subscription", obj{
			"Protocol": "lambda", "Endpoint": getAtt(FunctionID(b.Function), "Arn"), "TopicArn": e.TopicARN,
		})
		return err
	case *plan.SQSEvent:
		props := obj{}
		if e.ReportBatchItemFailures {
			props["FunctionResponseTypes"] = []any{"ReportBatchItemFailures"}
		}
		return c.mapping(b, e.QueueARN, e.Mapping, props)
	case *plan.KinesisEvent:
		return c.mapping(b, e.StreamARN, e.Mapping, obj{"StartingPosition": e.StartingPosition})
	case *plan.DynamoDBEvent:
		return c.mapping(b, e.StreamARN, e.Mapping, obj{"StartingPosition": e.StartingPosition})
	}
	return fmt.Errorf("event source %s: unknown kind %T", b.StateName, e)
}

// resolve replaces the plan.Values in a tree with CloudFormation values.
func (c *cfn) resolve(v any) (any, error) {
	switch v := v.(type) {
	case obj:
		for k, x := range v {
			r, err := c.resolve(x)
			if err != nil {
				return nil, err
			}
			v[k] = r
		}
		return v, nil
	case []any:
		for i, x := range v {
			r, err := c.resolve(x)
			if err != nil {
				return nil, err
			}
			v[i] = r
		}
		return v, nil
	case plan.Value:
		return c.value(v)
	}
	return v, nil
}

// value prints a plan.Value: a literal as a string, a lone reference as
// Ref or Fn::GetAtt, anything else as Fn::Sub.
func (c *cfn) value(v plan.Value) (any, error) {
	if s, ok := v.Literal(); ok {
		return s, nil
	}
	if len(v) == 1 {
		id, attr, err := c.target(*v[0].Ref)
		if err != nil {
			return nil, err
		}
		if attr == "" {
			return ref(id), nil
		}
		return getAtt(id, attr), nil
	}
	var b strings.Builder
	for _, p := range v {
		if p.Ref == nil {
			b.WriteString(strings.ReplaceAll(p.Lit, "${", "${!"))
			continue
		}
		id, attr, err := c.target(*p.Ref)
		if err != nil {
			return nil, err
		}
		if attr != "" {
			id += "." + attr
		}
		b.WriteString("${" + id + "}")
	}
	return obj{"Fn::Sub": b.String()}, nil
}

// target is the logical ID (and attribute) a reference stands for.
func (c *cfn) target(r plan.Ref) (id, attr string, err error) {
	switch r.Kind {
	case plan.RefPartition:
		return "AWS::Partition", "", nil
	case plan.RefRegion:
		return "AWS::Region", "", nil
	case plan.RefAccount:
		return "AWS::AccountId", "", nil
	case plan.RefURLSuffix:
		return "AWS::URLSuffix", "", nil
	case plan.RefFunctionARN:
		return FunctionID(r.Name), "Arn", nil
	case plan.RefRoleARN:
		return RoleID(r.Name), "Arn", nil
	case plan.RefRuleARN:
		if id := c.rules[r.Name]; id != "" {
			return id, "Arn", nil
		}
	case plan.RefRestAPIID:
		return RestAPIID, "", nil
	case plan.RefWebsocketAPIID:
		return WebsocketAPIID, "", nil
	case plan.RefHTTPAPIID:
		return HTTPAPIID, "", nil
	}
	return "", "", fmt.Errorf("template: no resource for %s", r)
}
