package iac_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/deploy/iac"
	"github.com/chalice-go/chalice/deploy/iac/iactest"
	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/plan/plantest"
)

// TestTerraformSchema checks the full plan's configuration against the
// aws provider's schema, and with terraform validate when terraform and
// the provider are installed.
func TestTerraformSchema(t *testing.T) {
	tf, err := iac.Terraform(plantest.Full(t, true), "deployment.zip")
	if err != nil {
		t.Fatal(err)
	}
	text, err := iac.Marshal(tf, iac.JSON)
	if err != nil {
		t.Fatal(err)
	}
	iactest.CheckTerraform(t, "full", text)
	for _, want := range []string{`"aws_s3_bucket_notification"`, `"aws_apigatewayv2_route"`, `"aws_lambda_event_source_mapping"`, `"EndpointURL"`, `data.aws_caller_identity.chalice.account_id`} {
		if !strings.Contains(string(text), want) {
			t.Errorf("chalice.tf.json lacks %s", want)
		}
	}
	if !testing.Short() {
		iactest.TerraformValidate(t, text)
	}
}

// TestTerraformSchemaCheckFails shows the schema check catches what it
// is for.
func TestTerraformSchemaCheckFails(t *testing.T) {
	bad := `{"resource":{
		"aws_lambda_function":{"f":{"function_name":"x","role":"r","memory":128,"tracing_config":{"mode":"Active","extra":1}}},
		"aws_lambda_funktion":{"g":{}},
		"aws_lambda_permission":{"p":{"function_name":"${aws_lambda_function.f.nope}","source_arn":"${aws_lambda_function.missing.arn}"}}},
		"data":{"aws_region":{"chalice":{}}},
		"output":{"r":{"value":"${data.aws_region.chalice.name}"}}}`
	var got []string
	for _, err := range iactest.TerraformProblems([]byte(bad)) {
		got = append(got, err.Error())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"unknown argument memory", "tracing_config: unknown argument extra", "aws_lambda_funktion is not in the provider schema",
		"has no attribute nope", "no such aws_lambda_function.missing"} {
		if !strings.Contains(all, want) {
			t.Errorf("want %q in:\n%s", want, all)
		}
	}
}

// TestDomainsTemplates checks the renderings of custom domains and
// Function URLs with the real tools.
func TestDomainsTemplates(t *testing.T) {
	checkWithTools(t, "domains", plantest.Build(t, plantest.DomainsConfig, true), plantest.Build(t, plantest.DomainsConfig, false))
}

// TestHTTPAPITemplates checks the renderings of an HTTP API with every
// setting (JWT, Lambda and IAM authorizers, CORS, a custom domain) with
// the real tools.
func TestHTTPAPITemplates(t *testing.T) {
	p := plantest.HTTP(t)
	checkWithTools(t, "http", p, p)
}

// checkWithTools checks a plan's Terraform configuration against the
// provider's schema and with terraform validate, and its SAM template
// (as YAML) with cfn-lint, the SAM translator and cfn-lint again.
func checkWithTools(t *testing.T, name string, tfPlan, samPlan *plan.Plan) {
	if testing.Short() {
		t.Skip("runs cfn-lint, the SAM translator and terraform; skipped with -short")
	}
	iactest.RequireTools(t)
	tf, err := iac.Terraform(tfPlan, "deployment.zip")
	if err != nil {
		t.Fatal(err)
	}
	text, err := iac.Marshal(tf, iac.JSON)
	if err != nil {
		t.Fatal(err)
	}
	iactest.CheckTerraform(t, name, text)
	iactest.TerraformValidate(t, text)

	sam, err := iac.SAM(samPlan)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	b, err := iac.Marshal(sam, iac.YAML)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "sam.yaml")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	iactest.Lint(t, path)
	iactest.Lint(t, iactest.Translate(t, dir, []string{name}, []map[string]any{iactest.Package(t, sam)})...)
}
