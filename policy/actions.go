package policy

import (
	"slices"
	"strings"
)

// opActions lists the operations whose IAM action is not simply
// "<prefix>:<Operation>", keyed by IAM prefix then operation name. Every
// other operation of every service maps to "<prefix>:<Operation>". The
// table is documented in docs/policy.md; keep the two in step.
var opActions = map[string]map[string][]string{
	"s3": {
		"ListObjects":             {"s3:ListBucket"},
		"ListObjectsV2":           {"s3:ListBucket"},
		"ListObjectVersions":      {"s3:ListBucketVersions"},
		"ListMultipartUploads":    {"s3:ListBucketMultipartUploads"},
		"ListParts":               {"s3:ListMultipartUploadParts"},
		"HeadObject":              {"s3:GetObject"},
		"HeadBucket":              {"s3:ListBucket"},
		"ListBuckets":             {"s3:ListAllMyBuckets"},
		"CopyObject":              {"s3:GetObject", "s3:PutObject"},
		"UploadPartCopy":          {"s3:GetObject", "s3:PutObject"},
		"DeleteObjects":           {"s3:DeleteObject"},
		"CreateMultipartUpload":   {"s3:PutObject"},
		"UploadPart":              {"s3:PutObject"},
		"CompleteMultipartUpload": {"s3:PutObject"},
		"GetObjectAttributes":     {"s3:GetObject", "s3:GetObjectAttributes"},
		"SelectObjectContent":     {"s3:GetObject"},
		// Sent on the S3 client, authorised by the Object Lambda service.
		"WriteGetObjectResponse": {"s3-object-lambda:WriteGetObjectResponse"},

		"GetBucketAccelerateConfiguration":            {"s3:GetAccelerateConfiguration"},
		"PutBucketAccelerateConfiguration":            {"s3:PutAccelerateConfiguration"},
		"GetBucketAnalyticsConfiguration":             {"s3:GetAnalyticsConfiguration"},
		"PutBucketAnalyticsConfiguration":             {"s3:PutAnalyticsConfiguration"},
		"DeleteBucketAnalyticsConfiguration":          {"s3:PutAnalyticsConfiguration"},
		"ListBucketAnalyticsConfigurations":           {"s3:GetAnalyticsConfiguration"},
		"GetBucketCors":                               {"s3:GetBucketCORS"},
		"PutBucketCors":                               {"s3:PutBucketCORS"},
		"DeleteBucketCors":                            {"s3:PutBucketCORS"},
		"GetBucketEncryption":                         {"s3:GetEncryptionConfiguration"},
		"PutBucketEncryption":                         {"s3:PutEncryptionConfiguration"},
		"DeleteBucketEncryption":                      {"s3:PutEncryptionConfiguration"},
		"GetBucketIntelligentTieringConfiguration":    {"s3:GetIntelligentTieringConfiguration"},
		"PutBucketIntelligentTieringConfiguration":    {"s3:PutIntelligentTieringConfiguration"},
		"DeleteBucketIntelligentTieringConfiguration": {"s3:PutIntelligentTieringConfiguration"},
		"ListBucketIntelligentTieringConfigurations":  {"s3:GetIntelligentTieringConfiguration"},
		"GetBucketInventoryConfiguration":             {"s3:GetInventoryConfiguration"},
		"PutBucketInventoryConfiguration":             {"s3:PutInventoryConfiguration"},
		"DeleteBucketInventoryConfiguration":          {"s3:PutInventoryConfiguration"},
		"ListBucketInventoryConfigurations":           {"s3:GetInventoryConfiguration"},
		"GetBucketLifecycleConfiguration":             {"s3:GetLifecycleConfiguration"},
		"PutBucketLifecycleConfiguration":             {"s3:PutLifecycleConfiguration"},
		"DeleteBucketLifecycle":                       {"s3:PutLifecycleConfiguration"},
		"GetBucketMetricsConfiguration":               {"s3:GetMetricsConfiguration"},
		"PutBucketMetricsConfiguration":               {"s3:PutMetricsConfiguration"},
		"DeleteBucketMetricsConfiguration":            {"s3:PutMetricsConfiguration"},
		"ListBucketMetricsConfigurations":             {"s3:GetMetricsConfiguration"},
		"GetBucketNotificationConfiguration":          {"s3:GetBucketNotification"},
		"PutBucketNotificationConfiguration":          {"s3:PutBucketNotification"},
		"GetBucketReplication":                        {"s3:GetReplicationConfiguration"},
		"PutBucketReplication":                        {"s3:PutReplicationConfiguration"},
		"DeleteBucketReplication":                     {"s3:PutReplicationConfiguration"},
		"DeleteBucketOwnershipControls":               {"s3:PutBucketOwnershipControls"},
		"DeleteBucketTagging":                         {"s3:PutBucketTagging"},
		"GetObjectLockConfiguration":                  {"s3:GetBucketObjectLockConfiguration"},
		"PutObjectLockConfiguration":                  {"s3:PutBucketObjectLockConfiguration"},
		"GetPublicAccessBlock":                        {"s3:GetBucketPublicAccessBlock"},
		"PutPublicAccessBlock":                        {"s3:PutBucketPublicAccessBlock"},
		"DeletePublicAccessBlock":                     {"s3:PutBucketPublicAccessBlock"},
	},
	"dynamodb": {
		// A transaction needs the item-level action for each kind of item it
		// may contain; which kinds a call uses is not known statically, so
		// all of them are granted.
		"TransactWriteItems": {"dynamodb:ConditionCheckItem", "dynamodb:DeleteItem", "dynamodb:PutItem", "dynamodb:UpdateItem"},
		"TransactGetItems":   {"dynamodb:GetItem"},
		// PartiQL: the statement's verb decides the action.
		"ExecuteStatement":      {"dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate"},
		"BatchExecuteStatement": {"dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate"},
		"ExecuteTransaction":    {"dynamodb:PartiQLDelete", "dynamodb:PartiQLInsert", "dynamodb:PartiQLSelect", "dynamodb:PartiQLUpdate"},
	},
	"sqs": {
		"SendMessageBatch":             {"sqs:SendMessage"},
		"DeleteMessageBatch":           {"sqs:DeleteMessage"},
		"ChangeMessageVisibilityBatch": {"sqs:ChangeMessageVisibility"},
	},
	"sns": {
		"PublishBatch": {"sns:Publish"},
	},
	// Dependent actions stated by the SDK's doc comments and the Service
	// Authorization Reference.
	"bedrock": {
		// Bedrock Runtime: "This operation requires permission for the
		// bedrock:InvokeModel action" (Converse); the streaming variant
		// is authorised by InvokeModelWithResponseStream.
		"Converse":                  {"bedrock:InvokeModel"},
		"ConverseStream":            {"bedrock:InvokeModelWithResponseStream"},
		"RetrieveAndGenerateStream": {"bedrock:RetrieveAndGenerate"},
	},
	"secretsmanager": {
		// "you must have secretsmanager:GetSecretValue for each secret".
		"BatchGetSecretValue": {"secretsmanager:BatchGetSecretValue", "secretsmanager:GetSecretValue"},
		// The rotation function is invoked with the caller's permissions.
		"RotateSecret": {"lambda:InvokeFunction", "secretsmanager:RotateSecret"},
	},
	"kms": {
		// There is no kms:ReEncrypt action: the source and destination
		// keys each authorise their half.
		"ReEncrypt":    {"kms:ReEncryptFrom", "kms:ReEncryptTo"},
		"ReplicateKey": {"kms:CreateKey", "kms:ReplicateKey"},
	},
	"elasticfilesystem": {
		// A mount target is a network interface EFS creates as the caller.
		"CreateMountTarget":                 {"ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "elasticfilesystem:CreateMountTarget"},
		"DescribeMountTargetSecurityGroups": {"ec2:DescribeNetworkInterfaceAttribute", "elasticfilesystem:DescribeMountTargetSecurityGroups"},
		"ModifyMountTargetSecurityGroups":   {"ec2:ModifyNetworkInterfaceAttribute", "elasticfilesystem:ModifyMountTargetSecurityGroups"},
	},
	"vpc-lattice": {
		"BatchUpdateRule": {"vpc-lattice:UpdateRule"},
	},
	"lambda": {
		"Invoke":                   {"lambda:InvokeFunction"},
		"InvokeAsync":              {"lambda:InvokeFunction"},
		"InvokeWithResponseStream": {"lambda:InvokeFunction"},
	},
	"execute-api": {
		"PostToConnection": {"execute-api:ManageConnections"},
		"GetConnection":    {"execute-api:ManageConnections"},
		"DeleteConnection": {"execute-api:ManageConnections"},
	},
}

// fieldAction is an action an operation needs only when its input sets a
// field (to anything but its zero value).
type fieldAction struct {
	field  string
	action string
}

// s3ObjectWrite are the fields of PutObject, CreateMultipartUpload and
// CopyObject inputs that write more than the object.
var s3ObjectWrite = []fieldAction{
	{"Tagging", "s3:PutObjectTagging"},
	{"ACL", "s3:PutObjectAcl"},
	{"GrantFullControl", "s3:PutObjectAcl"},
	{"GrantRead", "s3:PutObjectAcl"},
	{"GrantReadACP", "s3:PutObjectAcl"},
	{"GrantWriteACP", "s3:PutObjectAcl"},
	{"ObjectLockMode", "s3:PutObjectRetention"},
	{"ObjectLockRetainUntilDate", "s3:PutObjectRetention"},
	{"ObjectLockLegalHoldStatus", "s3:PutObjectLegalHold"},
	// SSE-KMS with a named key: S3 asks KMS for a data key as the caller.
	{"SSEKMSKeyId", "kms:GenerateDataKey"},
}

// fieldActions lists, by IAM prefix and operation, the request fields that
// add an action (Service Authorization Reference, S3 API reference).
// docs/policy.md has the table; keep the two in step.
var fieldActions = map[string]map[string][]fieldAction{
	"s3": {
		"GetObject":           {{"VersionId", "s3:GetObjectVersion"}},
		"HeadObject":          {{"VersionId", "s3:GetObjectVersion"}},
		"GetObjectAttributes": {{"VersionId", "s3:GetObjectVersionAttributes"}},
		"GetObjectAcl":        {{"VersionId", "s3:GetObjectVersionAcl"}},
		"PutObjectAcl":        {{"VersionId", "s3:PutObjectVersionAcl"}},
		"GetObjectTagging":    {{"VersionId", "s3:GetObjectVersionTagging"}},
		"PutObjectTagging":    {{"VersionId", "s3:PutObjectVersionTagging"}},
		"DeleteObjectTagging": {{"VersionId", "s3:DeleteObjectVersionTagging"}},
		"DeleteObject": {{"VersionId", "s3:DeleteObjectVersion"},
			{"BypassGovernanceRetention", "s3:BypassGovernanceRetention"}},
		"DeleteObjects": {{"BypassGovernanceRetention", "s3:BypassGovernanceRetention"}},
		"PutObject":     s3ObjectWrite,
		// Parts encrypted with a KMS key are decrypted to complete the upload.
		"CreateMultipartUpload": append(slices.Clone(s3ObjectWrite), fieldAction{"SSEKMSKeyId", "kms:Decrypt"}),
		"CopyObject":            s3ObjectWrite,
	},
	"bedrock": {
		"Converse":                      {{"GuardrailConfig", "bedrock:ApplyGuardrail"}},
		"ConverseStream":                {{"GuardrailConfig", "bedrock:ApplyGuardrail"}},
		"InvokeModel":                   {{"GuardrailIdentifier", "bedrock:ApplyGuardrail"}},
		"InvokeModelWithResponseStream": {{"GuardrailIdentifier", "bedrock:ApplyGuardrail"}},
	},
	"secretsmanager": {
		"BatchGetSecretValue": {{"Filters", "secretsmanager:ListSecrets"}},
		"CreateSecret": {{"AddReplicaRegions", "secretsmanager:ReplicateSecretToRegions"},
			{"Tags", "secretsmanager:TagResource"}},
	},
	"kms": {
		"CreateKey": {{"Tags", "kms:TagResource"}},
	},
}

// serviceFieldActions lists actions any operation of a service needs when
// the Lambda function's code sets a field of that name in one of the
// service's structs (nested in an input): Rekognition and Textract read
// the images and documents named by an S3Object with the caller's
// permissions.
var serviceFieldActions = map[string][]fieldAction{
	"rekognition": {{"S3Object", "s3:GetObject"}},
	"textract":    {{"S3Object", "s3:GetObject"}},
}

// apiGatewayVerbs maps the leading word of an API Gateway control-plane
// operation to the HTTP verb IAM uses as its action (apigateway:GET, ...).
// API Gateway authorizes its management API by verb and resource path, not
// by operation name.
var apiGatewayVerbs = []struct{ prefix, verb string }{
	{"Get", "GET"},
	{"Create", "POST"},
	{"Generate", "POST"},
	{"TestInvoke", "POST"},
	{"Import", "PUT"},
	{"Put", "PUT"},
	{"Tag", "PUT"},
	{"Update", "PATCH"},
	{"Delete", "DELETE"},
	{"Flush", "DELETE"},
	{"Untag", "DELETE"},
	{"Reset", "DELETE"},
}

// actionsFor returns the IAM actions operation op of the service with IAM
// prefix prefix needs.
func actionsFor(prefix, op string) []string {
	if acts, ok := opActions[prefix][op]; ok {
		return acts
	}
	if prefix == "apigateway" {
		for _, v := range apiGatewayVerbs {
			if strings.HasPrefix(op, v.prefix) {
				return []string{"apigateway:" + v.verb}
			}
		}
		// An operation named otherwise: every verb, rather than too few.
		return []string{"apigateway:DELETE", "apigateway:GET", "apigateway:PATCH", "apigateway:POST", "apigateway:PUT"}
	}
	return []string{prefix + ":" + op}
}

// resKind says how a constant input field becomes a resource ARN.
type resKind int

const (
	resNone             resKind = iota // never scoped: Resource "*"
	resS3Bucket                        // arn:P:s3:::BUCKET
	resS3Object                        // arn:P:s3:::BUCKET/*
	resS3CopySource                    // "bucket/key" -> arn:P:s3:::bucket/*
	resDynamoTable                     // arn:P:dynamodb:*:*:table/NAME
	resDynamoTableIndex                // the table and its indexes
	resSQSURL                          // queue URL -> arn:P:sqs:REGION:ACCOUNT:NAME
	resSQSName                         // queue name -> arn:P:sqs:*:*:NAME
	resSNSTopicARN                     // a topic ARN, as given
	resSNSTopicName                    // topic name -> arn:P:sns:*:*:NAME
	resLambdaFunction                  // function name or ARN
)

// resSpec is how one (operation, action) pair is scoped: the input fields
// tried in order (the first one the call site sets is used) and the kind.
type resSpec struct {
	kind   resKind
	fields []string
}

// s3ObjectAction reports whether an S3 action applies to objects
// (arn:aws:s3:::bucket/*) rather than to the bucket.
func s3ObjectAction(action string) bool {
	name := strings.TrimPrefix(action, "s3:")
	for _, p := range []string{"GetObject", "PutObject", "DeleteObject", "RestoreObject", "AbortMultipartUpload", "ListMultipartUploadParts"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// resourceSpec returns how action (needed by operation op of the service
// with IAM prefix prefix) is scoped to a constant resource.
func resourceSpec(prefix, op, action string) resSpec {
	if !strings.HasPrefix(action, prefix+":") {
		return resSpec{} // another service's action: this input names none of its resources
	}
	switch prefix {
	case "s3":
		if action == "s3:ListAllMyBuckets" {
			return resSpec{}
		}
		if (op == "CopyObject" || op == "UploadPartCopy") && action == "s3:GetObject" {
			return resSpec{resS3CopySource, []string{"CopySource"}}
		}
		if s3ObjectAction(action) {
			return resSpec{resS3Object, []string{"Bucket"}}
		}
		return resSpec{resS3Bucket, []string{"Bucket"}}
	case "dynamodb":
		switch op {
		case "Query", "Scan":
			return resSpec{resDynamoTableIndex, []string{"TableName"}}
		}
		return resSpec{resDynamoTable, []string{"TableName"}}
	case "sqs":
		switch op {
		case "GetQueueUrl", "CreateQueue":
			return resSpec{resSQSName, []string{"QueueName"}}
		}
		return resSpec{resSQSURL, []string{"QueueUrl"}}
	case "sns":
		if op == "CreateTopic" {
			return resSpec{resSNSTopicName, []string{"Name"}}
		}
		return resSpec{resSNSTopicARN, []string{"TopicArn", "TargetArn"}}
	case "lambda":
		return resSpec{resLambdaFunction, []string{"FunctionName"}}
	}
	return resSpec{}
}
