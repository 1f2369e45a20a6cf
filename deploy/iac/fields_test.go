package iac

import (
	"bytes"
	"fmt"
	"reflect"
	"regexp"
	"testing"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/plan/plantest"
	"github.com/chalice-go/chalice/policy"
)

// leaf is a plan field a renderer must print: a scalar, a list of
// strings, a string map, a Value or a policy document.
type leaf struct {
	path string // Functions[3].MemorySize
	v    reflect.Value
}

var (
	valueType  = reflect.TypeFor[plan.Value]()
	policyType = reflect.TypeFor[*policy.Document]()
)

func leaves(v reflect.Value, path string, out *[]leaf) {
	switch {
	case v.Type() == valueType || v.Type() == policyType:
		if v.Type() == policyType && v.IsNil() {
			return
		}
		*out = append(*out, leaf{path, v})
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Int {
			*out = append(*out, leaf{path, v})
			return
		}
		if !v.IsNil() {
			leaves(v.Elem(), path, out)
		}
	case reflect.Interface:
		if !v.IsNil() {
			leaves(v.Elem(), fmt.Sprintf("%s(%s)", path, v.Elem().Type().Elem().Name()), out)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			f := v.Type().Field(i)
			leaves(v.Field(i), path+"."+f.Name, out)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.String {
			*out = append(*out, leaf{path, v})
			return
		}
		for i := range v.Len() {
			leaves(v.Index(i), fmt.Sprintf("%s[%d]", path, i), out)
		}
	case reflect.Map, reflect.String, reflect.Int, reflect.Bool:
		*out = append(*out, leaf{path, v})
	default:
		panic("plan field of an unexpected kind at " + path + ": " + v.Kind().String())
	}
}

// alternatives are other valid values of enumerated fields, so a mutation
// tests the renderer's use of the field, not its handling of nonsense.
var alternatives = map[string]string{
	"lambda": "mock", "mock": "lambda", "arm64": "x86_64", "PRIVATE": "REGIONAL",
	"TOKEN": "COGNITO_USER_POOLS", "COGNITO_USER_POOLS": "TOKEN", "NONE": "AWS_IAM", "AWS_IAM": "NONE", "CUSTOM": "NONE",
	"LATEST": "TRIM_HORIZON", "TRIM_HORIZON": "LATEST",
}

func mutate(l leaf) {
	v := l.v
	switch {
	case v.Type() == valueType:
		v.Set(reflect.ValueOf(plan.Concat(v.Interface().(plan.Value), "x")))
		return
	case v.Type() == policyType:
		d := v.Interface().(*policy.Document)
		d.Statement = append(d.Statement, policy.Statement{Effect: "Deny", Action: policy.StringList{"s3:DeleteBucket"}, Resource: policy.StringList{"*"}})
		return
	}
	switch v.Kind() {
	case reflect.String:
		if alt, ok := alternatives[v.String()]; ok {
			v.SetString(alt)
		} else {
			v.SetString(v.String() + "x")
		}
	case reflect.Int:
		v.SetInt(v.Int() + 1)
	case reflect.Bool:
		v.SetBool(!v.Bool())
	case reflect.Pointer:
		n := 1
		if !v.IsNil() {
			n = int(v.Elem().Int()) + 1
		}
		v.Set(reflect.ValueOf(&n))
	case reflect.Slice:
		v.Set(reflect.Append(v, reflect.ValueOf("x")))
	case reflect.Map:
		if v.IsNil() {
			v.Set(reflect.MakeMap(v.Type()))
		}
		v.SetMapIndex(reflect.ValueOf("ZZ"), reflect.ValueOf("x"))
	}
}

// exempt are plan fields a renderer does not print, with the reason.
var exempt = map[string]map[string]string{
	"sam": withBoth(map[string]string{
		`^\.APIGatewayStage$`:                "the API resources' Stage carries it",
		`^\.Roles\[\d+\]\.RoleName$`:         "CloudFormation names roles itself, so CAPABILITY_IAM suffices (as the spec's deploy command uses)",
		`\.PublicAccess\.StatementID$`:       "AWS::Lambda::Permission has no statement ID",
		`\.PublicInvoke\.StatementID$`:       "AWS::Lambda::Permission has no statement ID",
		`\.Permission\.StatementID$`:         "AWS::Lambda::Permission has no statement ID",
		`\.Permissions\[\d+\]\.StatementID$`: "AWS::Lambda::Permission has no statement ID",
	}),
	"terraform": withBoth(map[string]string{
		`^\.APIGatewayStage$`:                       "the API resources' stage_name carries it",
		`\.PublicInvoke\.|\.InvokedViaFunctionURL$`: "aws_lambda_permission of provider 5.100.0 has no invoked_via_function_url, and an unconditional InvokeFunction for * would open the Invoke API (docs/iac.md)",
	}),
}

// withBoth adds the exemptions both renderers share.
func withBoth(m map[string]string) map[string]string {
	for re, why := range map[string]string{
		`^\.Functions\[\d+\]\.Role$`:         "the RoleARN reference carries it",
		`\.StateName$`:                       "deploy's state-file bookkeeping",
		`\(SNSEvent\)\.Topic$`:               "the name as written; TopicARN carries it",
		`\(SQSEvent\)\.Queue$`:               "the name as written; QueueARN carries it",
		`\(KinesisEvent\)\.Stream$`:          "the name as written; StreamARN carries it",
		`\.Authorizers\[\d+\]\.Function$`:    "the authorizer's URI reference carries it",
		`^\.HTTPAPI\.Integration\.Function$`: "the integration's URI reference carries it",
	} {
		m[re] = why
	}
	return m
}

var resourcePath = regexp.MustCompile(`^\.RestAPI\.Resources\[(\d+)\]\.Path$`)

// unset reports whether a leaf holds no setting: an empty string, list,
// map or Value.
func unset(l leaf) bool {
	v := l.v
	switch v.Kind() {
	case reflect.String:
		return v.Len() == 0
	case reflect.Slice, reflect.Map:
		return v.Len() == 0
	}
	return false
}

func renderers() map[string]func(*plan.Plan) ([]byte, error) {
	marshal := func(t map[string]any, err error) ([]byte, error) {
		if err != nil {
			return nil, err
		}
		return Marshal(t, JSON)
	}
	return map[string]func(*plan.Plan) ([]byte, error){
		"sam":       func(p *plan.Plan) ([]byte, error) { return marshal(SAM(p)) },
		"terraform": func(p *plan.Plan) ([]byte, error) { return marshal(Terraform(p, "deployment.zip")) },
	}
}

// TestEveryPlanFieldIsRendered changes each field of a plan with every
// feature, one at a time, and fails when a renderer's output stays the
// same: a field the renderer ignores (outside the documented exemptions).
func TestEveryPlanFieldIsRendered(t *testing.T) {
	used := map[string]map[string]bool{}
	plans := map[string]func(t testing.TB, withS3 bool) *plan.Plan{
		"full":    func(t testing.TB, withS3 bool) *plan.Plan { return plantest.Build(t, plantest.FullConfig, withS3) },
		"domains": func(t testing.TB, withS3 bool) *plan.Plan { return plantest.Build(t, plantest.DomainsConfig, withS3) },
		"http":    func(t testing.TB, _ bool) *plan.Plan { return plantest.HTTP(t) },
	}
	for pn, build := range plans {
		for name, render := range renderers() {
			if used[name] == nil {
				used[name] = map[string]bool{}
			}
			t.Run(pn+"/"+name, func(t *testing.T) {
				withS3 := name == "terraform" // CloudFormation cannot express S3 events
				walkFields(t, name, render, func() *plan.Plan { return build(t, withS3) }, used[name])
			})
		}
	}
	for name := range renderers() {
		for re := range exempt[name] {
			if !used[name][re] {
				t.Errorf("%s: exemption %s matches no plan field", name, re)
			}
		}
	}
}

func walkFields(t *testing.T, name string, render func(*plan.Plan) ([]byte, error), full func() *plan.Plan, used map[string]bool) {
	base, err := render(full())
	if err != nil {
		t.Fatal(err)
	}
	var all []leaf
	leaves(reflect.ValueOf(full()), "", &all)
	if len(all) < 150 {
		t.Fatalf("only %d plan fields: the full plan lost features", len(all))
	}
	for i := range all {
		p := full()
		var ls []leaf
		leaves(reflect.ValueOf(p), "", &ls)
		l := ls[i]
		if m := resourcePath.FindStringSubmatch(l.path); m != nil {
			var i int
			fmt.Sscan(m[1], &i)
			if len(p.RestAPI.Resources[i].Methods) == 0 {
				continue // API Gateway creates a path's ancestors itself
			}
		}
		if unset(l) {
			continue // a setting that does not apply here (a mock method's URI, ...)
		}
		skip := ""
		for re, why := range exempt[name] {
			if regexp.MustCompile(re).MatchString(l.path) {
				skip, used[re] = why, true
			}
		}
		mutate(l)
		got, err := render(p)
		changed := err != nil || !bytes.Equal(got, base)
		switch {
		case skip == "" && !changed:
			t.Errorf("%s ignores plan field %s", name, l.path)
		case skip != "" && changed && !regexp.MustCompile(`StateName|Function$`).MatchString(l.path):
			t.Errorf("%s renders %s, which is exempt (%s): drop the exemption", name, l.path, skip)
		}
	}
}
