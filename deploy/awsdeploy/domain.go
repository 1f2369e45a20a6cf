package awsdeploy

import (
	"context"
	"fmt"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

// Domain is a deployed custom domain: where DNS must point.
type Domain struct {
	DomainName      string
	AliasDomainName string
	HostedZoneID    string
}

// ensureDomain creates the custom domain name when missing (it is found by
// its name, which is unique in the account and region), records it, and
// maps the API's stage under the base path.
func (d *Deployer) ensureDomain(ctx context.Context, cd *plan.CustomDomain, apiID, stage string, st *state.State) (*Domain, error) {
	// A domain recorded under this name by the other API Gateway API (the
	// stage switched between a REST and an HTTP API) is deleted first: the
	// two cannot both hold the name.
	if rec, ok := d.lookup(st, state.TypeDomainName, cd.StateName); ok && rec.DomainName != "" && (rec.APIGatewayV2 || rec.Name == plan.WebsocketAPIDomainName) != cd.V2 {
		if err := d.deleteDomain(ctx, rec); err != nil {
			return nil, err
		}
	} else if err := d.retireRenamedDomain(st, cd); err != nil {
		return nil, err
	}
	var dom *Domain
	var err error
	created := false
	if cd.V2 {
		dom, err = d.ensureDomainV2(ctx, cd)
	} else {
		dom, created, err = d.ensureDomainV1(ctx, cd)
	}
	if err != nil {
		return nil, err
	}
	if err := d.record(st, state.Resource{Name: cd.StateName, Type: state.TypeDomainName, DomainName: dom.DomainName, AliasDomainName: dom.AliasDomainName, HostedZoneID: dom.HostedZoneID, APIGatewayV2: cd.V2}); err != nil {
		return nil, err
	}
	if cd.V2 {
		err = d.ensureAPIMapping(ctx, cd, apiID, stage)
	} else {
		err = d.ensureBasePathMapping(ctx, cd, apiID, stage, created)
	}
	return dom, err
}

// retireRenamedDomain handles a domain_name changed in the configuration:
// the old domain name stays recorded, under a name the plan does not have,
// so the end of this deploy deletes it (and its mappings) like any
// resource the app no longer has, and a deploy stopped before that still
// knows it.
func (d *Deployer) retireRenamedDomain(st *state.State, cd *plan.CustomDomain) error {
	d.sh.mu.Lock()
	defer d.sh.mu.Unlock()
	old := st.Lookup(state.TypeDomainName, cd.StateName)
	if old == nil || old.DomainName == cd.DomainName {
		return nil
	}
	r := *old
	r.Name = cd.StateName + "-replaced-" + old.DomainName
	st.Put(r)
	return d.save(st)
}

// ensureDomainV1 also reports whether it created the domain name.
func (d *Deployer) ensureDomainV1(ctx context.Context, cd *plan.CustomDomain) (*Domain, bool, error) {
	ag := d.Clients.APIGateway
	cur, err := ag.GetDomainName(ctx, &apigateway.GetDomainNameInput{DomainName: aws.String(cd.DomainName)})
	if isNotFound(err) {
		d.printf("Creating custom domain name: %s", cd.DomainName)
		in := &apigateway.CreateDomainNameInput{
			DomainName:            aws.String(cd.DomainName),
			EndpointConfiguration: &agtypes.EndpointConfiguration{Types: []agtypes.EndpointType{agtypes.EndpointType(cd.EndpointType)}},
			Tags:                  cd.Tags,
		}
		if cd.EndpointType == "EDGE" {
			in.CertificateArn = aws.String(cd.CertificateARN)
		} else {
			in.RegionalCertificateArn = aws.String(cd.CertificateARN)
		}
		if cd.SecurityPolicy != "" {
			in.SecurityPolicy = agtypes.SecurityPolicy(cd.SecurityPolicy)
		}
		out, err := ag.CreateDomainName(ctx, in)
		if err != nil {
			return nil, false, wrap(err, "creating custom domain name %s", cd.DomainName)
		}
		return v1Domain(cd, out.DistributionDomainName, out.DistributionHostedZoneId, out.RegionalDomainName, out.RegionalHostedZoneId), true, nil
	}
	if err != nil {
		return nil, false, wrap(err, "reading custom domain name %s", cd.DomainName)
	}
	var ops []agtypes.PatchOperation
	replace := func(path, want, got string) {
		if want != "" && want != got {
			ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String(path), Value: aws.String(want)})
		}
	}
	if cd.EndpointType == "EDGE" {
		replace("/certificateArn", cd.CertificateARN, aws.ToString(cur.CertificateArn))
	} else {
		replace("/regionalCertificateArn", cd.CertificateARN, aws.ToString(cur.RegionalCertificateArn))
	}
	replace("/securityPolicy", cd.SecurityPolicy, string(cur.SecurityPolicy))
	if len(ops) > 0 {
		d.printf("Updating custom domain name: %s", cd.DomainName)
		if _, err := ag.UpdateDomainName(ctx, &apigateway.UpdateDomainNameInput{DomainName: aws.String(cd.DomainName), PatchOperations: ops}); err != nil {
			return nil, false, wrap(err, "updating custom domain name %s", cd.DomainName)
		}
	}
	if err := d.syncDomainTags(ctx, cd, cur.Tags); err != nil {
		return nil, false, err
	}
	return v1Domain(cd, cur.DistributionDomainName, cur.DistributionHostedZoneId, cur.RegionalDomainName, cur.RegionalHostedZoneId), false, nil
}

func v1Domain(cd *plan.CustomDomain, distName, distZone, regName, regZone *string) *Domain {
	if cd.EndpointType == "EDGE" {
		return &Domain{DomainName: cd.DomainName, AliasDomainName: aws.ToString(distName), HostedZoneID: aws.ToString(distZone)}
	}
	return &Domain{DomainName: cd.DomainName, AliasDomainName: aws.ToString(regName), HostedZoneID: aws.ToString(regZone)}
}

// v1BasePath is how API Gateway v1 names the root base path.
func v1BasePath(p string) string {
	if p == "" {
		return "(none)"
	}
	return p
}

// ensureBasePathMapping maps the stage under the base path. A domain name
// this deploy just created has no mappings, so it is not listed (which
// also spares moto's failing listing of an empty domain, docs/deploy.md).
func (d *Deployer) ensureBasePathMapping(ctx context.Context, cd *plan.CustomDomain, apiID, stage string, newDomain bool) (err error) {
	ag := d.Clients.APIGateway
	var items []agtypes.BasePathMapping
	if !newDomain {
		out, err := ag.GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: aws.String(cd.DomainName)})
		if err != nil && !isNotFound(err) {
			return wrap(err, "listing the base path mappings of %s", cd.DomainName)
		}
		if out != nil {
			items = out.Items
		}
	}
	want := v1BasePath(cd.BasePath)
	i := slices.IndexFunc(items, func(m agtypes.BasePathMapping) bool { return v1BasePath(aws.ToString(m.BasePath)) == want })
	// A changed url_prefix moves the mapping: the API's mappings under
	// other base paths go once the wanted one is in place.
	defer func() {
		for _, m := range items {
			if err == nil && aws.ToString(m.RestApiId) == apiID && v1BasePath(aws.ToString(m.BasePath)) != want {
				d.printf("Deleting base path mapping: %s/%s", cd.DomainName, aws.ToString(m.BasePath))
				_, err = ag.DeleteBasePathMapping(ctx, &apigateway.DeleteBasePathMappingInput{DomainName: aws.String(cd.DomainName), BasePath: aws.String(v1BasePath(aws.ToString(m.BasePath)))})
				if isNotFound(err) {
					err = nil
				}
				err = wrap(err, "deleting base path mapping %s/%s", cd.DomainName, aws.ToString(m.BasePath))
			}
		}
	}()
	switch {
	case i >= 0 && aws.ToString(items[i].RestApiId) == apiID && aws.ToString(items[i].Stage) == stage:
		return nil
	case i >= 0:
		_, err = ag.UpdateBasePathMapping(ctx, &apigateway.UpdateBasePathMappingInput{
			DomainName: aws.String(cd.DomainName), BasePath: aws.String(want),
			PatchOperations: []agtypes.PatchOperation{
				{Op: agtypes.OpReplace, Path: aws.String("/restapiId"), Value: aws.String(apiID)},
				{Op: agtypes.OpReplace, Path: aws.String("/stage"), Value: aws.String(stage)},
			},
		})
	default:
		in := &apigateway.CreateBasePathMappingInput{DomainName: aws.String(cd.DomainName), RestApiId: aws.String(apiID), Stage: aws.String(stage)}
		if cd.BasePath != "" {
			in.BasePath = aws.String(cd.BasePath)
		}
		_, err = ag.CreateBasePathMapping(ctx, in)
	}
	return wrap(err, "mapping %s/%s to rest API %s stage %s", cd.DomainName, cd.BasePath, apiID, stage)
}

func (d *Deployer) ensureDomainV2(ctx context.Context, cd *plan.CustomDomain) (*Domain, error) {
	c := d.Clients.APIGateway2
	cfg := v2types.DomainNameConfiguration{CertificateArn: aws.String(cd.CertificateARN), EndpointType: v2types.EndpointTypeRegional}
	if cd.SecurityPolicy != "" {
		cfg.SecurityPolicy = v2types.SecurityPolicy(cd.SecurityPolicy)
	}
	cur, err := c.GetDomainName(ctx, &apigatewayv2.GetDomainNameInput{DomainName: aws.String(cd.DomainName)})
	if isNotFound(err) {
		d.printf("Creating custom domain name: %s", cd.DomainName)
		out, err := c.CreateDomainName(ctx, &apigatewayv2.CreateDomainNameInput{
			DomainName: aws.String(cd.DomainName), DomainNameConfigurations: []v2types.DomainNameConfiguration{cfg}, Tags: cd.Tags,
		})
		if err != nil {
			return nil, wrap(err, "creating custom domain name %s", cd.DomainName)
		}
		return v2Domain(cd, out.DomainNameConfigurations), nil
	}
	if err != nil {
		return nil, wrap(err, "reading custom domain name %s", cd.DomainName)
	}
	if len(cur.DomainNameConfigurations) != 1 || aws.ToString(cur.DomainNameConfigurations[0].CertificateArn) != cd.CertificateARN ||
		(cd.SecurityPolicy != "" && cur.DomainNameConfigurations[0].SecurityPolicy != cfg.SecurityPolicy) {
		d.printf("Updating custom domain name: %s", cd.DomainName)
		out, err := c.UpdateDomainName(ctx, &apigatewayv2.UpdateDomainNameInput{DomainName: aws.String(cd.DomainName), DomainNameConfigurations: []v2types.DomainNameConfiguration{cfg}})
		if err != nil {
			return nil, wrap(err, "updating custom domain name %s", cd.DomainName)
		}
		if err := d.syncDomainTags(ctx, cd, cur.Tags); err != nil {
			return nil, err
		}
		return v2Domain(cd, out.DomainNameConfigurations), nil
	}
	if err := d.syncDomainTags(ctx, cd, cur.Tags); err != nil {
		return nil, err
	}
	return v2Domain(cd, cur.DomainNameConfigurations), nil
}

// syncDomainTags makes a domain's tags the configured ones: the domain is
// the app's own, so tags the configuration no longer has are removed.
func (d *Deployer) syncDomainTags(ctx context.Context, cd *plan.CustomDomain, cur map[string]string) error {
	arn := fmt.Sprintf("arn:%s:apigateway:%s::/domainnames/%s", d.Partition, d.Region, cd.DomainName)
	add := map[string]string{}
	for k, v := range cd.Tags {
		if cur[k] != v {
			add[k] = v
		}
	}
	var remove []string
	for k := range cur {
		if _, ok := cd.Tags[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	if len(add) > 0 {
		var err error
		if cd.V2 {
			_, err = d.Clients.APIGateway2.TagResource(ctx, &apigatewayv2.TagResourceInput{ResourceArn: aws.String(arn), Tags: add})
		} else {
			_, err = d.Clients.APIGateway.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(arn), Tags: add})
		}
		if err != nil {
			return wrap(err, "tagging custom domain name %s", cd.DomainName)
		}
	}
	if len(remove) > 0 {
		var err error
		if cd.V2 {
			_, err = d.Clients.APIGateway2.UntagResource(ctx, &apigatewayv2.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: remove})
		} else {
			_, err = d.Clients.APIGateway.UntagResource(ctx, &apigateway.UntagResourceInput{ResourceArn: aws.String(arn), TagKeys: remove})
		}
		if err != nil {
			return wrap(err, "untagging custom domain name %s", cd.DomainName)
		}
	}
	return nil
}

func v2Domain(cd *plan.CustomDomain, cfgs []v2types.DomainNameConfiguration) *Domain {
	dom := &Domain{DomainName: cd.DomainName}
	if len(cfgs) > 0 {
		dom.AliasDomainName, dom.HostedZoneID = aws.ToString(cfgs[0].ApiGatewayDomainName), aws.ToString(cfgs[0].HostedZoneId)
	}
	return dom
}

func (d *Deployer) ensureAPIMapping(ctx context.Context, cd *plan.CustomDomain, apiID, stage string) (err error) {
	c := d.Clients.APIGateway2
	out, err := c.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String(cd.DomainName)})
	if err != nil {
		return wrap(err, "listing the API mappings of %s", cd.DomainName)
	}
	i := slices.IndexFunc(out.Items, func(m v2types.ApiMapping) bool { return aws.ToString(m.ApiMappingKey) == cd.BasePath })
	// A changed url_prefix moves the mapping (see ensureBasePathMapping).
	defer func() {
		for _, m := range out.Items {
			if err == nil && aws.ToString(m.ApiId) == apiID && aws.ToString(m.ApiMappingKey) != cd.BasePath {
				d.printf("Deleting API mapping: %s/%s", cd.DomainName, aws.ToString(m.ApiMappingKey))
				_, err = c.DeleteApiMapping(ctx, &apigatewayv2.DeleteApiMappingInput{DomainName: aws.String(cd.DomainName), ApiMappingId: m.ApiMappingId})
				if isNotFound(err) {
					err = nil
				}
				err = wrap(err, "deleting API mapping %s/%s", cd.DomainName, aws.ToString(m.ApiMappingKey))
			}
		}
	}()
	switch {
	case i >= 0 && aws.ToString(out.Items[i].ApiId) == apiID && aws.ToString(out.Items[i].Stage) == stage:
		return nil
	case i >= 0:
		_, err = c.UpdateApiMapping(ctx, &apigatewayv2.UpdateApiMappingInput{
			DomainName: aws.String(cd.DomainName), ApiMappingId: out.Items[i].ApiMappingId, ApiId: aws.String(apiID), Stage: aws.String(stage),
		})
	default:
		_, err = c.CreateApiMapping(ctx, &apigatewayv2.CreateApiMappingInput{
			DomainName: aws.String(cd.DomainName), ApiId: aws.String(apiID), Stage: aws.String(stage), ApiMappingKey: aws.String(cd.BasePath),
		})
	}
	return wrap(err, "mapping %s/%s to API %s stage %s", cd.DomainName, cd.BasePath, apiID, stage)
}

// deleteDomain deletes a recorded custom domain name (its mappings go
// with it).
func (d *Deployer) deleteDomain(ctx context.Context, r state.Resource) error {
	if r.DomainName == "" {
		return nil
	}
	d.printf("Deleting custom domain name: %s", r.DomainName)
	var err error
	if r.APIGatewayV2 || r.Name == plan.WebsocketAPIDomainName {
		_, err = d.Clients.APIGateway2.DeleteDomainName(ctx, &apigatewayv2.DeleteDomainNameInput{DomainName: aws.String(r.DomainName)})
	} else {
		_, err = d.Clients.APIGateway.DeleteDomainName(ctx, &apigateway.DeleteDomainNameInput{DomainName: aws.String(r.DomainName)})
	}
	if err != nil && !isNotFound(err) {
		return wrap(err, "deleting custom domain name %s", r.DomainName)
	}
	return nil
}

func (dom *Domain) print(d *Deployer) {
	d.printf("  - Custom domain name:")
	d.printf("      DomainName: %s", dom.DomainName)
	d.printf("      HostedZoneId: %s", dom.HostedZoneID)
	d.printf("      AliasDomainName: %s", dom.AliasDomainName)
}
