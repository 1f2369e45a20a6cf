package policy

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/model"
)

// The service table covers every aws-sdk-go-v2 service (the generator
// reads the AWS API models the SDK is generated from), every prefix in it
// is an IAM service prefix of the Service Authorization Reference, and it
// agrees with the ServiceID and signing name of every service package in
// the module cache.
func TestServiceTable(t *testing.T) {
	// Loading the cases first downloads the service modules they use into
	// an empty module cache (CI), so the scan below has them to check.
	p, _ := loadCases(t)
	data, err := os.ReadFile("testdata/iam_prefixes.tsv")
	if err != nil {
		t.Fatal(err)
	}
	iam := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		prefix, _, _ := strings.Cut(line, "\t")
		iam[prefix] = true
	}
	if len(iam) < 400 || len(sdkServices) < 400 {
		t.Fatalf("%d IAM prefixes, %d SDK services: tables truncated?", len(iam), len(sdkServices))
	}
	for pkg, row := range sdkServices {
		if row.Prefix != "" && !iam[row.Prefix] {
			t.Errorf("%s (%s): prefix %q is not an IAM service prefix", pkg, row.ServiceID, row.Prefix)
		}
	}
	for pkg, want := range map[string]string{
		"cloudwatch": "cloudwatch", "resourcegroupstaggingapi": "tag", "s3": "s3", "s3control": "s3",
		"dynamodb": "dynamodb", "dynamodbstreams": "dynamodb", "sfn": "states", "eventbridge": "events",
		"cloudwatchlogs": "logs", "sesv2": "ses", "apigatewaymanagementapi": "execute-api",
		"apigatewayv2": "apigateway", "bedrockruntime": "bedrock", "iotdataplane": "iot",
		"cognitoidentityprovider": "cognito-idp", "efs": "elasticfilesystem", "opensearch": "es",
		"secretsmanager": "secretsmanager", "lambda": "lambda", "sts": "sts", "kinesis": "kinesis",
		"firehose": "firehose", "ssm": "ssm", "kms": "kms", "costexplorer": "ce", "pinpoint": "mobiletargeting",
	} {
		if got := sdkServices[pkg].Prefix; got != want {
			t.Errorf("%s: prefix %q, want %q", pkg, got, want)
		}
	}

	// Every service package in the module cache (at least those go.mod
	// pins) agrees with the table.
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	dirs, _ := filepath.Glob(filepath.Join(strings.TrimSpace(string(out)), "github.com/aws/aws-sdk-go-v2/service/*@*"))
	checked := 0
	for _, dir := range dirs {
		name, _, _ := strings.Cut(filepath.Base(dir), "@")
		if name == "internal" {
			continue
		}
		row, ok := sdkServices[name]
		if !ok {
			t.Errorf("%s: not in the service table (re-run policy/internal/gensvc)", dir)
			continue
		}
		if sn := signingName(dir); sn != row.SigningName {
			t.Errorf("%s: signs for %q, table says %q", dir, sn, row.SigningName)
		}
		src, err := os.ReadFile(filepath.Join(dir, "api_client.go"))
		if err == nil && !strings.Contains(string(src), "const ServiceID = "+strconv.Quote(row.ServiceID)) {
			t.Errorf("%s: ServiceID is not %q", dir, row.ServiceID)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d service packages in the module cache checked", checked)
	}

	// The loaded cases resolve through the table.
	for _, short := range []string{"s3", "sqs", "cloudwatch", "resourcegroupstaggingapi"} {
		pkg := p.prog.ImportedPackage(sdkServicePrefix + short)
		if pkg == nil {
			t.Errorf("%s not loaded", short)
			continue
		}
		if si := p.svc.lookup(pkg.Pkg); si.Source != "table" || si.Prefix != sdkServices[short].Prefix {
			t.Errorf("%s: %+v", short, si)
		}
	}
}

func TestActionsFor(t *testing.T) {
	for _, tc := range []struct{ prefix, op, want string }{
		{"s3", "PutObject", "s3:PutObject"},
		{"s3", "ListObjectsV2", "s3:ListBucket"},
		{"s3", "HeadObject", "s3:GetObject"},
		{"s3", "HeadBucket", "s3:ListBucket"},
		{"s3", "ListBuckets", "s3:ListAllMyBuckets"},
		{"s3", "CopyObject", "s3:GetObject s3:PutObject"},
		{"s3", "DeleteObjects", "s3:DeleteObject"},
		{"s3", "GetObjectAcl", "s3:GetObjectAcl"},
		{"execute-api", "PostToConnection", "execute-api:ManageConnections"},
		{"lambda", "Invoke", "lambda:InvokeFunction"},
		{"sqs", "SendMessageBatch", "sqs:SendMessage"},
		{"states", "StartExecution", "states:StartExecution"},
		{"apigateway", "GetRestApis", "apigateway:GET"},
		{"apigateway", "FrobnicateThing", "apigateway:DELETE apigateway:GET apigateway:PATCH apigateway:POST apigateway:PUT"},
	} {
		if got := strings.Join(actionsFor(tc.prefix, tc.op), " "); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.prefix, tc.op, got, tc.want)
		}
	}
	for prefix, ops := range opActions {
		for op, acts := range ops {
			if !slices.IsSorted(acts) || len(acts) == 0 {
				t.Errorf("%s %s: actions %v not sorted", prefix, op, acts)
			}
			for _, a := range acts {
				if !strings.Contains(a, ":") {
					t.Errorf("%s %s: bad action %q", prefix, op, a)
				}
			}
		}
	}
}

func TestARNs(t *testing.T) {
	for _, tc := range []struct {
		kind resKind
		in   string
		want string // "" = not scoped
	}{
		{resS3Bucket, "my-bucket", "arn:aws:s3:::my-bucket"},
		{resS3Object, "my-bucket", "arn:aws:s3:::my-bucket/*"},
		{resS3Object, "arn:aws:s3:us-east-1:123456789012:accesspoint/ap", ""},
		{resS3Object, "bucket*", ""},
		{resS3Object, "", ""},
		{resS3CopySource, "/src-bucket/a%2Fb.txt?versionId=1", "arn:aws:s3:::src-bucket/*"},
		{resS3CopySource, "nokey", ""},
		{resDynamoTable, "Users_v2", "arn:aws:dynamodb:*:*:table/Users_v2"},
		{resDynamoTableIndex, "t", "arn:aws:dynamodb:*:*:table/t arn:aws:dynamodb:*:*:table/t/index/*"},
		{resDynamoTable, "arn:aws:dynamodb:eu-west-1:123456789012:table/T", "arn:aws:dynamodb:eu-west-1:123456789012:table/T"},
		{resDynamoTable, "arn:aws:s3:::not-a-table", ""},
		{resSQSURL, "https://sqs.us-east-1.amazonaws.com/123456789012/q.fifo", "arn:aws:sqs:us-east-1:123456789012:q.fifo"},
		{resSQSURL, "https://us-west-2.queue.amazonaws.com/123456789012/legacy", "arn:aws:sqs:us-west-2:123456789012:legacy"},
		{resSQSURL, "http://localhost:9324/queue/local", "arn:aws:sqs:*:*:local"},
		{resSQSURL, "not a url", ""},
		{resSQSName, "jobs", "arn:aws:sqs:*:*:jobs"},
		{resSNSTopicARN, "arn:aws:sns:us-east-1:123456789012:t", "arn:aws:sns:us-east-1:123456789012:t"},
		{resSNSTopicARN, "t", ""},
		{resSNSTopicName, "t", "arn:aws:sns:*:*:t"},
		{resLambdaFunction, "fn", "arn:aws:lambda:*:*:function:fn"},
		{resLambdaFunction, "fn:$LATEST", "arn:aws:lambda:*:*:function:fn:$LATEST"},
		{resLambdaFunction, "123456789012:function:fn", ""},
		{resNone, "x", ""},
	} {
		arns, ok := tc.kind.arns("aws", tc.in)
		got := strings.Join(arns, " ")
		if !ok {
			got = ""
		}
		if got != tc.want {
			t.Errorf("%d %q: %q, want %q", tc.kind, tc.in, got, tc.want)
		}
	}
	if arns, _ := resS3Bucket.arns("aws-cn", "b-1"); arns[0] != "arn:aws-cn:s3:::b-1" {
		t.Errorf("partition: %v", arns)
	}
}

func TestMiddlewareApplies(t *testing.T) {
	for _, tc := range []struct {
		mw, fn string
		want   bool
	}{
		{"all", "s3", true}, {"http", "http", true}, {"http", "sqs", false},
		{"s3", "s3", true}, {"scheduled", "scheduled", true}, {"sqs", "http", false},
		{"pure_lambda", "pure_lambda", true}, {"websocket", "http", false}, {"something-new", "sqs", true},
	} {
		if got := middlewareApplies(tc.mw, tc.fn); got != tc.want {
			t.Errorf("%s in %s: %v", tc.mw, tc.fn, got)
		}
	}
}

func TestDeterministic(t *testing.T) {
	p, cases := loadCases(t)
	render := func() string {
		var buf bytes.Buffer
		for _, c := range cases {
			res, err := p.Infer(c.app, Options{})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := res.App.MarshalIndent()
			buf.Write(b)
			for _, f := range res.Functions {
				WriteExplain(&buf, f.Actions, "..")
			}
		}
		return buf.String()
	}
	if a, b := render(), render(); a != b {
		t.Error("two runs differ")
	}
}

func TestExplain(t *testing.T) {
	p, cases := loadCases(t)
	i := slices.IndexFunc(cases, func(c loadedCase) bool { return c.name == "helper_package" })
	res, err := p.Infer(cases[i].app, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteExplain(&buf, res.Function("put").Actions, "testdata/cases/helper_package"); err != nil {
		t.Fatal(err)
	}
	want := "s3:PutObject  arn:aws:s3:::helper-bucket/*\n" +
		"    storage/storage.go:23:25  (*s3.Client).PutObject  arn:aws:s3:::helper-bucket/*\n" +
		"        main.Put -> (*storage.s3Store).Put\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
}

func TestErrors(t *testing.T) {
	p, cases := loadCases(t)
	app := *cases[0].app
	app.Events = append(app.Events, &model.EventHandler{Name: "ghost", Func: model.Func{PkgPath: app.PkgPath, Name: "Ghost", Pos: model.Pos{File: "app.go", Line: 3, Column: 1}}})
	if _, err := p.Infer(&app, Options{}); err == nil || !strings.Contains(err.Error(), "app.go:3:1: policy: entry point") {
		t.Errorf("missing entry point: %v", err)
	}
	other := &model.App{PkgPath: "github.com/chalice-go/chalice/policy/testdata/notloaded"}
	if _, err := p.Infer(other, Options{}); err == nil || !strings.Contains(err.Error(), "was not loaded") {
		t.Errorf("unloaded app: %v", err)
	}
	broken := &model.App{PkgPath: "github.com/chalice-go/chalice/policy/testdata/broken"}
	if _, err := Infer("..", broken, Options{}); err == nil || !strings.Contains(err.Error(), "undefinedHelper") {
		t.Errorf("broken app: %v", err)
	}
	if _, err := Infer("..", &model.App{PkgPath: "github.com/chalice-go/chalice/policy/testdata/nosuchpkg"}, Options{}); err == nil {
		t.Error("missing package: no error")
	}
}

func TestSiteKinds(t *testing.T) {
	p, cases := loadCases(t)
	want := map[string]string{
		"paginator":            "paginator (*s3.ListObjectsV2Paginator).NextPage",
		"waiter":               "waiter (*s3.ObjectExistsWaiter).Wait",
		"presign":              "presign (*s3.PresignClient).PresignGetObject",
		"unresolved_interface": "client (*sqs.Client).PurgeQueue", // resolved by type (fallbackTargets)
		"websocket":            "chalice chalice.WebsocketSend",
		"direct_call":          "client (*s3.Client).PutObject",
	}
	for _, c := range cases {
		w, ok := want[c.name]
		if !ok {
			continue
		}
		res, err := p.Infer(c.app, Options{})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, u := range res.AppActions {
			for _, s := range u.Sites {
				got = append(got, s.Kind+" "+s.Call)
			}
		}
		if !slices.Contains(got, w) {
			t.Errorf("%s: sites %q lack %q", c.name, got, w)
		}
	}
}

// Every action the tables name is an action of the Service Authorization
// Reference (testdata/iam_actions.txt lists those of the prefixes the
// tables use).
func TestTableActionsExist(t *testing.T) {
	data, err := os.ReadFile("testdata/iam_actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	prefixes := map[string]bool{}
	for _, a := range strings.Fields(string(data)) {
		known[a] = true
		p, _, _ := strings.Cut(a, ":")
		prefixes[p] = true
	}
	check := func(where, action string) {
		p, _, _ := strings.Cut(action, ":")
		if !prefixes[p] {
			t.Errorf("%s: %s: prefix not in testdata/iam_actions.txt", where, action)
		} else if !known[action] {
			t.Errorf("%s: %s is not an IAM action", where, action)
		}
	}
	for prefix, ops := range opActions {
		for op, acts := range ops {
			for _, a := range acts {
				check(prefix+" "+op, a)
			}
		}
	}
	for prefix, ops := range fieldActions {
		for op, fas := range ops {
			for _, fa := range fas {
				check(prefix+" "+op+" "+fa.field, fa.action)
			}
		}
	}
	for key, h := range sdkHelpers {
		for _, op := range h.ops {
			for _, a := range actionsFor(sdkServices[h.service].Prefix, op) {
				check(key, a)
			}
		}
	}
	for _, a := range VPCStatement().Action {
		check("VPC", a)
	}
}

// Operations Lambda apps commonly call map to actions of the Service
// Authorization Reference (the default prefix:Operation, or a table).
func TestCommonOperations(t *testing.T) {
	data, err := os.ReadFile("testdata/iam_actions.txt")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, a := range strings.Fields(string(data)) {
		known[a] = true
	}
	for pkg, ops := range map[string]string{
		"s3":                       "GetObject PutObject HeadObject ListObjectsV2 DeleteObject DeleteObjects CopyObject GetBucketLocation ListBuckets",
		"dynamodb":                 "GetItem PutItem UpdateItem DeleteItem Query Scan BatchGetItem BatchWriteItem TransactWriteItems DescribeTable ExecuteStatement",
		"dynamodbstreams":          "GetRecords GetShardIterator DescribeStream ListStreams",
		"sqs":                      "SendMessage SendMessageBatch ReceiveMessage DeleteMessage GetQueueUrl GetQueueAttributes",
		"sns":                      "Publish PublishBatch Subscribe",
		"lambda":                   "Invoke InvokeWithResponseStream GetFunction",
		"sesv2":                    "SendEmail SendBulkEmail",
		"ses":                      "SendEmail SendRawEmail",
		"ssm":                      "GetParameter GetParameters GetParametersByPath PutParameter",
		"secretsmanager":           "GetSecretValue BatchGetSecretValue PutSecretValue",
		"kms":                      "Encrypt Decrypt GenerateDataKey Sign ReEncrypt",
		"sts":                      "AssumeRole GetCallerIdentity",
		"kinesis":                  "PutRecord PutRecords GetRecords",
		"firehose":                 "PutRecord PutRecordBatch",
		"sfn":                      "StartExecution StartSyncExecution SendTaskSuccess",
		"eventbridge":              "PutEvents",
		"scheduler":                "CreateSchedule",
		"cloudwatch":               "PutMetricData GetMetricData",
		"cloudwatchlogs":           "PutLogEvents StartQuery",
		"xray":                     "PutTraceSegments",
		"apigatewaymanagementapi":  "PostToConnection",
		"bedrockruntime":           "InvokeModel Converse ConverseStream",
		"rekognition":              "DetectLabels DetectText",
		"textract":                 "AnalyzeDocument DetectDocumentText",
		"comprehend":               "DetectSentiment",
		"translate":                "TranslateText",
		"polly":                    "SynthesizeSpeech",
		"cognitoidentityprovider":  "AdminGetUser AdminCreateUser",
		"appconfigdata":            "StartConfigurationSession GetLatestConfiguration",
		"sagemakerruntime":         "InvokeEndpoint",
		"rdsdata":                  "ExecuteStatement",
		"timestreamwrite":          "WriteRecords",
		"iotdataplane":             "Publish UpdateThingShadow",
		"resourcegroupstaggingapi": "GetResources",
	} {
		prefix := sdkServices[pkg].Prefix
		for _, op := range strings.Fields(ops) {
			for _, a := range actionsFor(prefix, op) {
				if !known[a] {
					t.Errorf("%s %s: %s is not an IAM action", pkg, op, a)
				}
			}
		}
	}
}
