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

func (d *Deployer) ensureEvent(ctx context.Context, e plan.Event, st *state.State) error {
	b := e.Base()
	fnARN, err := d.resolve(plan.FunctionARN(b.Function))
	if err != nil {
		return fmt.Errorf("event source %s: %w", b.StateName, err)
	}
	var rec *state.Resource
	if r, ok := d.lookup(st, "", b.StateName); ok {
		rec = &r
	}
	switch e := e.(type) {
	case *plan.ScheduleEvent:
		return d.ensureRule(ctx, b, &e.Rule, func(in *eventbridge.PutRuleInput) { in.ScheduleExpression = aws.String(e.ScheduleExpression) }, fnARN, st)
	case *plan.CloudWatchEvent:
		return d.ensureRule(ctx, b, &e.Rule, func(in *eventbridge.PutRuleInput) { in.EventPattern = aws.String(e.EventPattern) }, fnARN, st)
	case *plan.S3Event:
		if rec != nil && (rec.Type != state.TypeS3Event || rec.Bucket != e.Bucket) {
			if err := d.deleteResource(ctx, *rec, st); err != nil {
				return err
			}
		}
		return d.ensureS3(ctx, e, fnARN, st)
	case *plan.SNSEvent:
		topic, err := d.resolve(e.TopicARN)
		if err != nil {
			return err
		}
		if rec != nil && (rec.Type != state.TypeSNSEvent || rec.TopicARN != topic || rec.LambdaARN != fnARN) {
			if err := d.deleteResource(ctx, *rec, st); err != nil {
				return err
			}
		}
		return d.ensureSNS(ctx, e, topic, fnARN, st)
	case *plan.SQSEvent:
		source, err := d.resolve(e.QueueARN)
		if err != nil {
			return err
		}
		r := state.Resource{Name: b.StateName, LambdaARN: fnARN, Type: state.TypeSQSEvent, Queue: e.Queue, QueueARN: source}
		var respTypes []ltypes.FunctionResponseType
		if e.ReportBatchItemFailures {
			respTypes = []ltypes.FunctionResponseType{ltypes.FunctionResponseTypeReportBatchItemFailures}
		}
		return d.ensureMapping(ctx, r, source, e.Mapping, "", respTypes, rec, st)
	case *plan.KinesisEvent:
		source, err := d.resolve(e.StreamARN)
		if err != nil {
			return err
		}
		r := state.Resource{Name: b.StateName, LambdaARN: fnARN, Type: state.TypeKinesisEvent, StreamARN: source}
		return d.ensureMapping(ctx, r, source, e.Mapping, e.StartingPosition, nil, rec, st)
	case *plan.DynamoDBEvent:
		source, err := d.resolve(e.StreamARN)
		if err != nil {
			return err
		}
		r := state.Resource{Name: b.StateName, LambdaARN: fnARN, Type: state.TypeDynamoDBEvent, StreamARN: source}
		return d.ensureMapping(ctx, r, source, e.Mapping, e.StartingPosition, nil, rec, st)
	}
	return fmt.Errorf("event source %s: unknown kind %T", b.StateName, e)
}

func (d *Deployer) ensureRule(ctx context.Context, b *plan.EventBase, rule *plan.Rule, set func(*eventbridge.PutRuleInput), fnARN string, st *state.State) error {
	ev := d.Clients.Events
	in := &eventbridge.PutRuleInput{Name: aws.String(rule.Name), State: ebtypes.RuleStateEnabled}
	set(in)
	var ruleARN string
	cur, err := ev.DescribeRule(ctx, &eventbridge.DescribeRuleInput{Name: aws.String(rule.Name)})
	switch {
	case err == nil && ruleMatches(in, cur):
		ruleARN = aws.ToString(cur.Arn)
	case err == nil || isNotFound(err):
		out, err := ev.PutRule(ctx, in)
		if err != nil {
			return wrap(err, "creating event rule %s", rule.Name)
		}
		ruleARN = aws.ToString(out.RuleArn)
	default:
		return wrap(err, "reading event rule %s", rule.Name)
	}
	d.known(plan.Ref{Kind: plan.RefRuleARN, Name: b.StateName}, ruleARN)
	if err := d.record(st, state.Resource{Name: b.StateName, Type: state.TypeCloudWatchEvent, RuleName: rule.Name}); err != nil {
		return err
	}
	targets, err := ev.ListTargetsByRule(ctx, &eventbridge.ListTargetsByRuleInput{Rule: aws.String(rule.Name)})
	if err != nil {
		return wrap(err, "reading the targets of event rule %s", rule.Name)
	}
	if !slices.ContainsFunc(targets.Targets, func(t ebtypes.Target) bool {
		return aws.ToString(t.Id) == "1" && aws.ToString(t.Arn) == fnARN
	}) {
		tg, err := ev.PutTargets(ctx, &eventbridge.PutTargetsInput{Rule: aws.String(rule.Name), Targets: []ebtypes.Target{{Id: aws.String("1"), Arn: aws.String(fnARN)}}})
		if err != nil {
			return wrap(err, "targeting event rule %s at %s", rule.Name, fnARN)
		}
		if tg.FailedEntryCount > 0 && len(tg.FailedEntries) > 0 {
			return fmt.Errorf("targeting event rule %s at %s: %s", rule.Name, fnARN, aws.ToString(tg.FailedEntries[0].ErrorMessage))
		}
	}
	return d.ensurePermission(ctx, rule.Permission)
}

// ruleMatches reports whether a live rule already has the wanted schedule
// or pattern and is enabled.
func ruleMatches(want *eventbridge.PutRuleInput, cur *eventbridge.DescribeRuleOutput) bool {
	if cur.State != want.State || aws.ToString(cur.ScheduleExpression) != aws.ToString(want.ScheduleExpression) {
		return false
	}
	if want.EventPattern == nil {
		return cur.EventPattern == nil || aws.ToString(cur.EventPattern) == ""
	}
	return sameJSON(aws.ToString(cur.EventPattern), aws.ToString(want.EventPattern))
}

func (d *Deployer) ensureS3(ctx context.Context, e *plan.S3Event, fnARN string, st *state.State) error {
	if err := d.ensurePermission(ctx, e.Permission); err != nil {
		return err
	}
	cur, err := d.Clients.S3.GetBucketNotificationConfiguration(ctx, &s3.GetBucketNotificationConfigurationInput{Bucket: aws.String(e.Bucket)})
	if err != nil {
		return wrap(err, "reading the notification configuration of bucket %s", e.Bucket)
	}
	cfg := notificationConfig(cur)
	mine := notification(e, fnARN)
	if slices.ContainsFunc(cfg.LambdaFunctionConfigurations, func(c s3types.LambdaFunctionConfiguration) bool { return sameNotification(c, mine) }) {
		d.debugf("bucket %s: notification of %s unchanged", e.Bucket, fnARN)
		return d.record(st, state.Resource{Name: e.StateName, Type: state.TypeS3Event, Bucket: e.Bucket, LambdaARN: fnARN})
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

// notification is the bucket notification an S3 event source wants.
func notification(e *plan.S3Event, fnARN string) s3types.LambdaFunctionConfiguration {
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
	return mine
}

// sameNotification compares two Lambda notifications by ID, function,
// events (as sets) and key filter rules (names case-insensitively, as S3
// echoes them in either case).
func sameNotification(a, b s3types.LambdaFunctionConfiguration) bool {
	if aws.ToString(a.Id) != aws.ToString(b.Id) || aws.ToString(a.LambdaFunctionArn) != aws.ToString(b.LambdaFunctionArn) {
		return false
	}
	ev := func(c s3types.LambdaFunctionConfiguration) []string {
		var out []string
		for _, e := range c.Events {
			out = append(out, string(e))
		}
		slices.Sort(out)
		return out
	}
	rules := func(c s3types.LambdaFunctionConfiguration) []string {
		var out []string
		if c.Filter != nil && c.Filter.Key != nil {
			for _, r := range c.Filter.Key.FilterRules {
				out = append(out, strings.ToLower(string(r.Name))+"="+aws.ToString(r.Value))
			}
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(ev(a), ev(b)) && slices.Equal(rules(a), rules(b))
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

func (d *Deployer) ensureSNS(ctx context.Context, e *plan.SNSEvent, topic, fnARN string, st *state.State) error {
	if err := d.ensurePermission(ctx, e.Permission); err != nil {
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

func (d *Deployer) ensureMapping(ctx context.Context, r state.Resource, source string, m plan.Mapping, startAt string, respTypes []ltypes.FunctionResponseType, rec *state.Resource, st *state.State) error {
	fnARN := r.LambdaARN
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
	if existing == nil {
		in := &lambda.CreateEventSourceMappingInput{
			EventSourceArn: aws.String(source), FunctionName: aws.String(fnARN),
			BatchSize: aws.Int32(int32(m.BatchSize)), Enabled: aws.Bool(true),
			FunctionResponseTypes: respTypes,
		}
		if m.MaximumBatchingWindowInSeconds > 0 {
			in.MaximumBatchingWindowInSeconds = aws.Int32(int32(m.MaximumBatchingWindowInSeconds))
		}
		if startAt != "" {
			in.StartingPosition = ltypes.EventSourcePosition(startAt)
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
	if aws.ToInt32(existing.BatchSize) != int32(m.BatchSize) ||
		aws.ToInt32(existing.MaximumBatchingWindowInSeconds) != int32(m.MaximumBatchingWindowInSeconds) ||
		!slices.Equal(curTypes, respTypes) {
		in := &lambda.UpdateEventSourceMappingInput{
			UUID: existing.UUID, BatchSize: aws.Int32(int32(m.BatchSize)),
			MaximumBatchingWindowInSeconds: aws.Int32(int32(m.MaximumBatchingWindowInSeconds)),
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
	case state.TypeHTTPAPI:
		err = d.deleteHTTPAPI(ctx, r)
	case state.TypeDomainName:
		err = d.deleteDomain(ctx, r)
	case state.TypeFunctionURL:
		err = d.deleteFunctionURL(ctx, r)
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
