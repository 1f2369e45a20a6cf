// DynamoDB Scan and Query paginators.
package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/dynamodb"
)

const table = "orders"

func Report(ctx context.Context) (int, error) {
	db := dynamodb.NewFromConfig(aws.Config{})
	n := 0
	scan := dynamodb.NewScanPaginator(db, &dynamodb.ScanInput{TableName: aws.String(table)})
	for scan.HasMorePages() {
		page, err := scan.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		n += int(page.Count)
	}
	var api dynamodb.QueryAPIClient = db
	q := dynamodb.NewQueryPaginator(api, &dynamodb.QueryInput{TableName: aws.String(table), IndexName: aws.String("by-date")})
	if q.HasMorePages() {
		if _, err := q.NextPage(ctx); err != nil {
			return 0, err
		}
	}
	return n, nil
}

func main() {}
