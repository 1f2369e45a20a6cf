//go:build ignore

// tfschema extracts the part of the aws provider's schema that
// chalice.tf.json uses, for the renderer's tests to check argument and
// attribute names against (the provider itself is not needed then).
//
// Regenerate, in a directory where `terraform init` found the aws provider
// (for example: terraform init -plugin-dir=/opt/tf-plugins -backend=false):
//
//	terraform providers schema -json | go run deploy/iac/iactest/tfschema.go > deploy/iac/iactest/aws-provider-schema.json
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
)

var resources = []string{
	"aws_iam_role", "aws_iam_role_policy", "aws_lambda_function", "aws_cloudwatch_log_group", "aws_lambda_permission",
	"aws_cloudwatch_event_rule", "aws_cloudwatch_event_target", "aws_s3_bucket_notification", "aws_sns_topic_subscription",
	"aws_lambda_event_source_mapping", "aws_api_gateway_rest_api", "aws_api_gateway_deployment", "aws_api_gateway_stage",
	"aws_apigatewayv2_api", "aws_apigatewayv2_integration", "aws_apigatewayv2_route", "aws_apigatewayv2_deployment",
	"aws_apigatewayv2_stage", "aws_lambda_function_url", "aws_api_gateway_domain_name", "aws_api_gateway_base_path_mapping",
	"aws_apigatewayv2_domain_name", "aws_apigatewayv2_api_mapping", "aws_apigatewayv2_authorizer",
}

var dataSources = []string{"aws_caller_identity", "aws_partition", "aws_region"}

type block struct {
	Attributes map[string]struct {
		Type       any  `json:"type"`
		Deprecated bool `json:"deprecated"`
	} `json:"attributes"`
	BlockTypes map[string]struct {
		Block block `json:"block"`
	} `json:"block_types"`
}

// out is a block as the tests read it: attribute names (and whether a map
// holds user keys), nested blocks.
type out struct {
	Attributes []string       `json:"attributes"`
	Maps       []string       `json:"maps,omitempty"`
	Deprecated []string       `json:"deprecated,omitempty"`
	Blocks     map[string]out `json:"blocks,omitempty"`
}

func convert(b block) out {
	o := out{Blocks: map[string]out{}}
	for n, a := range b.Attributes {
		o.Attributes = append(o.Attributes, n)
		if t, ok := a.Type.([]any); ok && len(t) > 0 && t[0] == "map" {
			o.Maps = append(o.Maps, n)
		}
		if a.Deprecated {
			o.Deprecated = append(o.Deprecated, n)
		}
	}
	for n, bt := range b.BlockTypes {
		o.Blocks[n] = convert(bt.Block)
	}
	slices.Sort(o.Attributes)
	slices.Sort(o.Maps)
	slices.Sort(o.Deprecated)
	if len(o.Blocks) == 0 {
		o.Blocks = nil
	}
	return o
}

func main() {
	var schema struct {
		ProviderSchemas map[string]struct {
			ResourceSchemas   map[string]struct{ Block block } `json:"resource_schemas"`
			DataSourceSchemas map[string]struct{ Block block } `json:"data_source_schemas"`
		} `json:"provider_schemas"`
	}
	if err := json.NewDecoder(os.Stdin).Decode(&schema); err != nil {
		fmt.Fprintln(os.Stderr, "tfschema:", err)
		os.Exit(1)
	}
	p, ok := schema.ProviderSchemas["registry.terraform.io/hashicorp/aws"]
	if !ok {
		fmt.Fprintln(os.Stderr, "tfschema: no hashicorp/aws provider in the schema")
		os.Exit(1)
	}
	res := map[string]any{"resource": map[string]out{}, "data": map[string]out{}}
	for _, r := range resources {
		res["resource"].(map[string]out)[r] = convert(p.ResourceSchemas[r].Block)
	}
	for _, d := range dataSources {
		res["data"].(map[string]out)[d] = convert(p.DataSourceSchemas[d].Block)
	}
	enc := json.NewEncoder(os.Stdout)
	enc.SetIndent("", " ")
	if err := enc.Encode(res); err != nil {
		os.Exit(1)
	}
}
