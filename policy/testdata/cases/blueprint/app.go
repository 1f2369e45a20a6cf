// The app registers a blueprint package whose handlers call SNS and SQS.
package main

import (
	"context"

	_ "github.com/chalice-go/chalice/policy/testdata/cases/blueprint/notifications"
)

func Index(ctx context.Context) (map[string]string, error) {
	return map[string]string{"ok": "yes"}, nil
}

func main() {}
