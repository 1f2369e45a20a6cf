// Command codecommit subscribes a Lambda function to CloudWatch Events
// (EventBridge): every event from AWS CodeCommit, as in the spec's
// on_cw_event example. The event's detail is decoded into a typed struct.
package main

//go:generate go tool chalicegen

import (
	"context"
	"fmt"

	"github.com/chalice-go/chalice"
)

// repositoryChange is the detail of a "CodeCommit Repository State Change".
type repositoryChange struct {
	Event          string `json:"event"` // referenceCreated, referenceUpdated, referenceDeleted
	RepositoryName string `json:"repositoryName"`
	ReferenceType  string `json:"referenceType"` // branch, tag
	ReferenceName  string `json:"referenceName"`
	CommitID       string `json:"commitId"`
	OldCommitID    string `json:"oldCommitId"`
}

//chalice:on_cw_event {"source": ["aws.codecommit"]} name=on_code_commit_changes
func onCodeCommitChanges(ctx context.Context, event chalice.CloudWatchEvent) error {
	log := chalice.Logger(ctx)
	if event.DetailType != "CodeCommit Repository State Change" {
		log.Info(fmt.Sprintf("Ignoring %q from %s", event.DetailType, event.Source))
		return nil
	}
	change, err := chalice.DetailAs[repositoryChange](event)
	if err != nil {
		return fmt.Errorf("decoding CodeCommit detail: %w", err)
	}
	switch change.Event {
	case "referenceCreated":
		log.Info(fmt.Sprintf("%s: %s %s created at %s", change.RepositoryName, change.ReferenceType, change.ReferenceName, change.CommitID))
	case "referenceDeleted":
		log.Info(fmt.Sprintf("%s: %s %s deleted", change.RepositoryName, change.ReferenceType, change.ReferenceName))
	default:
		log.Info(fmt.Sprintf("%s: %s %s moved %s -> %s", change.RepositoryName, change.ReferenceType, change.ReferenceName, change.OldCommitID, change.CommitID))
	}
	return nil
}
