package api

import (
	"context"

	"github.com/chalice-go/chalice"
)

// Note is a type of the second package named api.
type Note struct{ Text string }

//chalice:on_sns_message topic=MyTopic
func HandleSNS(ctx context.Context, e chalice.SNSEvent) error { return nil }

//chalice:lambda_function
func Echo(ctx context.Context, n Note) (Note, error) { return n, nil }
