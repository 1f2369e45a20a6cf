package awsdeploy

import (
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatchlogs"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func (d *Deployer) ensureFunction(ctx context.Context, f *plan.Function, role, codeSHA string, zip []byte, st *state.State) (string, error) {
	got, err := d.getFunction(ctx, f.Name)
	var arn string
	if isNotFound(err) {
		d.printf("Creating lambda function: %s", f.Name)
		arn, err = d.createFunction(ctx, f, role, zip)
		if err != nil {
			return "", err
		}
		if err := d.record(st, state.Resource{Name: f.Logical, Type: state.TypeLambdaFunction, LambdaARN: arn}); err != nil {
			return "", err
		}
	} else if err != nil {
		return "", wrap(err, "reading lambda function %s", f.Name)
	} else {
		cfg := got.Configuration
		arn = aws.ToString(cfg.FunctionArn)
		d.printf("Updating lambda function: %s", f.Name)
		if err := d.record(st, state.Resource{Name: f.Logical, Type: state.TypeLambdaFunction, LambdaARN: arn}); err != nil {
			return "", err
		}
		if err := d.updateFunction(ctx, f, role, cfg, codeSHA, zip); err != nil {
			return "", err
		}
		if err := d.syncTags(ctx, f, arn, got.Tags); err != nil {
			return "", err
		}
	}
	if err := d.syncConcurrency(ctx, f); err != nil {
		return "", err
	}
	return arn, nil
}

func functionEnv(f *plan.Function) *ltypes.Environment {
	return &ltypes.Environment{Variables: maps.Clone(nonNil(f.Environment))}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func vpcConfig(f *plan.Function) *ltypes.VpcConfig {
	return &ltypes.VpcConfig{SubnetIds: nonNilList(f.SubnetIDs), SecurityGroupIds: nonNilList(f.SecurityGroupIDs)}
}

func nonNilList(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func tracing(f *plan.Function) *ltypes.TracingConfig {
	if f.XRay {
		return &ltypes.TracingConfig{Mode: ltypes.TracingModeActive}
	}
	return &ltypes.TracingConfig{Mode: ltypes.TracingModePassThrough}
}

func (d *Deployer) createFunction(ctx context.Context, f *plan.Function, role string, zip []byte) (string, error) {
	in := &lambda.CreateFunctionInput{
		FunctionName:     aws.String(f.Name),
		Role:             aws.String(role),
		Runtime:          ltypes.Runtime(f.Runtime),
		Handler:          aws.String(f.Handler),
		Architectures:    []ltypes.Architecture{ltypes.Architecture(f.Architecture)},
		Code:             &ltypes.FunctionCode{ZipFile: zip},
		MemorySize:       aws.Int32(int32(f.MemorySize)),
		Timeout:          aws.Int32(int32(f.Timeout)),
		EphemeralStorage: &ltypes.EphemeralStorage{Size: aws.Int32(int32(f.EphemeralStorage))},
		Environment:      functionEnv(f),
		Tags:             f.Tags,
		Layers:           f.Layers,
		TracingConfig:    tracing(f),
	}
	if len(f.SubnetIDs) > 0 {
		in.VpcConfig = vpcConfig(f)
	}
	wait := d.RoleRetry
	if wait == 0 {
		wait = 60 * time.Second
	}
	deadline := time.Now().Add(wait)
	for {
		out, err := d.Clients.Lambda.CreateFunction(ctx, in)
		if err == nil {
			arn := aws.ToString(out.FunctionArn)
			return arn, d.waitFunction(ctx, f.Name)
		}
		// A role created moments ago may not be assumable yet.
		if apiCode(err) == "InvalidParameterValueException" && strings.Contains(err.Error(), "role") && time.Now().Before(deadline) {
			d.debugf("role %s not assumable yet; retrying", role)
			select {
			case <-ctx.Done():
				return "", ctx.Err()
			case <-time.After(2 * d.poll()):
			}
			continue
		}
		return "", wrap(err, "creating lambda function %s", f.Name)
	}
}

// waitFunction waits until the function accepts the next update.
func (d *Deployer) waitFunction(ctx context.Context, name string) error {
	deadline := time.Now().Add(5 * time.Minute)
	for {
		c, err := d.Clients.Lambda.GetFunctionConfiguration(ctx, &lambda.GetFunctionConfigurationInput{FunctionName: aws.String(name)})
		if err != nil {
			return wrap(err, "waiting for lambda function %s", name)
		}
		if c.State == ltypes.StateFailed {
			return wrapText("lambda function %s failed: %s", name, aws.ToString(c.StateReason))
		}
		if c.LastUpdateStatus == ltypes.LastUpdateStatusFailed {
			return wrapText("updating lambda function %s failed: %s", name, aws.ToString(c.LastUpdateStatusReason))
		}
		if c.State != ltypes.StatePending && c.LastUpdateStatus != ltypes.LastUpdateStatusInProgress {
			return nil
		}
		if time.Now().After(deadline) {
			return wrapText("lambda function %s is still updating after 5 minutes", name)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(d.poll()):
		}
	}
}

// configDiff names the configuration fields of a live function that differ
// from the plan's.
func configDiff(f *plan.Function, role string, cfg *ltypes.FunctionConfiguration) []string {
	var curEnv map[string]string
	if cfg.Environment != nil {
		curEnv = cfg.Environment.Variables
	}
	var curLayers []string
	for _, l := range cfg.Layers {
		curLayers = append(curLayers, aws.ToString(l.Arn))
	}
	var curSubnets, curSGs []string
	if cfg.VpcConfig != nil {
		curSubnets, curSGs = cfg.VpcConfig.SubnetIds, cfg.VpcConfig.SecurityGroupIds
	}
	curTrace := ltypes.TracingModePassThrough
	if cfg.TracingConfig != nil && cfg.TracingConfig.Mode != "" {
		curTrace = cfg.TracingConfig.Mode
	}
	curEph := int32(512)
	if cfg.EphemeralStorage != nil && cfg.EphemeralStorage.Size != nil {
		curEph = *cfg.EphemeralStorage.Size
	}
	var diff []string
	for _, c := range []struct {
		name    string
		differs bool
	}{
		{"runtime", string(cfg.Runtime) != f.Runtime},
		{"handler", aws.ToString(cfg.Handler) != f.Handler},
		{"role", role != "" && aws.ToString(cfg.Role) != role},
		{"memory", aws.ToInt32(cfg.MemorySize) != int32(f.MemorySize)},
		{"timeout", aws.ToInt32(cfg.Timeout) != int32(f.Timeout)},
		{"ephemeral storage", curEph != int32(f.EphemeralStorage)},
		{"environment", !maps.Equal(nonNil(curEnv), nonNil(f.Environment))},
		{"layers", !slices.Equal(nonNilList(curLayers), nonNilList(f.Layers))},
		{"VPC", !sameSet(curSubnets, f.SubnetIDs) || !sameSet(curSGs, f.SecurityGroupIDs)},
		{"tracing", curTrace != tracing(f).Mode},
	} {
		if c.differs {
			diff = append(diff, c.name)
		}
	}
	return diff
}

// codeDiffers reports whether the live function's code or architecture
// differs from the package's.
func codeDiffers(f *plan.Function, cfg *ltypes.FunctionConfiguration, codeSHA string) bool {
	archChanged := len(cfg.Architectures) != 1 || string(cfg.Architectures[0]) != f.Architecture
	return aws.ToString(cfg.CodeSha256) != codeSHA || archChanged
}

func (d *Deployer) updateFunction(ctx context.Context, f *plan.Function, role string, cfg *ltypes.FunctionConfiguration, codeSHA string, zip []byte) error {
	changed := len(configDiff(f, role, cfg)) > 0
	if changed {
		d.debugf("lambda function %s: updating its configuration", f.Name)
		_, err := d.Clients.Lambda.UpdateFunctionConfiguration(ctx, &lambda.UpdateFunctionConfigurationInput{
			FunctionName:     aws.String(f.Name),
			Role:             aws.String(role),
			Runtime:          ltypes.Runtime(f.Runtime),
			Handler:          aws.String(f.Handler),
			MemorySize:       aws.Int32(int32(f.MemorySize)),
			Timeout:          aws.Int32(int32(f.Timeout)),
			EphemeralStorage: &ltypes.EphemeralStorage{Size: aws.Int32(int32(f.EphemeralStorage))},
			Environment:      functionEnv(f),
			Layers:           nonNilList(f.Layers),
			VpcConfig:        vpcConfig(f),
			TracingConfig:    tracing(f),
		})
		if err != nil {
			return wrap(err, "updating the configuration of lambda function %s", f.Name)
		}
		if err := d.waitFunction(ctx, f.Name); err != nil {
			return err
		}
	}
	if !codeDiffers(f, cfg, codeSHA) {
		d.debugf("lambda function %s: code unchanged (CodeSha256 %s)", f.Name, codeSHA)
		return nil
	}
	d.debugf("lambda function %s: updating its code", f.Name)
	if _, err := d.Clients.Lambda.UpdateFunctionCode(ctx, &lambda.UpdateFunctionCodeInput{
		FunctionName:  aws.String(f.Name),
		ZipFile:       zip,
		Architectures: []ltypes.Architecture{ltypes.Architecture(f.Architecture)},
	}); err != nil {
		return wrap(err, "updating the code of lambda function %s", f.Name)
	}
	return d.waitFunction(ctx, f.Name)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(nonNilList(a), nonNilList(b))
}

func (d *Deployer) syncTags(ctx context.Context, f *plan.Function, arn string, cur map[string]string) error {
	add := map[string]string{}
	for k, v := range f.Tags {
		if cur[k] != v {
			add[k] = v
		}
	}
	var remove []string
	for k := range cur {
		if _, ok := f.Tags[k]; !ok && !strings.HasPrefix(k, "aws:") {
			remove = append(remove, k)
		}
	}
	if len(add) > 0 {
		if _, err := d.Clients.Lambda.TagResource(ctx, &lambda.TagResourceInput{Resource: aws.String(arn), Tags: add}); err != nil {
			return wrap(err, "tagging lambda function %s", f.Name)
		}
	}
	if len(remove) > 0 {
		slices.Sort(remove)
		if _, err := d.Clients.Lambda.UntagResource(ctx, &lambda.UntagResourceInput{Resource: aws.String(arn), TagKeys: remove}); err != nil {
			return wrap(err, "untagging lambda function %s", f.Name)
		}
	}
	return nil
}

func (d *Deployer) syncConcurrency(ctx context.Context, f *plan.Function) error {
	cur, err := d.getConcurrency(ctx, f.Name)
	if err != nil {
		return wrap(err, "reading the reserved concurrency of lambda function %s", f.Name)
	}
	switch {
	case f.ReservedConcurrency == nil && cur.ReservedConcurrentExecutions != nil:
		if _, err := d.Clients.Lambda.DeleteFunctionConcurrency(ctx, &lambda.DeleteFunctionConcurrencyInput{FunctionName: aws.String(f.Name)}); err != nil {
			return wrap(err, "removing the reserved concurrency of lambda function %s", f.Name)
		}
	case f.ReservedConcurrency != nil && (cur.ReservedConcurrentExecutions == nil || *cur.ReservedConcurrentExecutions != int32(*f.ReservedConcurrency)):
		if _, err := d.Clients.Lambda.PutFunctionConcurrency(ctx, &lambda.PutFunctionConcurrencyInput{
			FunctionName: aws.String(f.Name), ReservedConcurrentExecutions: aws.Int32(int32(*f.ReservedConcurrency)),
		}); err != nil {
			return wrap(err, "setting the reserved concurrency of lambda function %s", f.Name)
		}
	}
	return nil
}

func (d *Deployer) ensureLogGroup(ctx context.Context, g *plan.LogGroup) error {
	group := g.Name
	groups, err := d.Clients.Logs.DescribeLogGroups(ctx, &cloudwatchlogs.DescribeLogGroupsInput{LogGroupNamePrefix: aws.String(group)})
	if err != nil {
		return wrap(err, "reading log group %s", group)
	}
	for _, lg := range groups.LogGroups {
		if aws.ToString(lg.LogGroupName) == group && aws.ToInt32(lg.RetentionInDays) == int32(g.RetentionInDays) {
			return nil
		}
	}
	if _, err := d.Clients.Logs.CreateLogGroup(ctx, &cloudwatchlogs.CreateLogGroupInput{LogGroupName: aws.String(group)}); err != nil && apiCode(err) != "ResourceAlreadyExistsException" {
		return wrap(err, "creating log group %s", group)
	}
	if _, err := d.Clients.Logs.PutRetentionPolicy(ctx, &cloudwatchlogs.PutRetentionPolicyInput{
		LogGroupName: aws.String(group), RetentionInDays: aws.Int32(int32(g.RetentionInDays)),
	}); err != nil {
		return wrap(err, "setting the retention of log group %s", group)
	}
	return nil
}

// ensurePermission adds a planned permission when it is missing or
// different.
func (d *Deployer) ensurePermission(ctx context.Context, p *plan.Permission) error {
	function, err := d.resolve(plan.FunctionARN(p.Function))
	if err != nil {
		return err
	}
	sid, err := d.resolve(p.StatementID)
	if err != nil {
		return err
	}
	sourceARN, err := d.resolve(p.SourceARN)
	if err != nil {
		return err
	}
	principal := p.Principal
	pol, err := d.Clients.Lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(function)})
	if err != nil && !isNotFound(err) {
		return wrap(err, "reading the permissions of lambda function %s", function)
	}
	if err == nil {
		var doc struct {
			Statement []struct {
				Sid       string
				Principal any
				Condition map[string]map[string]string
			}
		}
		if json.Unmarshal([]byte(aws.ToString(pol.Policy)), &doc) == nil {
			for _, s := range doc.Statement {
				if s.Sid != sid {
					continue
				}
				p, _ := json.Marshal(s.Principal)
				if strings.Contains(string(p), principal) && s.Condition["ArnLike"]["AWS:SourceArn"] == sourceARN {
					return nil
				}
				if _, err := d.Clients.Lambda.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(function), StatementId: aws.String(sid)}); err != nil && !isNotFound(err) {
					return wrap(err, "replacing permission %s of lambda function %s", sid, function)
				}
			}
		}
	}
	_, err = d.Clients.Lambda.AddPermission(ctx, &lambda.AddPermissionInput{
		FunctionName: aws.String(function),
		StatementId:  aws.String(sid),
		Action:       aws.String("lambda:InvokeFunction"),
		Principal:    aws.String(principal),
		SourceArn:    aws.String(sourceARN),
	})
	if err != nil && apiCode(err) != "ResourceConflictException" {
		return wrap(err, "allowing %s to invoke lambda function %s", principal, function)
	}
	return nil
}

func (d *Deployer) deleteFunction(ctx context.Context, r state.Resource) error {
	if r.LambdaARN == "" {
		return nil
	}
	d.printf("Deleting function: %s", r.LambdaARN)
	if _, err := d.Clients.Lambda.DeleteFunction(ctx, &lambda.DeleteFunctionInput{FunctionName: aws.String(r.LambdaARN)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting lambda function %s", r.LambdaARN)
	}
	return nil
}
