// Code for the scaling benchmark: 50 Lambda functions sharing helpers,
// an interface with five implementations and package-level clients.
// Function i runs step i and step i+1: each Lambda function reaches two
// of the five services. See BenchmarkScaling in policy/bench_test.go.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sns"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

var (
	cfg = aws.Config{}
	s3c = s3.NewFromConfig(cfg)
	ddb = dynamodb.NewFromConfig(cfg)
	sqc = sqs.NewFromConfig(cfg)
	snc = sns.NewFromConfig(cfg)
	lmc = lambda.NewFromConfig(cfg)
)

type step interface {
	run(ctx context.Context) error
}

func each(ctx context.Context, steps ...step) error {
	for _, s := range steps {
		if err := s.run(ctx); err != nil {
			return err
		}
	}
	return nil
}

type step01 struct{}

func (step01) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t1")})
	return err
}

func F01(ctx context.Context) error {
	return each(ctx, step01{}, step02{})
}

type step02 struct{}

func (step02) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q2"), MessageBody: aws.String("x")})
	return err
}

func F02(ctx context.Context) error {
	return each(ctx, step02{}, step03{})
}

type step03 struct{}

func (step03) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t3"), Message: aws.String("x")})
	return err
}

func F03(ctx context.Context) error {
	return each(ctx, step03{}, step04{})
}

type step04 struct{}

func (step04) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f4")})
	return err
}

func F04(ctx context.Context) error {
	return each(ctx, step04{}, step05{})
}

type step05 struct{}

func (step05) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b5")})
	return err
}

func F05(ctx context.Context) error {
	return each(ctx, step05{}, step06{})
}

type step06 struct{}

func (step06) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t6")})
	return err
}

func F06(ctx context.Context) error {
	return each(ctx, step06{}, step07{})
}

type step07 struct{}

func (step07) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q7"), MessageBody: aws.String("x")})
	return err
}

func F07(ctx context.Context) error {
	return each(ctx, step07{}, step08{})
}

type step08 struct{}

func (step08) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t8"), Message: aws.String("x")})
	return err
}

func F08(ctx context.Context) error {
	return each(ctx, step08{}, step09{})
}

type step09 struct{}

func (step09) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f9")})
	return err
}

func F09(ctx context.Context) error {
	return each(ctx, step09{}, step10{})
}

type step10 struct{}

func (step10) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b10")})
	return err
}

func F10(ctx context.Context) error {
	return each(ctx, step10{}, step11{})
}

type step11 struct{}

func (step11) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t11")})
	return err
}

func F11(ctx context.Context) error {
	return each(ctx, step11{}, step12{})
}

type step12 struct{}

func (step12) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q12"), MessageBody: aws.String("x")})
	return err
}

func F12(ctx context.Context) error {
	return each(ctx, step12{}, step13{})
}

type step13 struct{}

func (step13) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t13"), Message: aws.String("x")})
	return err
}

func F13(ctx context.Context) error {
	return each(ctx, step13{}, step14{})
}

type step14 struct{}

func (step14) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f14")})
	return err
}

func F14(ctx context.Context) error {
	return each(ctx, step14{}, step15{})
}

type step15 struct{}

func (step15) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b15")})
	return err
}

func F15(ctx context.Context) error {
	return each(ctx, step15{}, step16{})
}

type step16 struct{}

func (step16) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t16")})
	return err
}

func F16(ctx context.Context) error {
	return each(ctx, step16{}, step17{})
}

type step17 struct{}

func (step17) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q17"), MessageBody: aws.String("x")})
	return err
}

func F17(ctx context.Context) error {
	return each(ctx, step17{}, step18{})
}

type step18 struct{}

func (step18) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t18"), Message: aws.String("x")})
	return err
}

func F18(ctx context.Context) error {
	return each(ctx, step18{}, step19{})
}

type step19 struct{}

func (step19) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f19")})
	return err
}

func F19(ctx context.Context) error {
	return each(ctx, step19{}, step20{})
}

type step20 struct{}

func (step20) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b20")})
	return err
}

func F20(ctx context.Context) error {
	return each(ctx, step20{}, step21{})
}

type step21 struct{}

func (step21) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t21")})
	return err
}

func F21(ctx context.Context) error {
	return each(ctx, step21{}, step22{})
}

type step22 struct{}

func (step22) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q22"), MessageBody: aws.String("x")})
	return err
}

func F22(ctx context.Context) error {
	return each(ctx, step22{}, step23{})
}

type step23 struct{}

func (step23) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t23"), Message: aws.String("x")})
	return err
}

func F23(ctx context.Context) error {
	return each(ctx, step23{}, step24{})
}

type step24 struct{}

func (step24) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f24")})
	return err
}

func F24(ctx context.Context) error {
	return each(ctx, step24{}, step25{})
}

type step25 struct{}

func (step25) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b25")})
	return err
}

func F25(ctx context.Context) error {
	return each(ctx, step25{}, step26{})
}

type step26 struct{}

func (step26) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t26")})
	return err
}

func F26(ctx context.Context) error {
	return each(ctx, step26{}, step27{})
}

type step27 struct{}

func (step27) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q27"), MessageBody: aws.String("x")})
	return err
}

func F27(ctx context.Context) error {
	return each(ctx, step27{}, step28{})
}

type step28 struct{}

func (step28) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t28"), Message: aws.String("x")})
	return err
}

func F28(ctx context.Context) error {
	return each(ctx, step28{}, step29{})
}

type step29 struct{}

func (step29) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f29")})
	return err
}

func F29(ctx context.Context) error {
	return each(ctx, step29{}, step30{})
}

type step30 struct{}

func (step30) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b30")})
	return err
}

func F30(ctx context.Context) error {
	return each(ctx, step30{}, step31{})
}

type step31 struct{}

func (step31) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t31")})
	return err
}

func F31(ctx context.Context) error {
	return each(ctx, step31{}, step32{})
}

type step32 struct{}

func (step32) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q32"), MessageBody: aws.String("x")})
	return err
}

func F32(ctx context.Context) error {
	return each(ctx, step32{}, step33{})
}

type step33 struct{}

func (step33) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t33"), Message: aws.String("x")})
	return err
}

func F33(ctx context.Context) error {
	return each(ctx, step33{}, step34{})
}

type step34 struct{}

func (step34) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f34")})
	return err
}

func F34(ctx context.Context) error {
	return each(ctx, step34{}, step35{})
}

type step35 struct{}

func (step35) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b35")})
	return err
}

func F35(ctx context.Context) error {
	return each(ctx, step35{}, step36{})
}

type step36 struct{}

func (step36) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t36")})
	return err
}

func F36(ctx context.Context) error {
	return each(ctx, step36{}, step37{})
}

type step37 struct{}

func (step37) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q37"), MessageBody: aws.String("x")})
	return err
}

func F37(ctx context.Context) error {
	return each(ctx, step37{}, step38{})
}

type step38 struct{}

func (step38) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t38"), Message: aws.String("x")})
	return err
}

func F38(ctx context.Context) error {
	return each(ctx, step38{}, step39{})
}

type step39 struct{}

func (step39) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f39")})
	return err
}

func F39(ctx context.Context) error {
	return each(ctx, step39{}, step40{})
}

type step40 struct{}

func (step40) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b40")})
	return err
}

func F40(ctx context.Context) error {
	return each(ctx, step40{}, step41{})
}

type step41 struct{}

func (step41) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t41")})
	return err
}

func F41(ctx context.Context) error {
	return each(ctx, step41{}, step42{})
}

type step42 struct{}

func (step42) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q42"), MessageBody: aws.String("x")})
	return err
}

func F42(ctx context.Context) error {
	return each(ctx, step42{}, step43{})
}

type step43 struct{}

func (step43) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t43"), Message: aws.String("x")})
	return err
}

func F43(ctx context.Context) error {
	return each(ctx, step43{}, step44{})
}

type step44 struct{}

func (step44) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f44")})
	return err
}

func F44(ctx context.Context) error {
	return each(ctx, step44{}, step45{})
}

type step45 struct{}

func (step45) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b45")})
	return err
}

func F45(ctx context.Context) error {
	return each(ctx, step45{}, step46{})
}

type step46 struct{}

func (step46) run(ctx context.Context) error {
	_, err := ddb.GetItem(ctx, &dynamodb.GetItemInput{TableName: aws.String("t46")})
	return err
}

func F46(ctx context.Context) error {
	return each(ctx, step46{}, step47{})
}

type step47 struct{}

func (step47) run(ctx context.Context) error {
	_, err := sqc.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String("https://sqs.us-east-1.amazonaws.com/123456789012/q47"), MessageBody: aws.String("x")})
	return err
}

func F47(ctx context.Context) error {
	return each(ctx, step47{}, step48{})
}

type step48 struct{}

func (step48) run(ctx context.Context) error {
	_, err := snc.Publish(ctx, &sns.PublishInput{TopicArn: aws.String("arn:aws:sns:us-east-1:123456789012:t48"), Message: aws.String("x")})
	return err
}

func F48(ctx context.Context) error {
	return each(ctx, step48{}, step49{})
}

type step49 struct{}

func (step49) run(ctx context.Context) error {
	_, err := lmc.Invoke(ctx, &lambda.InvokeInput{FunctionName: aws.String("f49")})
	return err
}

func F49(ctx context.Context) error {
	return each(ctx, step49{}, step50{})
}

type step50 struct{}

func (step50) run(ctx context.Context) error {
	_, err := s3c.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String("b50")})
	return err
}

func F50(ctx context.Context) error {
	return each(ctx, step50{}, step01{})
}

func main() {}
