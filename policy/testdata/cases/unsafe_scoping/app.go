// A resource name that code may overwrite through a pointer is not a
// constant: the action stays on "*".
package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

var sessionsTable = aws.String("hard-sessions")

var auditTable = aws.String("audit")

func init() {
	if t := os.Getenv("SESSIONS_TABLE"); t != "" {
		*sessionsTable = t
	}
}

var db = dynamodb.NewFromConfig(aws.Config{})

func Sessions(ctx context.Context) error {
	_, err := db.GetItem(ctx, &dynamodb.GetItemInput{TableName: sessionsTable})
	return err
}

func Audit(ctx context.Context) error {
	_, err := db.PutItem(ctx, &dynamodb.PutItemInput{TableName: auditTable})
	return err
}

func main() {}
