package iac

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chalice-go/chalice/deploy/plan"
)

// raw is Terraform template text written as is (it holds interpolations
// this package made).
type raw string

// Terraform renders p as a Terraform JSON configuration for the aws
// provider (chalice.tf.json). zip is the deployment package's path
// relative to the configuration's directory.
func Terraform(p *plan.Plan, zip string) (map[string]any, error) {
	t := &tf{res: obj{}, out: obj{}, rules: map[string]string{}}
	if err := t.render(p, zip); err != nil {
		return nil, err
	}
	conf := obj{
		"terraform": obj{"required_providers": obj{"aws": obj{"source": "hashicorp/aws", "version": ">= 5.0"}}},
		"locals":    obj{"chalice_app": p.AppName, "chalice_stage": p.Stage},
		"data": obj{
			"aws_caller_identity": obj{"chalice": obj{}},
			"aws_partition":       obj{"chalice": obj{}},
			"aws_region":          obj{"chalice": obj{}},
		},
		"resource": t.res,
	}
	if len(t.out) > 0 {
		conf["output"] = t.out
	}
	v, err := t.resolve(conf)
	if err != nil {
		return nil, err
	}
	return v.(obj), nil
}

type tf struct {
	res, out obj
	rules    map[string]string // event state name -> rule resource name
}

func (t *tf) add(typ, name string, args obj) error {
	byName, _ := t.res[typ].(obj)
	if byName == nil {
		byName = obj{}
		t.res[typ] = byName
	}
	if byName[name] != nil {
		return fmt.Errorf("two %s resources would be named %s", typ, name)
	}
	byName[name] = args
	return nil
}

func interp(expr string) raw { return raw("${" + expr + "}") }

func fnAttr(logical, attr string) raw {
	return interp("aws_lambda_function." + tfName(logical) + "." + attr)
}

func (t *tf) render(p *plan.Plan, zip string) error {
	for _, r := range p.Roles {
		doc, err := r.Policy.MarshalIndent()
		if err != nil {
			return err
		}
		n := tfName(r.StateName)
		if err := t.add("aws_iam_role", n, obj{"name": r.RoleName, "assume_role_policy": r.TrustPolicy}); err != nil {
			return err
		}
		if err := t.add("aws_iam_role_policy", n, obj{"name": r.RoleName, "role": interp("aws_iam_role." + n + ".id"), "policy": string(doc)}); err != nil {
			return err
		}
	}
	path := "${path.module}/" + zip
	for _, f := range p.Functions {
		args := obj{
			"function_name":     f.Name,
			"runtime":           f.Runtime,
			"handler":           f.Handler,
			"filename":          raw(path),
			"source_code_hash":  raw(`${filebase64sha256("` + path + `")}`),
			"architectures":     []any{f.Architecture},
			"memory_size":       f.MemorySize,
			"timeout":           f.Timeout,
			"ephemeral_storage": obj{"size": f.EphemeralStorage},
			"role":              f.RoleARN,
			"tracing_config":    obj{"mode": tracing(f.XRay)},
		}
		if len(f.Environment) > 0 {
			args["environment"] = obj{"variables": strMap(f.Environment)}
		}
		if len(f.Tags) > 0 {
			args["tags"] = strMap(f.Tags)
		}
		if len(f.Layers) > 0 {
			args["layers"] = strList(f.Layers)
		}
		if len(f.SubnetIDs) > 0 {
			args["vpc_config"] = obj{"subnet_ids": strList(f.SubnetIDs), "security_group_ids": strList(f.SecurityGroupIDs)}
		}
		if f.ReservedConcurrency != nil {
			args["reserved_concurrent_executions"] = *f.ReservedConcurrency
		}
		if err := t.add("aws_lambda_function", tfName(f.Logical), args); err != nil {
			return err
		}
		t.out[FunctionID(f.Logical)+"Arn"] = obj{"value": fnAttr(f.Logical, "arn")}
		if f.Logical == plan.APIHandler {
			t.out["APIHandlerName"] = obj{"value": fnAttr(f.Logical, "function_name")}
		}
	}
	if err := t.functionURLs(p); err != nil {
		return err
	}
	for _, g := range p.LogGroups {
		if err := t.add("aws_cloudwatch_log_group", tfName(g.Function), obj{"name": g.Name, "retention_in_days": g.RetentionInDays}); err != nil {
			return err
		}
	}
	perms := map[*plan.Permission]string{}
	for _, pm := range permissions(p) {
		n := tfName(pm.Function)
		perms[pm] = n
		if err := t.add("aws_lambda_permission", n, obj{
			"statement_id": pm.StatementID, "action": "lambda:InvokeFunction", "function_name": fnAttr(pm.Function, "function_name"),
			"principal": pm.Principal, "source_arn": pm.SourceARN,
		}); err != nil {
			return err
		}
	}
	buckets := map[string]obj{}
	for _, e := range p.Events {
		if err := t.event(e, buckets, perms); err != nil {
			return err
		}
	}
	if api := p.RestAPI; api != nil {
		doc, err := openAPI(api)
		if err != nil {
			return err
		}
		resolved, err := t.resolve(doc)
		if err != nil {
			return err
		}
		body, err := json.Marshal(resolved)
		if err != nil {
			return err
		}
		ec := obj{"types": []any{api.EndpointType}}
		if len(api.VPCEndpointIDs) > 0 {
			ec["vpc_endpoint_ids"] = strList(api.VPCEndpointIDs)
		}
		args := obj{"name": api.Name, "body": raw(body), "endpoint_configuration": ec}
		if len(api.Tags) > 0 {
			args["tags"] = strMap(api.Tags)
		}
		if err := t.add("aws_api_gateway_rest_api", "rest_api", args); err != nil {
			return err
		}
		if err := t.add("aws_api_gateway_deployment", "rest_api", obj{
			"rest_api_id": interp("aws_api_gateway_rest_api.rest_api.id"),
			"triggers":    obj{"redeployment": interp("sha1(aws_api_gateway_rest_api.rest_api.body)")},
			"lifecycle":   obj{"create_before_destroy": true},
		}); err != nil {
			return err
		}
		if err := t.add("aws_api_gateway_stage", "rest_api", obj{
			"rest_api_id": interp("aws_api_gateway_rest_api.rest_api.id"), "deployment_id": interp("aws_api_gateway_deployment.rest_api.id"),
			"stage_name": api.Stage,
		}); err != nil {
			return err
		}
		t.out["RestAPIId"] = obj{"value": interp("aws_api_gateway_rest_api.rest_api.id")}
		t.out["EndpointURL"] = obj{"value": api.URL}
		if d := api.CustomDomain; d != nil {
			if err := t.customDomain(d, "rest_api", RestAPIID, "aws_api_gateway_rest_api.rest_api.id", "aws_api_gateway_stage.rest_api.stage_name"); err != nil {
				return err
			}
		}
	}
	if p.HTTPAPI != nil {
		if err := t.httpAPI(p.HTTPAPI); err != nil {
			return err
		}
	}
	if ws := p.WebsocketAPI; ws != nil {
		args := obj{"name": ws.Name, "protocol_type": "WEBSOCKET", "route_selection_expression": ws.RouteSelectionExpression}
		if len(ws.Tags) > 0 {
			args["tags"] = strMap(ws.Tags)
		}
		if err := t.add("aws_apigatewayv2_api", "websocket_api", args); err != nil {
			return err
		}
		var routes []any
		for _, r := range ws.Routes {
			n := tfName(r.Function)
			if err := t.add("aws_apigatewayv2_integration", n, obj{
				"api_id": interp("aws_apigatewayv2_api.websocket_api.id"), "integration_type": "AWS_PROXY", "integration_uri": r.IntegrationURI,
			}); err != nil {
				return err
			}
			if err := t.add("aws_apigatewayv2_route", n, obj{
				"api_id": interp("aws_apigatewayv2_api.websocket_api.id"), "route_key": r.Key,
				"target": raw("integrations/${aws_apigatewayv2_integration." + n + ".id}"),
			}); err != nil {
				return err
			}
			routes = append(routes, "aws_apigatewayv2_route."+n)
		}
		if err := t.add("aws_apigatewayv2_deployment", "websocket_api", obj{
			"api_id": interp("aws_apigatewayv2_api.websocket_api.id"), "depends_on": routes,
		}); err != nil {
			return err
		}
		if err := t.add("aws_apigatewayv2_stage", "websocket_api", obj{
			"api_id": interp("aws_apigatewayv2_api.websocket_api.id"), "name": ws.Stage,
			"deployment_id": interp("aws_apigatewayv2_deployment.websocket_api.id"),
		}); err != nil {
			return err
		}
		t.out["WebsocketAPIId"] = obj{"value": interp("aws_apigatewayv2_api.websocket_api.id")}
		t.out["WebsocketConnectEndpointURL"] = obj{"value": ws.URL}
		if d := ws.CustomDomain; d != nil {
			if err := t.customDomain(d, "websocket_api", WebsocketAPIID, "aws_apigatewayv2_api.websocket_api.id", "aws_apigatewayv2_stage.websocket_api.id"); err != nil {
				return err
			}
		}
	}
	return nil
}

func (t *tf) event(e plan.Event, buckets map[string]obj, perms map[*plan.Permission]string) error {
	b := e.Base()
	n := tfName(b.Function)
	rule := func(r *plan.Rule, args obj) error {
		args["name"] = r.Name
		t.rules[b.StateName] = n
		if err := t.add("aws_cloudwatch_event_rule", n, args); err != nil {
			return err
		}
		return t.add("aws_cloudwatch_event_target", n, obj{
			"rule": interp("aws_cloudwatch_event_rule." + n + ".name"), "target_id": "1", "arn": fnAttr(b.Function, "arn"),
		})
	}
	mapping := func(source plan.Value, m plan.Mapping, args obj) error {
		args["event_source_arn"] = source
		args["function_name"] = fnAttr(b.Function, "arn")
		args["batch_size"] = m.BatchSize
		args["maximum_batching_window_in_seconds"] = m.MaximumBatchingWindowInSeconds
		args["enabled"] = true
		return t.add("aws_lambda_event_source_mapping", n, args)
	}
	switch e := e.(type) {
	case *plan.ScheduleEvent:
		return rule(&e.Rule, obj{"schedule_expression": e.ScheduleExpression})
	case *plan.CloudWatchEvent:
		return rule(&e.Rule, obj{"event_pattern": e.EventPattern})
	case *plan.S3Event:
		// One notification resource owns a bucket's configuration: every
		// handler of the bucket goes into it.
		cfg := obj{"lambda_function_arn": fnAttr(b.Function, "arn"), "events": strList(e.Events)}
		if e.Prefix != "" {
			cfg["filter_prefix"] = e.Prefix
		}
		if e.Suffix != "" {
			cfg["filter_suffix"] = e.Suffix
		}
		dep := "aws_lambda_permission." + perms[e.Permission]
		if nb := buckets[e.Bucket]; nb != nil {
			nb["lambda_function"] = append(nb["lambda_function"].([]any), cfg)
			nb["depends_on"] = append(nb["depends_on"].([]any), dep)
			return nil
		}
		nb := obj{"bucket": e.Bucket, "lambda_function": []any{cfg}, "depends_on": []any{dep}}
		buckets[e.Bucket] = nb
		return t.add("aws_s3_bucket_notification", tfName(e.Bucket), nb)
	case *plan.SNSEvent:
		return t.add("aws_sns_topic_subscription", n, obj{"topic_arn": e.TopicARN, "protocol": "lambda", "endpoint": fnAttr(b.Function, "arn")})
	case *plan.SQSEvent:
		args := obj{}
		if e.ReportBatchItemFailures {
			args["function_response_types"] = []any{"ReportBatchItemFailures"}
		}
		return mapping(e.QueueARN, e.Mapping, args)
	case *plan.KinesisEvent:
		return mapping(e.StreamARN, e.Mapping, obj{"starting_position": e.StartingPosition})
	case *plan.DynamoDBEvent:
		return mapping(e.StreamARN, e.Mapping, obj{"starting_position": e.StartingPosition})
	}
	return fmt.Errorf("event source %s: unknown kind %T", b.StateName, e)
}

// escape makes literal text safe in a Terraform template string.
func escape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "${", "$${"), "%{", "%%{")
}

// resolve turns the tree's plan.Values into interpolation strings and
// escapes every literal string.
func (t *tf) resolve(v any) (any, error) {
	switch v := v.(type) {
	case obj:
		out := obj{}
		for k, x := range v {
			r, err := t.resolve(x)
			if err != nil {
				return nil, err
			}
			out[k] = r
		}
		return out, nil
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			r, err := t.resolve(x)
			if err != nil {
				return nil, err
			}
			out[i] = r
		}
		return out, nil
	case string:
		return escape(v), nil
	case raw:
		return string(v), nil
	case plan.Value:
		var b strings.Builder
		for _, p := range v {
			if p.Ref == nil {
				b.WriteString(escape(p.Lit))
				continue
			}
			expr, err := t.target(*p.Ref)
			if err != nil {
				return nil, err
			}
			b.WriteString("${" + expr + "}")
		}
		return b.String(), nil
	}
	return v, nil
}

func (t *tf) target(r plan.Ref) (string, error) {
	switch r.Kind {
	case plan.RefPartition:
		return "data.aws_partition.chalice.partition", nil
	case plan.RefRegion:
		return "data.aws_region.chalice.id", nil
	case plan.RefAccount:
		return "data.aws_caller_identity.chalice.account_id", nil
	case plan.RefURLSuffix:
		return "data.aws_partition.chalice.dns_suffix", nil
	case plan.RefFunctionARN:
		return "aws_lambda_function." + tfName(r.Name) + ".arn", nil
	case plan.RefRoleARN:
		return "aws_iam_role." + tfName(r.Name) + ".arn", nil
	case plan.RefRuleARN:
		if n := t.rules[r.Name]; n != "" {
			return "aws_cloudwatch_event_rule." + n + ".arn", nil
		}
	case plan.RefRestAPIID:
		return "aws_api_gateway_rest_api.rest_api.id", nil
	case plan.RefWebsocketAPIID:
		return "aws_apigatewayv2_api.websocket_api.id", nil
	case plan.RefHTTPAPIID:
		return "aws_apigatewayv2_api." + tfHTTPAPI + ".id", nil
	}
	return "", fmt.Errorf("terraform: no resource for %s", r)
}
