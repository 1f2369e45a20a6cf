package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func parseFile(t *testing.T, name string) *File {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdataDir, name))
	if err != nil {
		t.Fatal(err)
	}
	f, err := Parse(displayName, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", name, err)
	}
	return f
}

func function(t *testing.T, f *File, stage, fn string) FunctionConfig {
	t.Helper()
	s, err := f.Stage(stage)
	if err != nil {
		t.Fatal(err)
	}
	return s.Function(fn)
}

func ptr[T any](v T) *T { return &v }

// TestResolution spells out the precedence rules case by case.
func TestResolution(t *testing.T) {
	tests := []struct {
		name         string
		file         string
		stage, fn    string
		timeout      int
		memory       int
		env          map[string]string
		tags         map[string]string // checked key by key
		layers       []string
		reserved     *int
		xray         bool
		manageRole   bool
		roleARN      string
		autogen      bool
		policyFile   string
		architecture string
	}{
		{
			name: "defaults", file: "spec_new_project.json", stage: "dev", fn: "api_handler",
			timeout: 60, memory: 128, env: map[string]string{}, manageRole: true, autogen: true,
			policyFile: "policy-dev.json", architecture: "arm64",
			tags: map[string]string{"aws-chalice": "version=test:stage=dev:app=helloworld"},
		},
		{
			name: "stage function entry beats everything", file: "precedence_full.json", stage: "dev", fn: "f",
			timeout: 40, memory: 512, xray: true, layers: []string{}, reserved: ptr(0),
			env:        map[string]string{"A": "top", "B": "top-f", "C": "dev", "D": "dev-f"},
			tags:       map[string]string{"t1": "top", "t2": "top-f"},
			manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "stage value beats top-level function entry", file: "precedence_full.json", stage: "dev", fn: "g",
			timeout: 30, memory: 256, layers: []string{}, reserved: ptr(0),
			env:        map[string]string{"A": "top", "B": "top", "C": "dev", "D": "top"},
			manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "top-level function entry beats top level", file: "precedence_full.json", stage: "prod", fn: "g",
			timeout: 25, memory: 1024, layers: []string{"top-layer"}, reserved: ptr(1),
			env:        map[string]string{"A": "prod-g", "B": "top", "C": "top", "D": "top"},
			tags:       map[string]string{"aws-chalice": "custom", "t1": "top", "t2": "top"},
			manageRole: true, autogen: true, policyFile: "policy-prod.json", architecture: "x86_64",
		},
		{
			name: "unconfigured function gets stage then top", file: "precedence_full.json", stage: "prod", fn: "other",
			timeout: 10, memory: 1024, layers: []string{"top-layer"}, reserved: ptr(1),
			env:        map[string]string{"A": "top", "B": "top", "C": "top", "D": "top"},
			tags:       map[string]string{"aws-chalice": "version=test:stage=prod:app=prec"},
			manageRole: true, autogen: true, policyFile: "policy-prod.json", architecture: "x86_64",
		},
		{
			name: "spec env vars dev", file: "spec_env_vars.json", stage: "dev", fn: "api_handler",
			timeout: 60, memory: 128, manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
			env: map[string]string{"SHARED_CONFIG": "foo", "TABLE_NAME": "dev-table", "OTHER_CONFIG": "dev-value"},
		},
		{
			name: "spec env vars prod", file: "spec_env_vars.json", stage: "prod", fn: "api_handler",
			timeout: 60, memory: 128, manageRole: true, autogen: true, policyFile: "policy-prod.json", architecture: "arm64",
			env: map[string]string{"SHARED_CONFIG": "foo", "TABLE_NAME": "prod-table", "OTHER_CONFIG": "prod-value"},
		},
		{
			name: "spec IAM beta", file: "spec_iam_roles.json", stage: "beta", fn: "api_handler",
			timeout: 60, memory: 128, env: map[string]string{}, manageRole: true, autogen: false,
			policyFile: "beta-app-policy.json", architecture: "arm64",
		},
		{
			name: "spec IAM prod", file: "spec_iam_roles.json", stage: "prod", fn: "api_handler",
			timeout: 60, memory: 128, env: map[string]string{}, manageRole: false, roleARN: "arn:aws:iam::...:role/prod-role",
			autogen: true, policyFile: "policy-prod.json", architecture: "arm64",
		},
		{
			name: "spec per lambda bar", file: "spec_per_lambda.json", stage: "dev", fn: "bar",
			timeout: 60, memory: 128, manageRole: false, roleARN: "arn:aws:iam::my-role-name", autogen: true,
			env:        map[string]string{"OWNER": "dev-team", "TABLE_NAME": "mytable"},
			policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "spec per lambda foo", file: "spec_per_lambda.json", stage: "dev", fn: "foo",
			timeout: 60, memory: 128, manageRole: true, autogen: true, layers: []string{"layer-arn-1", "layer-arn-2"},
			env:        map[string]string{"OWNER": "dev-team"},
			policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "spec stage lambda_functions", file: "spec_lambda_functions_stage.json", stage: "dev", fn: "foo",
			timeout: 120, memory: 128, env: map[string]string{}, manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "spec top lambda_functions", file: "spec_lambda_functions_top.json", stage: "dev", fn: "foo",
			timeout: 120, memory: 128, env: map[string]string{}, manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "spec sqs timeout", file: "spec_sqs_timeout.json", stage: "dev", fn: "handle_sqs_message",
			timeout: 30, memory: 128, env: map[string]string{}, manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
		{
			name: "dev exists without stages", file: "no_stages.json", stage: "", fn: "api_handler",
			timeout: 15, memory: 128, env: map[string]string{}, manageRole: true, autogen: true, policyFile: "policy-dev.json", architecture: "arm64",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fc := function(t, parseFile(t, tt.file), tt.stage, tt.fn)
			if fc.LambdaTimeout != tt.timeout {
				t.Errorf("LambdaTimeout = %d, want %d", fc.LambdaTimeout, tt.timeout)
			}
			if fc.LambdaMemorySize != tt.memory {
				t.Errorf("LambdaMemorySize = %d, want %d", fc.LambdaMemorySize, tt.memory)
			}
			if tt.env != nil && !reflect.DeepEqual(fc.EnvironmentVariables, tt.env) {
				t.Errorf("EnvironmentVariables = %v, want %v", fc.EnvironmentVariables, tt.env)
			}
			for k, v := range tt.tags {
				if fc.Tags[k] != v {
					t.Errorf("Tags[%q] = %q, want %q (tags %v)", k, fc.Tags[k], v, fc.Tags)
				}
			}
			if !reflect.DeepEqual(fc.Layers, tt.layers) {
				t.Errorf("Layers = %#v, want %#v", fc.Layers, tt.layers)
			}
			if !reflect.DeepEqual(fc.ReservedConcurrency, tt.reserved) {
				t.Errorf("ReservedConcurrency = %v, want %v", fc.ReservedConcurrency, tt.reserved)
			}
			if fc.XRay != tt.xray {
				t.Errorf("XRay = %v, want %v", fc.XRay, tt.xray)
			}
			if fc.ManageIAMRole != tt.manageRole || fc.IAMRoleARN != tt.roleARN {
				t.Errorf("ManageIAMRole, IAMRoleARN = %v, %q; want %v, %q", fc.ManageIAMRole, fc.IAMRoleARN, tt.manageRole, tt.roleARN)
			}
			if fc.AutogenPolicy != tt.autogen || fc.IAMPolicyFile != tt.policyFile {
				t.Errorf("AutogenPolicy, IAMPolicyFile = %v, %q; want %v, %q", fc.AutogenPolicy, fc.IAMPolicyFile, tt.autogen, tt.policyFile)
			}
			if want := filepath.Join(Dir, tt.policyFile); fc.IAMPolicyPath != want {
				t.Errorf("IAMPolicyPath = %q, want %q", fc.IAMPolicyPath, want)
			}
			if fc.Architecture != tt.architecture {
				t.Errorf("Architecture = %q, want %q", fc.Architecture, tt.architecture)
			}
		})
	}
}

func TestStageLevel(t *testing.T) {
	f := parseFile(t, "spec_precedence.json")
	for stage, want := range map[string]string{"dev": "api", "beta": "api", "prod": "prod"} {
		s, err := f.Stage(stage)
		if err != nil {
			t.Fatal(err)
		}
		if s.APIGatewayStage != want {
			t.Errorf("stage %s: APIGatewayStage = %q, want %q", stage, s.APIGatewayStage, want)
		}
	}

	f = parseFile(t, "all_keys.json")
	s, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	if s.APIGatewayEndpointType != "PRIVATE" || !reflect.DeepEqual(s.APIGatewayEndpointVPCE, []string{"vpce-1", "vpce-2"}) {
		t.Errorf("endpoint = %q %v", s.APIGatewayEndpointType, s.APIGatewayEndpointVPCE)
	}
	if s.APIGatewayCustomDomain == nil || s.APIGatewayCustomDomain.DomainName != "dev.example.com" || s.APIGatewayCustomDomain.Tags != nil {
		t.Errorf("custom domain = %+v: the stage's object replaces the top level's whole", s.APIGatewayCustomDomain)
	}
	if s.MinimumCompressionSize == nil || *s.MinimumCompressionSize != 0 {
		t.Errorf("MinimumCompressionSize = %v, want 0", s.MinimumCompressionSize)
	}
	if got := s.ConfiguredFunctions(); !reflect.DeepEqual(got, []string{"api_handler", "every_hour"}) {
		t.Errorf("ConfiguredFunctions = %v", got)
	}
	if want := filepath.Join(Dir, "dev-rest-api-policy.json"); s.APIGatewayPolicyPath != want {
		t.Errorf("APIGatewayPolicyPath = %q, want %q", s.APIGatewayPolicyPath, want)
	}
}

// A stage the file does not declare takes the top-level values (the spec's
// rule: deploying it creates it), for every command alike.
func TestUndeclaredStage(t *testing.T) {
	f, err := Parse("config.json", []byte(`{"version": "2.0", "app_name": "a", "lambda_timeout": 30, "stages": {"dev": {"lambda_timeout": 5}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sc, err := f.Stage("prod")
	if err != nil {
		t.Fatal(err)
	}
	if got := sc.Function("api_handler").LambdaTimeout; sc.Name != "prod" || sc.Declared || got != 30 || sc.APIGatewayStage != DefaultAPIGatewayStage {
		t.Errorf("prod: name %q declared %v timeout %d api stage %q, want prod false 30 api", sc.Name, sc.Declared, got, sc.APIGatewayStage)
	}
	if sc, _ := f.Stage("dev"); !sc.Declared || sc.Function("api_handler").LambdaTimeout != 5 {
		t.Error("Stage(dev) must read the declared stage")
	}
	if sc, err := f.Stage(""); err != nil || sc.Name != "dev" {
		t.Errorf(`Stage("") = %v, %v; want the dev stage`, sc, err)
	}
	if _, err := f.Stage("../prod"); err == nil || !strings.Contains(err.Error(), `invalid stage name "../prod"`) {
		t.Errorf("Stage(../prod) = %v, want an invalid name error", err)
	}
}

// TestErrors checks that each error names the key path and the problem;
// the golden files hold the complete messages.
func TestErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"err_type_timeout.json", []string{".chalice/config.json:6:25: stages.dev.lambda_timeout: expected integer, got string"}},
		{"err_types.json", []string{
			"version: expected string, got number 2.0",
			"app_name: expected string, got array",
			"autogen_policy: expected boolean, got string",
			"lambda_memory_size: expected integer, got number 128.5",
			"layers: expected array of strings, got string",
			"subnet_ids[0]: expected string, got number 1",
			"environment_variables.PORT: expected string, got number 8080",
			"tags: expected object of strings, got array",
			"stages.dev: expected object, got array",
			"lambda_functions: expected object mapping function names to settings, got array",
		}},
		{"err_levels.json", []string{
			"stages.dev.api_gateway_endpoint_type: cannot be set in a stage; allowed only at the top level",
			"stages.dev.lambda_functions.foo.architecture: cannot be set in a lambda_functions entry",
			"lambda_functions.bar.automatic_layer: cannot be set in a lambda_functions entry",
		}},
		{"err_ranges.json", []string{
			"lambda_timeout: must be between 1 and 900, got 0",
			"stages.dev.lambda_timeout: must be between 1 and 900, got 901",
			"reserved_concurrency: must not be negative",
			`api_gateway_endpoint_type: must be one of "EDGE", "REGIONAL", "PRIVATE", got "edge"`,
			`version: unsupported version "3.0"`,
		}},
		{"err_names.json", []string{
			`app_name: "my app" is not a valid app name`,
			"environment_variables.AWS_REGION: AWS_REGION is reserved",
			`tags["aws:cloudformation:stack-name"]: tag key "aws:cloudformation:stack-name" uses the reserved aws: prefix`,
			`stages["dev.test"]: "dev.test" is not a valid stage name`,
		}},
		{"err_custom_domain.json", []string{
			"api_gateway_custom_domain: missing required key certificate_arn",
			`websocket_api_custom_domain.tls_version: must be one of "TLS_1_2", got "TLS_1_0"`,
		}},
		{"err_null.json", []string{"reserved_concurrency: is null", "stages.dev: expected object, got null"}},
		{"err_top_array.json", []string{":1:1: expected a JSON object at the top level, got array"}},
		{"err_empty.json", []string{":1:1: empty file"}},
		{"err_unterminated.json", []string{":6:1: invalid JSON: unexpected end of file"}},
		{"err_trailing_comma.json", []string{":4:1: invalid JSON: invalid character '}'"}},
		{"err_trailing_data.json", []string{":5:1: invalid JSON: invalid character '{' after top-level value"}},
		// The spec's own examples are not valid JSON as printed.
		{"spec_per_lambda_verbatim.json", []string{":7:7: invalid JSON: invalid character '\"' after object key:value pair"}},
		{"spec_api_handler_verbatim.json", []string{":7:6: invalid JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(testdataDir, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(displayName, data)
			if err == nil {
				t.Fatalf("Parse succeeded: %+v", f)
			}
			var cerr *Error
			if !errors.As(err, &cerr) || len(cerr.Diagnostics) == 0 {
				t.Fatalf("error %T %v is not a *config.Error with diagnostics", err, err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
		})
	}
}

func TestWarnings(t *testing.T) {
	f := parseFile(t, "warn_unknown_keys.json")
	var got []string
	for _, w := range f.Warnings {
		got = append(got, w.Path)
	}
	want := []string{"lamda_timeout", "stages.dev.enviroment_variables", "stages.dev.some_future_key",
		"stages.dev.lambda_functions.foo.Lambda_Memory_Size", "api_gateway_custom_domain.hosted_zone"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("warning paths = %v, want %v", got, want)
	}
	if !strings.Contains(f.Warnings[0].String(), `did you mean "lambda_timeout"?`) {
		t.Errorf("no suggestion in %s", f.Warnings[0])
	}
	// Unknown keys have no effect on resolution.
	if fc := function(t, f, "dev", "foo"); fc.LambdaTimeout != DefaultLambdaTimeout || fc.LambdaMemorySize != DefaultLambdaMemorySize {
		t.Errorf("unknown keys changed the function: %+v", fc)
	}
}

func TestLoad(t *testing.T) {
	root := t.TempDir()

	missing := filepath.Join(root, "missing")
	if _, err := Load(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load(no config) = %v, want fs.ErrNotExist", err)
	}

	proj := filepath.Join(root, "my-app")
	write(t, Path(proj), `{"version": "2.0", "stages": {"dev": {}}}`)
	f, err := Load(proj)
	if err != nil {
		t.Fatal(err)
	}
	if f.AppName != "my-app" {
		t.Errorf("AppName = %q, want the directory name", f.AppName)
	}
	s, err := f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(proj, ".chalice", "policy-dev.json"); s.Function("x").IAMPolicyPath != want {
		t.Errorf("IAMPolicyPath = %q, want %q", s.Function("x").IAMPolicyPath, want)
	}

	bad := filepath.Join(root, "my.app")
	write(t, Path(bad), `{"version": "2.0"}`)
	if _, err := Load(bad); err == nil || !strings.Contains(err.Error(), `app_name: not set, and the project directory name "my.app"`) {
		t.Errorf("Load(my.app) = %v", err)
	}

	typed := filepath.Join(root, "typed")
	write(t, Path(typed), "{\n  \"app_name\": \"x\",\n  \"stages\": {\"dev\": {\"lambda_timeout\": \"60\"}}\n}\n")
	_, err = Load(typed)
	if want := Path(typed) + ":3:40: stages.dev.lambda_timeout: expected integer, got string"; err == nil || err.Error() != want {
		t.Errorf("Load(typed) = %v, want %s", err, want)
	}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSave(t *testing.T) {
	proj := t.TempDir()
	f := Default("hello")
	if err := f.Save(proj); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(Path(proj))
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "version": "2.0",
  "app_name": "hello",
  "stages": {
    "dev": {
      "api_gateway_stage": "api"
    }
  }
}
`
	if string(got) != want {
		t.Errorf("saved:\n%s\nwant:\n%s", got, want)
	}

	// Unknown keys survive a load/save cycle; the file keeps its mode; no
	// temporary file is left behind.
	if err := os.Chmod(Path(proj), 0o600); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(testdataDir, "warn_unknown_keys.json"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, Path(proj), string(data))
	if err := os.Chmod(Path(proj), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err = Load(proj)
	if err != nil {
		t.Fatal(err)
	}
	timeout := 30
	f.Stages["dev"].LambdaTimeout = &timeout
	if err := f.Save(proj); err != nil {
		t.Fatal(err)
	}
	g, err := Load(proj)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Warnings) != len(f.Warnings) {
		t.Errorf("warnings after save = %v, want %d", g.Warnings, len(f.Warnings))
	}
	if v := string(g.Stages["dev"].Extra["some_future_key"]); !strings.Contains(v, `"<&>"`) {
		t.Errorf("unknown key lost or re-escaped: %s", v)
	}
	if fc := function(t, g, "dev", "foo"); fc.LambdaTimeout != 30 {
		t.Errorf("LambdaTimeout after save = %d, want 30", fc.LambdaTimeout)
	}
	fi, err := os.Stat(Path(proj))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", fi.Mode().Perm())
	}
	entries, err := os.ReadDir(filepath.Join(proj, Dir))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf(".chalice holds %v, want only config.json", entries)
	}
}

func TestCheck(t *testing.T) {
	f := parseFile(t, "spec_iam_roles.json")
	s, err := f.Stage("prod")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Check("api_handler"); err != nil {
		t.Errorf("Check = %v, want nil", err)
	}
	f = parseFile(t, "check_failures.json")
	s, err = f.Stage("dev")
	if err != nil {
		t.Fatal(err)
	}
	err = s.Check("no_role")
	if err == nil || !strings.Contains(err.Error(), "function no_role: manage_iam_role is false but iam_role_arn is not set") {
		t.Errorf("Check(no_role) = %v", err)
	}
}

func TestSuggest(t *testing.T) {
	for key, want := range map[string]string{
		"lamda_timeout":    "lambda_timeout",
		"enviroment_vars":  "",
		"tag":              "tags",
		"xyz":              "",
		"LAMBDA_TIMEOUT":   "lambda_timeout",
		"subnet_id":        "subnet_ids",
		"completely_novel": "",
	} {
		if got := suggest(key, knownKeys()); got != want {
			t.Errorf("suggest(%q) = %q, want %q", key, got, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(testdataDir, "*.json"))
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := Parse(displayName, data)
		if err != nil {
			return
		}
		for _, name := range append(cfg.StageNames(), "dev") {
			s, err := cfg.Stage(name)
			if err != nil {
				continue
			}
			_ = s.Function("api_handler")
			_ = s.Check(s.ConfiguredFunctions()...)
		}
		out, err := cfg.Marshal()
		if err != nil {
			t.Fatalf("Marshal: %v", err)
		}
		if _, err := Parse(displayName, out); err != nil {
			t.Errorf("Marshal output does not parse: %v\n%s", err, out)
		}
	})
}
