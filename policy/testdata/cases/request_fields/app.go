// A request field can add an action: VersionId reads or deletes a version,
// Tagging and ACL on a PutObject write tags and ACLs, object lock fields
// set retention and legal holds.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
)

var client = s3.NewFromConfig(aws.Config{})

func Latest(ctx context.Context) error {
	_, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("docs"), Key: aws.String("k")})
	return err
}

func Version(ctx context.Context, v string) error {
	_, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String("docs"), Key: aws.String("k"), VersionId: aws.String(v)})
	return err
}

func Purge(ctx context.Context, v string) error {
	_, err := client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String("docs"), Key: aws.String("k"), VersionId: &v})
	return err
}

func Put(ctx context.Context) error {
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:  aws.String("docs"),
		Key:     aws.String("k"),
		Tagging: aws.String("team=a"),
		ACL:     types.ObjectCannedACLPrivate,
	})
	return err
}

func Lock(ctx context.Context) error {
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:                    aws.String("vault"),
		Key:                       aws.String("k"),
		ObjectLockLegalHoldStatus: types.ObjectLockLegalHoldStatusOn,
	})
	return err
}

func Encrypted(ctx context.Context) error {
	_, err := client.PutObject(ctx, &s3.PutObjectInput{
		Bucket:      aws.String("secure"),
		Key:         aws.String("k"),
		SSEKMSKeyId: aws.String("arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"),
	})
	return err
}

// fromHelper's input is built elsewhere: the fields its code anywhere sets
// count (here, none of the field-dependent ones).
func FromHelper(ctx context.Context) error {
	_, err := client.GetObject(ctx, input("docs"))
	return err
}

func input(b string) *s3.GetObjectInput { return &s3.GetObjectInput{Bucket: &b, Key: aws.String("k")} }

func main() {}
