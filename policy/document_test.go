package policy

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestMarshalIndentShape(t *testing.T) {
	agg := map[string]*actionAgg{}
	aggFor(agg, "s3:ListAllMyBuckets").add(Site{Call: "x"})
	aggFor(agg, "s3:GetObject").add(Site{Call: "y", Resources: []string{"arn:aws:s3:::b/*"}})
	aggFor(agg, "s3:PutObject").add(Site{Call: "z", Resources: []string{"arn:aws:s3:::b/*"}})
	b, err := buildDocument(agg, true).MarshalIndent()
	if err != nil {
		t.Fatal(err)
	}
	want := `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "s3:ListAllMyBuckets"
      ],
      "Resource": [
        "*"
      ],
      "Sid": "InferredActions"
    },
    {
      "Effect": "Allow",
      "Action": [
        "s3:GetObject",
        "s3:PutObject"
      ],
      "Resource": [
        "arn:aws:s3:::b/*"
      ],
      "Sid": "InferredScoped455041f0"
    },
    {
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogGroup",
        "logs:CreateLogStream",
        "logs:PutLogEvents"
      ],
      "Resource": [
        "arn:*:logs:*:*:*"
      ],
      "Sid": "Logs"
    },
    {
      "Effect": "Allow",
      "Action": [
        "ec2:AssignPrivateIpAddresses",
        "ec2:CreateNetworkInterface",
        "ec2:DeleteNetworkInterface",
        "ec2:DescribeNetworkInterfaces",
        "ec2:DescribeSubnets",
        "ec2:DetachNetworkInterface",
        "ec2:UnassignPrivateIpAddresses"
      ],
      "Resource": [
        "*"
      ],
      "Sid": "VPCNetworkInterfaces"
    }
  ]
}
`
	if string(b) != want {
		t.Errorf("got\n%s", b)
	}
	// Round trip through the manual-policy parser.
	doc, err := ParseDocument(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := doc.MarshalIndent()
	if string(b2) != want {
		t.Errorf("round trip changed the document:\n%s", b2)
	}
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadPolicyFile(t *testing.T) {
	dir := t.TempDir()
	const good = `{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
		"Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}}`
	writeFile(t, filepath.Join(dir, ".chalice", "policy-prod.json"), good)
	writeFile(t, filepath.Join(dir, ".chalice", "beta-app-policy.json"), `{"Version": "2012-10-17", "Statement": [
		{"Effect": "Allow", "Action": ["sqs:SendMessage"], "Resource": ["*"]},
		{"Effect": "Deny", "NotAction": "iam:*", "NotResource": "arn:aws:s3:::x"}]}`)

	doc, err := LoadPolicyFile(dir, "prod", "")
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Actions(); len(got) != 1 || got[0] != "s3:GetObject" || string(doc.Statement[0].Condition) == "" {
		t.Errorf("prod: %+v", doc)
	}
	doc, err = LoadPolicyFile(dir, "beta", "beta-app-policy.json")
	if err != nil {
		t.Fatal(err)
	}
	if got := doc.Actions(); len(got) != 1 || got[0] != "sqs:SendMessage" || len(doc.Statement) != 2 {
		t.Errorf("beta: %v", got)
	}

	// dev falls back to the pre-stages .chalice/policy.json.
	if _, err := LoadPolicyFile(dir, "dev", ""); err == nil || !strings.Contains(err.Error(), "policy-dev.json does not exist") {
		t.Errorf("dev without files: %v", err)
	}
	writeFile(t, filepath.Join(dir, ".chalice", "policy.json"), good)
	if _, err := LoadPolicyFile(dir, "dev", ""); err != nil {
		t.Errorf("dev with policy.json: %v", err)
	}

	for _, tc := range []struct{ name, data, want string }{
		{"syntax", "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [,]\n}", "3:17: invalid JSON"},
		{"array", `[]`, "invalid JSON"},
		{"noversion", `{"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}`, "missing Version"},
		{"badversion", `{"Version": "2020-01-01", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"}]}`, "not an IAM policy language version"},
		{"nostatement", `{"Version": "2012-10-17", "Statement": []}`, "no Statement"},
		{"effect", `{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "a:b", "Resource": "*"}]}`, `Statement[0]: Effect must be "Allow" or "Deny"`},
		{"noaction", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}`, "exactly one of Action and NotAction"},
		{"noresource", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b"}]}`, "exactly one of Resource and NotResource"},
		{"principal", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Principal": "*"}]}`, "Principal is not allowed"},
		{"unknown", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Actions": "x"}]}`, `unknown key "Actions"`},
		{"actiontype", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": 3, "Resource": "*"}]}`, "Action: must be a string or a list of strings"},
		{"condition", `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": []}]}`, "Condition: must be an object"},
		{"toplevel", `{"Version": "2012-10-17", "Statements": []}`, `unknown top-level key "Statements"`},
	} {
		writeFile(t, filepath.Join(dir, ".chalice", tc.name+".json"), tc.data)
		_, err := LoadPolicyFile(dir, "x", tc.name+".json")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), filepath.Join(".chalice", tc.name+".json")) {
			t.Errorf("%s: got %v, want an error naming the file and containing %q", tc.name, err, tc.want)
		}
	}
	if _, err := LoadPolicyFile(dir, "x", "absent.json"); err == nil || !strings.Contains(err.Error(), ".chalice/absent.json does not exist") {
		t.Errorf("absent iam_policy_file: %v", err)
	}
	if got := PolicyFilePath("/p", "prod", ""); got != "/p/.chalice/policy-prod.json" {
		t.Errorf("PolicyFilePath: %s", got)
	}
}

func TestActionDiff(t *testing.T) {
	a := &Document{Version: Version, Statement: []Statement{{Effect: "Allow", Action: StringList{"s3:GetObject", "s3:ListBucket"}, Resource: StringList{"*"}}}}
	b := &Document{Version: Version, Statement: []Statement{{Effect: "Allow", Action: StringList{"s3:ListBucket", "sqs:SendMessage"}, Resource: StringList{"*"}}}}
	added, removed := ActionDiff(a, b)
	if strings.Join(added, ",") != "sqs:SendMessage" || strings.Join(removed, ",") != "s3:GetObject" {
		t.Errorf("added %v removed %v", added, removed)
	}
}
