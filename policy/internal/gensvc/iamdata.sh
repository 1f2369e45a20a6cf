#!/bin/sh
# Writes policy/testdata/iam_prefixes.tsv (every IAM service prefix and its
# service name) and policy/testdata/iam_actions.txt (the actions of the
# prefixes the policy tables use), as the Service Authorization Reference
# publishes them. The data is read from a checkout of cloudtools/awacs,
# whose awacs/<service>.py files are generated from that reference (one
# `prefix = "..."` line and one `X = Action("X")` line per action); the
# checked-in files came from awacs commit 1a5fbf8.
#
#	sh policy/internal/gensvc/iamdata.sh /path/to/awacs
set -eu
awacs=$1
out=$(dirname "$0")/../../testdata
tables=" s3 s3-object-lambda dynamodb sqs sns lambda execute-api bedrock secretsmanager kms sts elasticfilesystem ec2 vpc-lattice cloudwatch tag logs states events ses xray kinesis apigateway iot ssm firehose rekognition textract comprehend translate polly cognito-idp appconfig scheduler sagemaker rds-data timestream "
: >"$out/iam_prefixes.tsv.tmp"
: >"$out/iam_actions.txt.tmp"
for f in "$awacs"/awacs/*.py; do
	p=$(sed -n 's/^prefix = "\(.*\)"$/\1/p' "$f" | head -1)
	[ -n "$p" ] || continue
	n=$(sed -n 's/^service_name = "\(.*\)"$/\1/p' "$f" | head -1)
	printf '%s\t%s\n' "$p" "$n" >>"$out/iam_prefixes.tsv.tmp"
	case "$tables" in
	*" $p "*) sed -n "s/^[A-Za-z0-9]* = Action(\"\([A-Za-z0-9]*\)\")$/$p:\1/p" "$f" >>"$out/iam_actions.txt.tmp" ;;
	esac
done
LC_ALL=C sort "$out/iam_prefixes.tsv.tmp" >"$out/iam_prefixes.tsv"
LC_ALL=C sort -u "$out/iam_actions.txt.tmp" >"$out/iam_actions.txt"
rm "$out/iam_prefixes.tsv.tmp" "$out/iam_actions.txt.tmp"
