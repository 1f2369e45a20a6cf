package awsdeploy

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/eventbridge"
	ebtypes "github.com/aws/aws-sdk-go-v2/service/eventbridge/types"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/aws-sdk-go-v2/service/sns"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func (d *Deployer) arn(service, resource string) string {
	return fmt.Sprintf("arn:%s:%s:%s:%s:%s", d.Partition, service, d.Region, d.Account, resource)
}

// TopicARN, QueueARN and StreamARN accept a name or an ARN.
func (d *Deployer) TopicARN(t string) string {
	if strings.HasPrefix(t, "arn:") {
		return t
	}
	return d.arn("sns", t)
}

func (d *Deployer) QueueARN(q string) string {
	if strings.HasPrefix(q, "arn:") {
		return q
	}
	return d.arn("sqs", q)
}

func (d *Deployer) StreamARN(s string) string {
	if strings.HasPrefix(s, "arn:") {
		return s
	}
	return d.arn("kinesis", "stream/"+s)
}

func (d *Deployer) ensureEvent(ctx context.Context, e *plan.EventSource, fnARN string, st *state.State) error {
	if fnARN == "" {
		return fmt.Errorf("event source %s: function %s was not deployed", e.StateName, e.Function)
	}
	rec := st.Get(e.StateName)
	switch e.Kind {
	case plan.SourceSchedule, plan.SourceCWEvent:
		return d.ensureRule(ctx, e, fnARN, st)
	case plan.SourceS3:
		if rec != nil && (rec.Type != state.TypeS3Event || rec.Bucket != e.Bucket) {
			if err := d.deleteResource(ctx, *rec, st); err != nil {
				return err
			}
		}
		return d.ensureS3(ctx, e, fnARN, st)
	case plan.SourceSNS:
		if rec != nil && (rec.Type != state.TypeSNSEvent || rec.TopicARN != d.TopicARN(e.Topic) || rec.LambdaARN != fnARN) {
			if err := d.deleteResource(ctx, *rec, st); err != nil {
				return err
			}
		}
		return d.ensureSNS(ctx, e, fnARN, st)
	case plan.SourceSQS, plan.SourceKinesis, plan.SourceDynamoDB:
		return d.ensureMapping(ctx, e, fnARN, rec, st)
	}
	return fmt.Errorf("event source %s: unknown kind %q", e.StateName, e.Kind)
}

func (d *Deployer) ensureRule(ctx context.Context, e *plan.EventSource, fnARN string, st *state.State) error {
	in := &eventbridge.PutRuleInput{Name: aws.String(e.RuleName), State: ebtypes.RuleStateEnabled}
	if e.Kind == plan.SourceSchedule {
		in.ScheduleExpression = aws.String(e.ScheduleExpression)
	} else {
		in.EventPattern = aws.String(e.EventPattern)
	}
	out, err := d.Clients.Events.PutRule(ctx, in)
	if err != nil {
		return wrap(err, "creating event rule %s", e.RuleName)
	}
	if err := d.record(st, state.Resource{Name: e.StateName, Type: state.TypeCloudWatchEvent, RuleName: e.RuleName}); err != nil {
		return err
	}
	tg, err := d.Clients.Events.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(e.RuleName), Targets: []ebtypes.Target{{Id: aws.String("1"), Arn: aws.String(fnARN)}}})
	if err != nil {
		return wrap(err, "targeting event rule %s at %s", e.RuleName, fnARN)
	}
	if tg.FailedEntryCount > 0 && len(tg.FailedEntries) > 0 {
		return fmt.Errorf("targeting event rule %s at %s: %s", e.RuleName, fnARN, aws.ToString(tg.FailedEntries[0].ErrorMessage))
	}
	return d.ensurePermission(ctx, fnARN, statementID("events", e.RuleName), "events.amazonaws.com", aws.ToString(out.RuleArn))
}

func (d *Deployer) ensureS3(ctx context.Context, e *plan.EventSource, fnARN string, st *state.State) error {
	bucketARN := fmt.Sprintf("arn:%s:s3:::%s", d.Partition, e.Bucket)
	if err := d.ensurePermission(ctx, fnARN, statementID("s3", e.Bucket), "s3.amazonaws.com", bucketARN); err != nil {
		return err
	}
	cur, err := d.Clients.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(e.Bucket)})
	if err != nil {
		return wrap(err, "reading the notification configuration of bucket %s", e.Bucket)
	}
	cfg := notificationConfig(cur)
	var rules []s3types.FilterRule
	if e.Prefix != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNamePrefix, Value: aws.String(e.Prefix)})
	}
	if e.Suffix != "" {
		rules = append(rules, s3types.FilterRule{Name: s3types.FilterRuleNameSuffix, Value: aws.String(e.Suffix)})
	}
	mine := s3types.LambdaFunctionConfiguration{Id: aws.String(notificationID(fnARN)), LambdaFunctionArn: aws.String(fnARN)}
	for _, ev := range e.Events {
		mine.Events = append(mine.Events, s3types.Event(ev))
	}
	if len(rules) > 0 {
		mine.Filter = &s3types.NotificationConfigurationFilter{Key: &s3types.S3KeyFilter{FilterRules: rules}}
	}
	cfg.LambdaFunctionConfigurations = slices.DeleteFunc(cfg.LambdaFunctionConfigurations, func(c s3types.LambdaFunctionConfiguration) bool {
		return aws.ToString(c.LambdaFunctionArn) == fnARN
	})
	cfg.LambdaFunctionConfigurations = append(cfg.LambdaFunctionConfigurations, mine)
	if _, err := d.Clients.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String(e.Bucket), NotificationConfiguration: cfg}); err != nil {
		return wrap(err, "configuring notifications of bucket %s", e.Bucket)
	}
	return d.record(st, state.Resource{Name: e.StateName, Type: state.TypeS3Event, Bucket: e.Bucket, LambdaARN: fnARN})
}

// notificationID names the bucket notification of a function.
func notificationID(fnARN string) string {
	return "chalice-" + fnARN[strings.LastIndexByte(fnARN, ':')+1:]
}

func notificationConfig(cur *s3.GetBucketNotificationConfigurationOutput) *s3types.NotificationConfiguration {
	return &s3types.NotificationConfiguration{
		LambdaFunctionConfigurations: cur.LambdaFunctionConfigurations,
		QueueConfigurations:          cur.QueueConfigurations,
		TopicConfigurations:          cur.TopicConfigurations,
		EventBridgeConfiguration:     cur.EventBridgeConfiguration,
	}
}

func (d *Deployer) ensureSNS(ctx context.Context, e *plan.EventSource, fnARN string, st *state.State) error {
	topic := d.TopicARN(e.Topic)
	if err := d.ensurePermission(ctx, fnARN, statementID("sns", topic[strings.LastIndexByte(topic, ':')+1:]), "sns.amazonaws.com", topic); err != nil {
		return err
	}
	var sub string
	p := sns.NewListSubscriptionsByTopicPaginator(d.Clients.SNS, &sns.ListSubscriptionsByTopicInput{TopicArn: aws.String(topic)})
	for p.HasMorePages() && sub == "" {
		page, err := p.NextPage(ctx)
		if err != nil {
			return wrap(err, "listing the subscriptions of SNS topic %s", topic)
		}
		for _, s := range page.Subscriptions {
			if aws.ToString(s.Protocol) == "lambda" && aws.ToString(s.Endpoint) == fnARN {
				sub = aws.ToString(s.SubscriptionArn)
			}
		}
	}
	if sub == "" {
		d.printf("Subscribing %s to SNS topic %s", fnARN[strings.LastIndexByte(fnARN, ':')+1:], e.Topic)
		out, err := d.Clients.SNS.Subscribe(ctx, &sns.SubscribeInput{TopicArn: aws.String(topic), Protocol: aws.String("lambda"), Endpoint: aws.String(fnARN), ReturnSubscriptionArn: true})
		if err != nil {
			return wrap(err, "subscribing %s to SNS topic %s", fnARN, topic)
		}
		sub = aws.ToString(out.SubscriptionArn)
	}
	return d.record(st, state.Resource{Name: e.StateName, Type: state.TypeSNSEvent, Topic: e.Topic, TopicARN: topic, LambdaARN: fnARN, SubscriptionARN: sub})
}

func (d *Deployer) ensureMapping(ctx context.Context, e *plan.EventSource, fnARN string, rec *state.Resource, st *state.State) error {
	var source string
	r := state.Resource{Name: e.StateName, LambdaARN: fnARN}
	switch e.Kind {
	case plan.SourceSQS:
		source = d.QueueARN(e.Queue)
		r.Type, r.Queue, r.QueueARN = state.TypeSQSEvent, e.Queue, source
	case plan.SourceKinesis:
		source = d.StreamARN(e.Stream)
		r.Type, r.StreamARN = state.TypeKinesisEvent, source
	default:
		source = e.StreamARN
		r.Type, r.StreamARN = state.TypeDynamoDBEvent, source
	}
	if rec != nil && (rec.Type != r.Type || (rec.QueueARN != "" && rec.QueueARN != source) || (rec.StreamARN != "" && rec.StreamARN != source)) {
		if err := d.deleteResource(ctx, *rec, st); err != nil {
			return err
		}
	}
	var existing *ltypes.EventSourceMappingConfiguration
	list, err := d.Clients.Lambda.ListEventSourceMappings(ctx, &lambda.ListEventSourceMappingsInput{EventSourceArn: aws.String(source), FunctionName: aws.String(fnARN)})
	if err != nil {
		return wrap(err, "listing the event source mappings of %s", fnARN)
	}
	for i, m := range list.EventSourceMappings {
		if aws.ToString(m.EventSourceArn) == source {
			existing = &list.EventSourceMappings[i]
			break
		}
	}
	var respTypes []ltypes.FunctionResponseType
	if e.ReportBatchItemFailures {
		respTypes = []ltypes.FunctionResponseType{ltypes.FunctionResponseTypeReportBatchItemFailures}
	}
	if existing == nil {
		in := &lambda.CreateEventSourceMappingInput{
			EventSourceArn: aws.String(source), FunctionName: aws.String(fnARN),
			BatchSize: aws.Int32(int32(e.BatchSize)), Enabled: aws.Bool(true),
			FunctionResponseTypes: respTypes,
		}
		if e.MaximumBatchingWindowInSeconds > 0 {
			in.MaximumBatchingWindowInSeconds = aws.Int32(int32(e.MaximumBatchingWindowInSeconds))
		}
		if e.StartingPosition != "" {
			in.StartingPosition = ltypes.EventSourcePosition(e.StartingPosition)
		}
		out, err := d.Clients.Lambda.CreateEventSourceMapping(ctx, in)
		if err != nil {
			return wrap(err, "connecting %s to %s", fnARN, source)
		}
		r.EventUUID = aws.ToString(out.UUID)
		return d.record(st, r)
	}
	r.EventUUID = aws.ToString(existing.UUID)
	if err := d.record(st, r); err != nil {
		return err
	}
	curTypes := existing.FunctionResponseTypes
	if aws.ToInt32(existing.BatchSize) != int32(e.BatchSize) ||
		aws.ToInt32(existing.MaximumBatchingWindowInSeconds) != int32(e.MaximumBatchingWindowInSeconds) ||
		!slices.Equal(curTypes, respTypes) {
		in := &lambda.UpdateEventSourceMappingInput{
			UUID: existing.UUID, BatchSize: aws.Int32(int32(e.BatchSize)),
			MaximumBatchingWindowInSeconds: aws.Int32(int32(e.MaximumBatchingWindowInSeconds)),
			FunctionResponseTypes:          respTypes,
		}
		if in.FunctionResponseTypes == nil {
			in.FunctionResponseTypes = []ltypes.FunctionResponseType{}
		}
		if _, err := d.Clients.Lambda.UpdateEventSourceMapping(ctx, in); err != nil {
			return wrap(err, "updating the event source mapping %s", r.EventUUID)
		}
	}
	return nil
}

func (d *Deployer) deleteRule(ctx context.Context, r state.Resource) error {
	if r.RuleName == "" {
		return nil
	}
	d.printf("Deleting event rule: %s", r.RuleName)
	if _, err := d.Clients.Events.RemoveTargets(ctx, &eventbridge.RemoveTargetsInput{Rule: aws.String(r.RuleName), Ids: []string{"1"}}); err != nil && !isNotFound(err) {
		return wrap(err, "removing the targets of event rule %s", r.RuleName)
	}
	if _, err := d.Clients.Events.DeleteRule(ctx, &eventbridge.DeleteRuleInput{Name: aws.String(r.RuleName)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting event rule %s", r.RuleName)
	}
	return nil
}

func (d *Deployer) deleteS3Event(ctx context.Context, r state.Resource) error {
	if r.Bucket == "" {
		return nil
	}
	d.printf("Removing S3 notification of bucket: %s", r.Bucket)
	cur, err := d.Clients.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(r.Bucket)})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return wrap(err, "reading the notification configuration of bucket %s", r.Bucket)
	}
	cfg := notificationConfig(cur)
	n := len(cfg.LambdaFunctionConfigurations)
	cfg.LambdaFunctionConfigurations = slices.DeleteFunc(cfg.LambdaFunctionConfigurations, func(c s3types.LambdaFunctionConfiguration) bool {
		return aws.ToString(c.LambdaFunctionArn) == r.LambdaARN
	})
	if len(cfg.LambdaFunctionConfigurations) == n {
		return nil
	}
	if _, err := d.Clients.S3.PutBucketNotificationConfiguration(ctx, &s3.PutBucketNotificationConfigurationInput{Bucket: aws.String(r.Bucket), NotificationConfiguration: cfg}); err != nil && !isNotFound(err) {
		return wrap(err, "removing the notification of bucket %s", r.Bucket)
	}
	return nil
}

func (d *Deployer) deleteSNSEvent(ctx context.Context, r state.Resource) error {
	if r.SubscriptionARN == "" {
		return nil
	}
	d.printf("Unsubscribing from SNS topic: %s", r.Topic)
	if _, err := d.Clients.SNS.Unsubscribe(ctx, &sns.UnsubscribeInput{SubscriptionArn: aws.String(r.SubscriptionARN)}); err != nil && !isNotFound(err) {
		return wrap(err, "unsubscribing %s", r.SubscriptionARN)
	}
	return nil
}

func (d *Deployer) deleteMapping(ctx context.Context, r state.Resource) error {
	if r.EventUUID == "" {
		return nil
	}
	d.printf("Deleting event source mapping: %s", r.EventUUID)
	if _, err := d.Clients.Lambda.DeleteEventSourceMapping(ctx, &lambda.DeleteEventSourceMappingInput{UUID: aws.String(r.EventUUID)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting event source mapping %s", r.EventUUID)
	}
	return nil
}

// deleteResource deletes one recorded resource (already-gone resources are
// fine) and forgets it.
func (d *Deployer) deleteResource(ctx context.Context, r state.Resource, st *state.State) error {
	var err error
	switch r.Type {
	case state.TypeRestAPI:
		err = d.deleteRestAPI(ctx, r)
	case state.TypeWebsocketAPI:
		err = d.deleteWebsocketAPI(ctx, r)
	case state.TypeLambdaFunction:
		err = d.deleteFunction(ctx, r)
	case state.TypeIAMRole:
		err = d.deleteRole(ctx, r)
	case state.TypeCloudWatchEvent:
		err = d.deleteRule(ctx, r)
	case state.TypeS3Event:
		err = d.deleteS3Event(ctx, r)
	case state.TypeSNSEvent:
		err = d.deleteSNSEvent(ctx, r)
	case state.TypeSQSEvent, state.TypeKinesisEvent, state.TypeDynamoDBEvent:
		err = d.deleteMapping(ctx, r)
	default:
		return fmt.Errorf("deployed resource %s has type %q, which this chalicegen cannot delete; delete it yourself and remove it from the state file", r.Name, r.Type)
	}
	if err != nil {
		return err
	}
	return d.forget(st, r.Name)
}
