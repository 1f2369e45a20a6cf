package iactest

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"testing"
)

// The aws provider's schema for the resources chalice.tf.json uses,
// extracted by tfschema.go from `terraform providers schema -json`.
//
//go:embed aws-provider-schema.json
var providerSchema []byte

type schemaBlock struct {
	Attributes []string               `json:"attributes"`
	Maps       []string               `json:"maps"`
	Deprecated []string               `json:"deprecated"`
	Blocks     map[string]schemaBlock `json:"blocks"`
}

var metaArguments = []string{"depends_on", "lifecycle", "count", "for_each", "provider"}

// reference is resource_type.name.attribute or data.type.name.attribute
// inside an interpolation.
var reference = regexp.MustCompile(`\b(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][A-Za-z0-9_-]*)\.([a-z0-9_]+)`)

// CheckTerraform checks a Terraform JSON configuration against the aws
// provider's schema: known resource and data types, known arguments and
// blocks, no deprecated arguments, and references to existing resources'
// real attributes.
func CheckTerraform(t testing.TB, name string, text []byte) {
	t.Helper()
	for _, err := range TerraformProblems(text) {
		t.Errorf("%s: chalice.tf.json: %v", name, err)
	}
}

// TerraformProblems returns what CheckTerraform reports.
func TerraformProblems(text []byte) []error {
	var schema struct {
		Resource map[string]schemaBlock `json:"resource"`
		Data     map[string]schemaBlock `json:"data"`
	}
	if err := json.Unmarshal(providerSchema, &schema); err != nil {
		return []error{err}
	}
	var conf map[string]any
	if err := json.Unmarshal(text, &conf); err != nil {
		return []error{err}
	}
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	for k := range conf {
		if !slices.Contains([]string{"terraform", "locals", "data", "resource", "output", "variable", "provider"}, k) {
			bad("unknown top-level key %q", k)
		}
	}
	declared := map[string]bool{}
	kinds := []struct {
		key    string
		prefix string
		types  map[string]schemaBlock
	}{{"resource", "", schema.Resource}, {"data", "data.", schema.Data}}
	for _, kind := range kinds {
		byType, _ := conf[kind.key].(map[string]any)
		for _, typ := range sortedKeys(byType) {
			sb, ok := kind.types[typ]
			if !ok {
				bad("%s type %s is not in the provider schema subset", kind.key, typ)
				continue
			}
			for _, n := range sortedKeys(byType[typ].(map[string]any)) {
				declared[kind.prefix+typ+"."+n] = true
				checkBlock(bad, kind.key+"."+typ+"."+n, sb, byType[typ].(map[string]any)[n], true)
			}
		}
	}
	// References in every string.
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		case string:
			for _, m := range reference.FindAllStringSubmatch(v, -1) {
				types := schema.Resource
				if m[1] != "" {
					types = schema.Data
				}
				sb, ok := types[m[2]]
				switch {
				case !ok:
					bad("reference %s: unknown type", m[0])
				case !declared[m[1]+m[2]+"."+m[3]]:
					bad("reference %s: no such %s", m[0], m[1]+m[2]+"."+m[3])
				case !slices.Contains(sb.Attributes, m[4]) && sb.Blocks[m[4]].Attributes == nil:
					bad("reference %s: %s has no attribute %s", m[0], m[2], m[4])
				case slices.Contains(sb.Deprecated, m[4]):
					bad("reference %s: attribute %s is deprecated", m[0], m[4])
				}
			}
		}
	}
	walk(conf)
	return errs
}

func checkBlock(bad func(string, ...any), where string, sb schemaBlock, v any, top bool) {
	switch v := v.(type) {
	case []any:
		for _, x := range v {
			checkBlock(bad, where, sb, x, top)
		}
		return
	case map[string]any:
		for _, k := range sortedKeys(v) {
			switch {
			case top && slices.Contains(metaArguments, k):
			case slices.Contains(sb.Deprecated, k):
				bad("%s: argument %s is deprecated", where, k)
			case slices.Contains(sb.Attributes, k):
			case sb.Blocks[k].Attributes != nil || sb.Blocks[k].Blocks != nil:
				checkBlock(bad, where+"."+k, sb.Blocks[k], v[k], false)
			default:
				bad("%s: unknown argument %s", where, k)
			}
		}
	default:
		bad("%s: a block must be an object, not %T", where, v)
	}
}

func sortedKeys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// PluginDir is where `terraform validate` finds the aws provider without
// a registry: $CHALICE_TF_PLUGIN_DIR, else /opt/tf-plugins.
func PluginDir() string {
	if d := os.Getenv("CHALICE_TF_PLUGIN_DIR"); d != "" {
		return d
	}
	return "/opt/tf-plugins"
}

// TerraformValidate runs terraform init (offline, from PluginDir) and
// terraform validate on a configuration, when terraform and the aws
// provider are installed; it logs and returns false otherwise.
func TerraformValidate(t testing.TB, text []byte) bool {
	t.Helper()
	tf, err := exec.LookPath("terraform")
	if err != nil {
		t.Log("terraform is not installed: terraform validate skipped (the schema check ran)")
		return false
	}
	if m, _ := filepath.Glob(filepath.Join(PluginDir(), "registry.terraform.io", "hashicorp", "aws", "*")); len(m) == 0 {
		t.Logf("no aws provider under %s: terraform validate skipped (the schema check ran)", PluginDir())
		return false
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "chalice.tf.json"), text, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "deployment.zip"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) {
		cmd := exec.Command(tf, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("terraform %v: %v\n%s", args, err, out)
		}
	}
	run("init", "-input=false", "-backend=false", "-plugin-dir="+PluginDir())
	run("validate", "-no-color")
	return true
}
