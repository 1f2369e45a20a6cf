package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/sqs"

	"github.com/chalice-go/chalice/deploy/iac"
	"github.com/chalice-go/chalice/deploy/iac/iactest"
	"github.com/chalice-go/chalice/internal/mototest"
)

var updateIaC = flag.Bool("update-iac", false, "rewrite the golden templates of testdata/iac")

// exampleApps are the example apps' directories (relative to examples/).
func exampleApps(t *testing.T) []string {
	t.Helper()
	root := filepath.Join(repoRoot(t), "examples")
	var dirs []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Name() == "chalice_gen.go" {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			dirs = append(dirs, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil || len(dirs) < 10 {
		t.Fatalf("example apps: %v %v", dirs, err)
	}
	slices.Sort(dirs)
	return dirs
}

func renderExample(t *testing.T, example string, o packageOptions) (*renderedTemplate, error) {
	t.Helper()
	dir := filepath.Join(repoRoot(t), "examples", filepath.FromSlash(example))
	var out, errb bytes.Buffer
	e := newEnv(strings.NewReader(""), &out, &errb)
	e.Cwd, e.ProjectDir = dir, dir
	if o.stage == "" {
		o.stage = "dev"
	}
	if o.pkgFormat == "" {
		o.pkgFormat = pkgCloudFormation
	}
	if o.templateFormat == "" {
		o.templateFormat = iac.JSON
	}
	return e.packageTemplate(o)
}

// knownBroken are examples package cannot render today for reasons
// outside the renderers; the test fails once they work, so the entry goes.
var knownBroken = map[string]string{}

// goldens are the examples whose templates are kept in testdata/iac.
var goldens = map[string][]packageOptions{
	"hello":            {{}, {templateFormat: iac.YAML}, {pkgFormat: pkgTerraform}},
	"events/sqs":       {{}, {pkgFormat: pkgTerraform}},
	"events/s3resizer": {{pkgFormat: pkgTerraform}},
	"websocket/chat":   {{mergeTemplate: "resources.json"}, {pkgFormat: pkgTerraform}},
	"httpapi":          {{}, {pkgFormat: pkgTerraform}},
}

func checkGolden(t *testing.T, example string, tp *renderedTemplate, merged bool) {
	t.Helper()
	name := tp.name
	if merged {
		name = "merged." + name
	}
	path := filepath.Join(repoRoot(t), "testdata", "iac", filepath.FromSlash(example), name)
	if *updateIaC {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, tp.text, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/chalicegen -run TestPackageExamples -update-iac)", err)
	}
	if !bytes.Equal(want, tp.text) {
		t.Errorf("%s: the template differs from %s (run with -update-iac and review the diff)", example, path)
	}
}

// TestPackageExamples renders every example app as SAM and Terraform and
// checks the SAM templates with cfn-lint, the SAM translator (cfn-lint
// again on the result) and CloudFormation on moto; a few are goldens.
func TestPackageExamples(t *testing.T) {
	if testing.Short() {
		t.Skip("runs cfn-lint, the SAM translator and moto; skipped with -short")
	}
	iactest.RequireTools(t)
	tmp := t.TempDir()
	var samFiles, names []string
	var packaged []map[string]any
	for _, ex := range exampleApps(t) {
		tp, err := renderExample(t, ex, packageOptions{})
		if why, ok := knownBroken[ex]; ok {
			if err == nil {
				t.Errorf("%s renders now: remove it from knownBroken", ex)
			}
			t.Logf("%s: known broken (%s): %v", ex, why, err)
			continue
		}
		switch {
		case errors.Is(err, iac.ErrS3InCloudFormation):
			if !strings.Contains(err.Error(), "S3 event handler ") || !strings.Contains(err.Error(), "chalicegen deploy") || !strings.Contains(err.Error(), "--pkg-format terraform") {
				t.Errorf("%s: S3 error: %v", ex, err)
			}
			t.Logf("%s: %v", ex, err)
		case err != nil:
			t.Errorf("%s: %v", ex, err)
			continue
		default:
			again, err := renderExample(t, ex, packageOptions{})
			if err != nil || !bytes.Equal(again.text, tp.text) {
				t.Errorf("%s: rendering twice gave different templates (%v)", ex, err)
			}
			name := strings.ReplaceAll(ex, "/", "-")
			path := filepath.Join(tmp, name+".sam.json")
			if err := os.WriteFile(path, tp.text, 0o644); err != nil {
				t.Fatal(err)
			}
			var tm map[string]any
			if err := json.Unmarshal(tp.text, &tm); err != nil {
				t.Fatal(err)
			}
			samFiles, names, packaged = append(samFiles, path), append(names, name), append(packaged, iactest.Package(t, tm))
		}
		tf, err := renderExample(t, ex, packageOptions{pkgFormat: pkgTerraform})
		if err != nil {
			t.Errorf("%s terraform: %v", ex, err)
			continue
		}
		iactest.CheckTerraform(t, ex, tf.text)
	}
	for ex, opts := range goldens {
		for _, o := range opts {
			tp, err := renderExample(t, ex, o)
			if err != nil {
				t.Fatalf("%s %+v: %v", ex, o, err)
			}
			checkGolden(t, ex, tp, o.mergeTemplate != "")
			if ex == "events/s3resizer" {
				iactest.TerraformValidate(t, tp.text) // S3 notifications: Terraform's part alone
			}
			if o.pkgFormat != pkgTerraform && (o.templateFormat == iac.YAML || o.mergeTemplate != "") {
				path := filepath.Join(tmp, strings.ReplaceAll(ex, "/", "-")+".golden."+tp.name)
				if err := os.WriteFile(path, tp.text, 0o644); err != nil {
					t.Fatal(err)
				}
				samFiles = append(samFiles, path)
			}
			if o.mergeTemplate != "" {
				// The README's steps: the merged template (with the table
				// resources.json adds) goes through the translator and onto
				// moto like the others.
				var tm map[string]any
				if err := json.Unmarshal(tp.text, &tm); err != nil {
					t.Fatal(err)
				}
				names, packaged = append(names, strings.ReplaceAll(ex, "/", "-")+"-merged"), append(packaged, iactest.Package(t, tm))
			}
		}
	}
	iactest.Lint(t, samFiles...)
	cfn := iactest.Translate(t, tmp, names, packaged)
	iactest.Lint(t, cfn...)

	// CloudFormation on moto: each translated template becomes a stack.
	url := mototest.Start(t)
	mototest.Env(t, url)
	ctx := context.Background()
	cfg, err := awsconfig.LoadDefaultConfig(ctx)
	if err != nil {
		t.Fatal(err)
	}
	iactest.UploadPackage(ctx, t, cfg)
	for i, file := range cfn {
		tm, dropped := iactest.ForMoto(t, file)
		createQueues(ctx, t, cfg, tm)
		res, _ := iactest.CreateStack(ctx, t, cfg, "ex-"+names[i], tm)
		t.Logf("%s: %d resources created on moto; not created (moto cannot): %v", names[i], len(res), dropped)
		for id, r := range res {
			if aws.ToString(r.ResourceType) != "AWS::Lambda::Function" {
				continue
			}
			fn, err := lambda.NewFromConfig(cfg).GetFunction(ctx, &lambda.GetFunctionInput{FunctionName: r.PhysicalResourceId})
			if err != nil {
				t.Errorf("%s %s: %v", names[i], id, err)
				continue
			}
			props := tm["Resources"].(map[string]any)[id].(map[string]any)["Properties"].(map[string]any)
			c := fn.Configuration
			if strings.HasSuffix(names[i], "-merged") && (c.Environment == nil || c.Environment.Variables["TABLE"] != "ChaliceChat") {
				t.Errorf("%s %s: TABLE is not the merged table's name: %+v", names[i], id, c.Environment)
			}
			if string(c.Runtime) != props["Runtime"] || aws.ToString(c.Handler) != props["Handler"] ||
				float64(aws.ToInt32(c.MemorySize)) != props["MemorySize"] || float64(aws.ToInt32(c.Timeout)) != props["Timeout"] {
				t.Errorf("%s %s: deployed %s %s %d %d, template %v", names[i], id, c.Runtime, aws.ToString(c.Handler), aws.ToInt32(c.MemorySize), aws.ToInt32(c.Timeout), props)
			}
		}
	}
}

// createQueues creates the SQS queues a template's mappings read, as the
// app's owner would have before deploying.
func createQueues(ctx context.Context, t *testing.T, cfg aws.Config, tm map[string]any) {
	t.Helper()
	for _, r := range tm["Resources"].(map[string]any) {
		r := r.(map[string]any)
		if r["Type"] != "AWS::Lambda::EventSourceMapping" {
			continue
		}
		b, _ := json.Marshal(r["Properties"].(map[string]any)["EventSourceArn"])
		s := strings.Trim(string(b), `"}`)
		if i := strings.Index(s, ":sqs:"); i >= 0 {
			name := s[strings.LastIndexByte(s, ':')+1:]
			if _, err := sqs.NewFromConfig(cfg).CreateQueue(ctx, &sqs.CreateQueueInput{QueueName: aws.String(name)}); err != nil {
				t.Fatal(err)
			}
		}
	}
}

func TestPackageMergeTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	cases := map[string]struct{ text, want string }{
		"bad.json":   {"{\n  \"Resources\": {\n    \"X\": [1,}\n}", "bad.json:3:13: invalid JSON"},
		"list.json":  {"[1, 2]", "list.json:1:1: the merge template must be an object"},
		"res.yaml":   {"Resources:\n  - a\n", "res.yaml:2:3: Resources must be an object"},
		"new.yaml":   {"Resources:\n  Table:\n    Properties: {}\n", "new.yaml:2:3: resource Table is not in the generated template and has no Type"},
		"bad.yaml":   {"Resources:\n  a: [\n", "bad.yaml:2:1: invalid YAML"},
		"empty.yaml": {"", "empty.yaml:1:1: the merge template is empty"},
	}
	for name, c := range cases {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(c.text), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := renderExample(t, "hello", packageOptions{mergeTemplate: filepath.Join(dir, name)})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
	// Through the CLI: exit 1, the positioned message, no stack trace, no output.
	out := filepath.Join(dir, "out")
	code, _, stderr := cli(t, filepath.Join(repoRoot(t), "examples", "hello"), "package", "--merge-template", filepath.Join(dir, "res.yaml"), out)
	if code != 1 || !strings.Contains(stderr, "res.yaml:2:3: Resources must be an object") || strings.Contains(stderr, "goroutine") {
		t.Errorf("exit %d: %s", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed package wrote %s", out)
	}
	for _, args := range [][]string{{"--pkg-format", "cdk"}, {"--template-format", "toml"}, {"--pkg-format", "terraform", "--template-format", "yaml"}} {
		code, _, stderr := cli(t, filepath.Join(repoRoot(t), "examples", "hello"), append(append([]string{"package"}, args...), out)...)
		if code != 2 || !strings.Contains(stderr, args[len(args)-1]) {
			t.Errorf("%v: exit %d: %s", args, code, stderr)
		}
	}
}

func TestPackageMergeTemplate(t *testing.T) {
	tp, err := renderExample(t, "websocket/chat", packageOptions{mergeTemplate: "resources.json"})
	if err != nil {
		t.Fatal(err)
	}
	var tm struct {
		Resources map[string]struct {
			Type       string
			Properties map[string]any
		}
		Outputs map[string]any
	}
	if err := json.Unmarshal(tp.text, &tm); err != nil {
		t.Fatal(err)
	}
	for _, fn := range []string{"WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect"} {
		r := tm.Resources[fn]
		env, _ := json.Marshal(r.Properties["Environment"])
		if r.Type != "AWS::Serverless::Function" || string(env) != `{"Variables":{"TABLE":{"Ref":"ChaliceChatTable"}}}` {
			t.Errorf("%s: %s %s", fn, r.Type, env)
		}
	}
	if tm.Resources["ChaliceChatTable"].Type != "AWS::DynamoDB::Table" || tm.Resources["DefaultRole"].Type != "AWS::IAM::Role" ||
		tm.Outputs["WebsocketConnectEndpointURL"] == nil || tm.Outputs["WebsocketAPIId"] == nil {
		t.Errorf("merged template: %s", tp.text)
	}
	// The merged role keeps the generated trust policy but takes the
	// file's policies (lists are replaced, not appended).
	pol, _ := json.Marshal(tm.Resources["DefaultRole"].Properties["Policies"])
	if !strings.Contains(string(pol), "dynamodb:PutItem") || strings.Count(string(pol), "PolicyName") != 1 {
		t.Errorf("merged policies: %s", pol)
	}
}

// TestGeneratePipeline writes every kind of pipeline through the CLI and
// lints each with cfn-lint.
func TestGeneratePipeline(t *testing.T) {
	iactest.RequireTools(t)
	dir := t.TempDir()
	app := filepath.Join(repoRoot(t), "examples", "hello")
	var files []string
	for _, c := range [][]string{
		{},
		{"--pipeline-version", "v1"},
		{"--source", "github", "-i", "aws/codebuild/amazonlinux2-aarch64-standard:3.0"},
		{"--source", "github", "--pipeline-version", "v1", "--buildspec-file", filepath.Join(dir, "buildspec.yml")},
	} {
		file := filepath.Join(dir, fmt.Sprintf("pipeline-%d.json", len(files)))
		code, _, stderr := cli(t, app, append(append([]string{"generate-pipeline"}, c...), file)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", c, code, stderr)
		}
		files = append(files, file)
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		text := string(b)
		github := slices.Contains(c, "github")
		if github != strings.Contains(text, `"GithubPersonalToken"`) || github == strings.Contains(text, "AWS::CodeCommit::Repository") {
			t.Errorf("%v: source resources:\n%s", c, text)
		}
		if github && (!strings.Contains(text, `"NoEcho": true`) || strings.Count(text, "GithubPersonalToken") != 2) {
			t.Errorf("%v: the token must be a NoEcho parameter only referenced:\n%s", c, text)
		}
		spec := text
		if slices.Contains(c, "--buildspec-file") {
			sb, err := os.ReadFile(filepath.Join(dir, "buildspec.yml"))
			if err != nil {
				t.Fatal(err)
			}
			spec = string(sb)
			if strings.Contains(text, "go test ./...") {
				t.Errorf("the buildspec is in the template despite --buildspec-file")
			}
		}
		for _, want := range []string{"go test ./...", "go tool chalicegen package --pkg-format cloudformation", "aws cloudformation package"} {
			if !strings.Contains(spec, want) {
				t.Errorf("%v: buildspec lacks %q", c, want)
			}
		}
		if slices.Contains(c, "-i") && !strings.Contains(text, "aarch64-standard:3.0") {
			t.Errorf("%v: image not used", c)
		}
	}
	iactest.Lint(t, files...)
	for _, bad := range [][]string{{"--pipeline-version", "v3"}, {"--source", "svn"}} {
		if code, _, stderr := cli(t, app, append(append([]string{"generate-pipeline"}, bad...), filepath.Join(dir, "x.json"))...); code != 2 || !strings.Contains(stderr, bad[1]) {
			t.Errorf("%v: exit %d: %s", bad, code, stderr)
		}
	}
}
