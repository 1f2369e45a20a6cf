package awsdeploy

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/iam"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
	"github.com/chalice-go/chalice/policy"
)

func (d *Deployer) ensureRole(ctx context.Context, r *plan.Role, st *state.State) (string, error) {
	want, err := r.Policy.MarshalIndent()
	if err != nil {
		return "", err
	}
	got, err := d.Clients.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(r.RoleName)})
	if isNotFound(err) {
		d.printf("Creating IAM role: %s", r.RoleName)
		out, err := d.Clients.IAM.CreateRole(ctx, &iam.CreateRoleInput{
			RoleName:                 aws.String(r.RoleName),
			AssumeRolePolicyDocument: aws.String(r.TrustPolicy),
		})
		if err != nil {
			return "", wrap(err, "creating IAM role %s", r.RoleName)
		}
		arn := aws.ToString(out.Role.Arn)
		// Recorded before the policy: a failure below leaves the role known.
		if err := d.record(st, state.Resource{Name: r.StateName, Type: state.TypeIAMRole, RoleName: r.RoleName, RoleARN: arn}); err != nil {
			return "", err
		}
		if _, err := d.Clients.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
			RoleName: aws.String(r.RoleName), PolicyName: aws.String(r.RoleName), PolicyDocument: aws.String(string(want)),
		}); err != nil {
			return "", wrap(err, "setting the policy of IAM role %s", r.RoleName)
		}
		return arn, nil
	}
	if err != nil {
		return "", wrap(err, "reading IAM role %s", r.RoleName)
	}
	arn := aws.ToString(got.Role.Arn)
	if err := d.record(st, state.Resource{Name: r.StateName, Type: state.TypeIAMRole, RoleName: r.RoleName, RoleARN: arn}); err != nil {
		return "", err
	}
	var old *policy.Document
	cur, err := d.Clients.IAM.GetRolePolicy(ctx, &iam.GetRolePolicyInput{RoleName: aws.String(r.RoleName), PolicyName: aws.String(r.RoleName)})
	switch {
	case isNotFound(err):
		old = &policy.Document{Version: "2012-10-17"}
	case err != nil:
		return "", wrap(err, "reading the policy of IAM role %s", r.RoleName)
	default:
		text := aws.ToString(cur.PolicyDocument)
		if u, uerr := url.QueryUnescape(text); uerr == nil {
			text = u
		}
		if sameJSON(text, string(want)) {
			d.debugf("IAM role %s: policy unchanged", r.RoleName)
			return arn, nil
		}
		if doc, perr := policy.ParseDocument([]byte(text)); perr == nil {
			old = doc
		} else {
			old = &policy.Document{Version: "2012-10-17"}
		}
	}
	added, removed := policy.ActionDiff(old, r.Policy)
	d.printDiff(added, removed)
	if (len(added) > 0 || len(removed) > 0) && d.Confirm != nil {
		ok, err := d.Confirm(added, removed)
		if err != nil {
			return "", err
		}
		if !ok {
			return "", ErrAborted
		}
	}
	d.printf("Updating policy for IAM role: %s", r.RoleName)
	if _, err := d.Clients.IAM.PutRolePolicy(ctx, &iam.PutRolePolicyInput{
		RoleName: aws.String(r.RoleName), PolicyName: aws.String(r.RoleName), PolicyDocument: aws.String(string(want)),
	}); err != nil {
		return "", wrap(err, "updating the policy of IAM role %s", r.RoleName)
	}
	return arn, nil
}

func (d *Deployer) printDiff(added, removed []string) {
	list := func(verb string, acts []string) {
		if len(acts) == 0 {
			return
		}
		noun := "action"
		will := "will be"
		if len(acts) > 1 {
			noun = "actions"
		}
		d.printf("\nThe following %s %s %s the execution policy:\n\n%s\n", noun, will, verb, strings.Join(acts, "\n"))
	}
	list("added to", added)
	list("removed from", removed)
}

// sameJSON compares two JSON texts by value.
func sameJSON(a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xb, _ := json.Marshal(x)
	yb, _ := json.Marshal(y)
	return string(xb) == string(yb)
}

func (d *Deployer) deleteRole(ctx context.Context, r state.Resource) error {
	name := r.RoleName
	if name == "" {
		return nil
	}
	d.printf("Deleting IAM role: %s", name)
	pols, err := d.Clients.IAM.ListRolePolicies(ctx, &iam.ListRolePoliciesInput{RoleName: aws.String(name)})
	if isNotFound(err) {
		return nil
	}
	if err != nil {
		return wrap(err, "listing the policies of IAM role %s", name)
	}
	for _, pn := range pols.PolicyNames {
		if _, err := d.Clients.IAM.DeleteRolePolicy(ctx, &iam.DeleteRolePolicyInput{RoleName: aws.String(name), PolicyName: aws.String(pn)}); err != nil && !isNotFound(err) {
			return wrap(err, "deleting policy %s of IAM role %s", pn, name)
		}
	}
	if _, err := d.Clients.IAM.DeleteRole(ctx, &iam.DeleteRoleInput{RoleName: aws.String(name)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting IAM role %s", name)
	}
	return nil
}
