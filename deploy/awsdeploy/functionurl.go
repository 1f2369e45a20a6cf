package awsdeploy

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/lambda"
	ltypes "github.com/aws/aws-sdk-go-v2/service/lambda/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func functionURLCors(c *plan.CORSConfig) *ltypes.Cors {
	if c == nil {
		return nil
	}
	out := &ltypes.Cors{
		AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, AllowCredentials: aws.Bool(c.AllowCredentials),
	}
	if c.MaxAge > 0 {
		out.MaxAge = aws.Int32(int32(c.MaxAge))
	}
	return out
}

// sameCors compares a live CORS configuration with the plan's (nil and an
// empty one are the same).
func sameCors(cur *ltypes.Cors, want *plan.CORSConfig) bool {
	if cur == nil {
		cur = &ltypes.Cors{}
	}
	if want == nil {
		want = &plan.CORSConfig{}
	}
	set := func(a, b []string) bool { return sameSet(a, b) }
	return set(cur.AllowOrigins, want.AllowOrigins) && set(cur.AllowMethods, want.AllowMethods) &&
		set(cur.AllowHeaders, want.AllowHeaders) && set(cur.ExposeHeaders, want.ExposeHeaders) &&
		aws.ToInt32(cur.MaxAge) == int32(want.MaxAge) && aws.ToBool(cur.AllowCredentials) == want.AllowCredentials
}

// ensureFunctionURL creates or updates a function's URL, records it with
// its address, and adds (NONE) or removes (AWS_IAM) the public-access
// statement.
func (d *Deployer) ensureFunctionURL(ctx context.Context, u *plan.FunctionURL, st *state.State) (string, error) {
	fnARN, err := d.resolve(plan.FunctionARN(u.Function))
	if err != nil {
		return "", err
	}
	lc := d.Clients.Lambda
	var addr string
	cur, err := lc.GetFunctionUrlConfig(ctx, &lambda.GetFunctionUrlConfigInput{FunctionName: aws.String(fnARN)})
	switch {
	case isNotFound(err):
		d.printf("Creating function URL: %s", u.Function)
		out, err := lc.CreateFunctionUrlConfig(ctx, &lambda.CreateFunctionUrlConfigInput{
			FunctionName: aws.String(fnARN), AuthType: ltypes.FunctionUrlAuthType(u.AuthType), Cors: functionURLCors(u.CORS),
		})
		if err != nil {
			return "", wrap(err, "creating the function URL of %s", fnARN)
		}
		addr = aws.ToString(out.FunctionUrl)
	case err != nil:
		return "", wrap(err, "reading the function URL of %s", fnARN)
	default:
		addr = aws.ToString(cur.FunctionUrl)
		if string(cur.AuthType) != u.AuthType || !sameCors(cur.Cors, u.CORS) {
			cors := functionURLCors(u.CORS)
			if cors == nil {
				cors = &ltypes.Cors{}
			}
			if _, err := lc.UpdateFunctionUrlConfig(ctx, &lambda.UpdateFunctionUrlConfigInput{
				FunctionName: aws.String(fnARN), AuthType: ltypes.FunctionUrlAuthType(u.AuthType), Cors: cors,
			}); err != nil {
				return "", wrap(err, "updating the function URL of %s", fnARN)
			}
		}
	}
	if err := d.record(st, state.Resource{Name: u.StateName, Type: state.TypeFunctionURL, LambdaARN: fnARN, FunctionURL: addr}); err != nil {
		return "", err
	}
	sids, err := d.statementIDs(ctx, fnARN)
	if err != nil {
		return "", err
	}
	for _, sp := range []struct {
		sid  string
		want *plan.FunctionURLPermission
	}{{plan.FunctionURLPublicAccessSID, u.PublicAccess}, {plan.FunctionURLPublicInvokeSID, u.PublicInvoke}} {
		has := slices.Contains(sids, sp.sid)
		switch p := sp.want; {
		case p != nil && !has:
			in := &lambda.AddPermissionInput{
				FunctionName: aws.String(fnARN), StatementId: aws.String(p.StatementID), Action: aws.String(p.Action),
				Principal: aws.String(p.Principal), FunctionUrlAuthType: ltypes.FunctionUrlAuthType(p.FunctionURLAuthType),
			}
			if p.InvokedViaFunctionURL {
				in.InvokedViaFunctionUrl = aws.Bool(true)
			}
			if _, err := lc.AddPermission(ctx, in); err != nil && apiCode(err) != "ResourceConflictException" {
				return "", wrap(err, "allowing public calls of the function URL of %s", fnARN)
			}
		case p == nil && has:
			if _, err := lc.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(fnARN), StatementId: aws.String(sp.sid)}); err != nil && !isNotFound(err) {
				return "", wrap(err, "removing public access of the function URL of %s", fnARN)
			}
		}
	}
	return addr, nil
}

// statementIDs lists the statement IDs of the function's resource policy.
func (d *Deployer) statementIDs(ctx context.Context, fnARN string) ([]string, error) {
	pol, err := d.Clients.Lambda.GetPolicy(ctx, &lambda.GetPolicyInput{FunctionName: aws.String(fnARN)})
	if isNotFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, wrap(err, "reading the permissions of lambda function %s", fnARN)
	}
	var doc struct{ Statement []struct{ Sid string } }
	_ = json.Unmarshal([]byte(aws.ToString(pol.Policy)), &doc)
	var out []string
	for _, st := range doc.Statement {
		out = append(out, st.Sid)
	}
	return out, nil
}

func (d *Deployer) deleteFunctionURL(ctx context.Context, r state.Resource) error {
	if r.LambdaARN == "" {
		return nil
	}
	d.printf("Deleting function URL: %s", r.FunctionURL)
	if _, err := d.Clients.Lambda.DeleteFunctionUrlConfig(ctx, &lambda.DeleteFunctionUrlConfigInput{FunctionName: aws.String(r.LambdaARN)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting the function URL of %s", r.LambdaARN)
	}
	for _, sid := range []string{plan.FunctionURLPublicAccessSID, plan.FunctionURLPublicInvokeSID} {
		if _, err := d.Clients.Lambda.RemovePermission(ctx, &lambda.RemovePermissionInput{FunctionName: aws.String(r.LambdaARN), StatementId: aws.String(sid)}); err != nil && !isNotFound(err) {
			return wrap(err, "removing public access of %s", r.LambdaARN)
		}
	}
	return nil
}
