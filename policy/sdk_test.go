package policy

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chalice-go/chalice/model"
)

// The IAM prefix of every service the cases load comes out right, and the
// pinned table agrees with the SDK's own signing names wherever both exist.
func TestServicePrefixes(t *testing.T) {
	p, _ := loadCases(t)
	want := map[string]string{
		"s3": "s3", "sqs": "sqs", "sns": "sns", "dynamodb": "dynamodb", "lambda": "lambda",
		"apigateway": "apigateway", "apigatewaymanagementapi": "execute-api", "sts": "sts",
	}
	for short, prefix := range want {
		path := sdkServicePrefix + short
		pkg := p.prog.ImportedPackage(path)
		if pkg == nil {
			t.Errorf("%s not loaded", path)
			continue
		}
		si := p.svc.lookup(pkg.Pkg)
		// sts comes in only through the config package's export data,
		// which need not carry its ServiceID: the signing name serves.
		if si.Prefix != prefix || (si.ServiceID == "" && short != "sts") {
			t.Errorf("%s: %+v, want prefix %s", short, si, prefix)
		}
	}
	checked := 0
	for path, dir := range p.svc.dirs {
		sn := signingName(dir)
		if sn == "" {
			t.Errorf("%s: no signing name in %s", path, filepath.Join(dir, "auth.go"))
			continue
		}
		pkg := p.prog.ImportedPackage(path)
		if pkg == nil {
			continue
		}
		si := p.svc.lookup(pkg.Pkg)
		if si.Source == "table" && si.Prefix != sn {
			t.Errorf("%s: table says %s, the SDK signs for %s", si.ServiceID, si.Prefix, sn)
		}
		checked++
	}
	if checked < 8 {
		t.Errorf("only %d service packages checked", checked)
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
		"unresolved_interface": "interface PurgeQueue (interface call with the SDK signature of (*sqs.Client).PurgeQueue)",
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
