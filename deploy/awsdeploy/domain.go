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
	if rec, ok := d.lookup(st, state.TypeDomainName, cd.StateName); ok && otherAPIDomain(rec, cd) {
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

// otherAPIDomain reports whether the recorded domain was made by the other
// API Gateway API than cd needs (the stage switched between a REST and an
// HTTP API): a deploy deletes it before creating cd.
func otherAPIDomain(rec state.Resource, cd *plan.CustomDomain) bool {
	return rec.DomainName != "" && (rec.APIGatewayV2 || rec.Name == plan.WebsocketAPIDomainName) != cd.V2
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
	live := liveV1(cd, cur)
	var ops []agtypes.PatchOperation
	if live.certificateDiffers(cd) {
		path := "/regionalCertificateArn"
		if cd.EndpointType == "EDGE" {
			path = "/certificateArn"
		}
		ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String(path), Value: aws.String(cd.CertificateARN)})
	}
	if live.policyDiffers(cd) {
		ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String("/securityPolicy"), Value: aws.String(cd.SecurityPolicy)})
	}
	if len(domainDiff(cd, live)) > 0 {
		d.printf("Updating custom domain name: %s", cd.DomainName)
	}
	if len(ops) > 0 {
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
func (d *Deployer) ensureBasePathMapping(ctx context.Context, cd *plan.CustomDomain, apiID, stage string, newDomain bool) error {
	ag := d.Clients.APIGateway
	var ms []domainMapping
	if !newDomain {
		var err error
		if ms, err = d.v1Mappings(ctx, cd.DomainName); err != nil {
			return err
		}
	}
	i, inPlace, stale := mappingDiff(ms, cd.BasePath, apiID, stage)
	var err error
	switch {
	case inPlace:
	case i >= 0:
		_, err = ag.UpdateBasePathMapping(ctx, &apigateway.UpdateBasePathMappingInput{
			DomainName: aws.String(cd.DomainName), BasePath: aws.String(v1BasePath(cd.BasePath)),
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
	if err != nil {
		return wrap(err, "mapping %s/%s to rest API %s stage %s", cd.DomainName, cd.BasePath, apiID, stage)
	}
	// A changed url_prefix moves the mapping: the API's mappings under
	// other base paths go once the wanted one is in place.
	for _, m := range stale {
		d.printf("Deleting base path mapping: %s/%s", cd.DomainName, v1BasePath(m.BasePath))
		_, err := ag.DeleteBasePathMapping(ctx, &apigateway.DeleteBasePathMappingInput{DomainName: aws.String(cd.DomainName), BasePath: aws.String(v1BasePath(m.BasePath))})
		if err != nil && !isNotFound(err) {
			return wrap(err, "deleting base path mapping %s/%s", cd.DomainName, v1BasePath(m.BasePath))
		}
	}
	return nil
}

// v1Mappings lists a v1 domain name's base path mappings (the root's base
// path as "").
func (d *Deployer) v1Mappings(ctx context.Context, domain string) ([]domainMapping, error) {
	out, err := d.Clients.APIGateway.GetBasePathMappings(ctx, &apigateway.GetBasePathMappingsInput{DomainName: aws.String(domain)})
	if err != nil && !isNotFound(err) {
		return nil, wrap(err, "listing the base path mappings of %s", domain)
	}
	var ms []domainMapping
	if out != nil {
		for _, m := range out.Items {
			bp := aws.ToString(m.BasePath)
			if bp == v1BasePath("") {
				bp = ""
			}
			ms = append(ms, domainMapping{BasePath: bp, APIID: aws.ToString(m.RestApiId), Stage: aws.ToString(m.Stage)})
		}
	}
	return ms, nil
}

// v2Mappings lists a v2 domain name's API mappings.
func (d *Deployer) v2Mappings(ctx context.Context, domain string) ([]domainMapping, error) {
	out, err := d.Clients.APIGateway2.GetApiMappings(ctx, &apigatewayv2.GetApiMappingsInput{DomainName: aws.String(domain)})
	if err != nil {
		return nil, wrap(err, "listing the API mappings of %s", domain)
	}
	var ms []domainMapping
	for _, m := range out.Items {
		ms = append(ms, domainMapping{ID: aws.ToString(m.ApiMappingId), BasePath: aws.ToString(m.ApiMappingKey), APIID: aws.ToString(m.ApiId), Stage: aws.ToString(m.Stage)})
	}
	return ms, nil
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
	live := liveV2(cur)
	if len(domainDiff(cd, live)) > 0 {
		d.printf("Updating custom domain name: %s", cd.DomainName)
	}
	if live.certificateDiffers(cd) || live.policyDiffers(cd) {
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
	add, remove := tagChanges(cd.Tags, cur)
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

func (d *Deployer) ensureAPIMapping(ctx context.Context, cd *plan.CustomDomain, apiID, stage string) error {
	c := d.Clients.APIGateway2
	ms, err := d.v2Mappings(ctx, cd.DomainName)
	if err != nil {
		return err
	}
	i, inPlace, stale := mappingDiff(ms, cd.BasePath, apiID, stage)
	switch {
	case inPlace:
	case i >= 0:
		_, err = c.UpdateApiMapping(ctx, &apigatewayv2.UpdateApiMappingInput{
			DomainName: aws.String(cd.DomainName), ApiMappingId: aws.String(ms[i].ID), ApiId: aws.String(apiID), Stage: aws.String(stage),
		})
	default:
		_, err = c.CreateApiMapping(ctx, &apigatewayv2.CreateApiMappingInput{
			DomainName: aws.String(cd.DomainName), ApiId: aws.String(apiID), Stage: aws.String(stage), ApiMappingKey: aws.String(cd.BasePath),
		})
	}
	if err != nil {
		return wrap(err, "mapping %s/%s to API %s stage %s", cd.DomainName, cd.BasePath, apiID, stage)
	}
	// A changed url_prefix moves the mapping (see ensureBasePathMapping).
	for _, m := range stale {
		d.printf("Deleting API mapping: %s/%s", cd.DomainName, m.BasePath)
		_, err := c.DeleteApiMapping(ctx, &apigatewayv2.DeleteApiMappingInput{DomainName: aws.String(cd.DomainName), ApiMappingId: aws.String(m.ID)})
		if err != nil && !isNotFound(err) {
			return wrap(err, "deleting API mapping %s/%s", cd.DomainName, m.BasePath)
		}
	}
	return nil
}

// liveDomain is what a deploy converges on an existing custom domain
// name, read from either API Gateway API.
type liveDomain struct {
	Certificate, SecurityPolicy string
	Configs                     int // v2: domain name configurations (the app manages one)
	Tags                        map[string]string
}

func liveV1(cd *plan.CustomDomain, out *apigateway.GetDomainNameOutput) liveDomain {
	l := liveDomain{Certificate: aws.ToString(out.RegionalCertificateArn), SecurityPolicy: string(out.SecurityPolicy), Configs: 1, Tags: out.Tags}
	if cd.EndpointType == "EDGE" {
		l.Certificate = aws.ToString(out.CertificateArn)
	}
	return l
}

func liveV2(out *apigatewayv2.GetDomainNameOutput) liveDomain {
	l := liveDomain{Configs: len(out.DomainNameConfigurations), Tags: out.Tags}
	if len(out.DomainNameConfigurations) > 0 {
		l.Certificate = aws.ToString(out.DomainNameConfigurations[0].CertificateArn)
		l.SecurityPolicy = string(out.DomainNameConfigurations[0].SecurityPolicy)
	}
	return l
}

func (l liveDomain) certificateDiffers(cd *plan.CustomDomain) bool {
	return l.Certificate != cd.CertificateARN || l.Configs != 1
}

// policyDiffers: an unset tls_version leaves API Gateway's choice alone.
func (l liveDomain) policyDiffers(cd *plan.CustomDomain) bool {
	return cd.SecurityPolicy != "" && l.SecurityPolicy != cd.SecurityPolicy
}

// domainDiff lists what a deploy changes on the live domain name: the
// deploy updates exactly these, the dry run reports them.
func domainDiff(cd *plan.CustomDomain, l liveDomain) []string {
	var diff []string
	if l.certificateDiffers(cd) {
		diff = append(diff, "certificate")
	}
	if l.policyDiffers(cd) {
		diff = append(diff, "TLS version "+cd.SecurityPolicy)
	}
	if add, remove := tagChanges(cd.Tags, l.Tags); len(add)+len(remove) > 0 {
		diff = append(diff, "tags")
	}
	return diff
}

// tagChanges is what makes cur the wanted tags: the domain is the app's
// own, so tags the configuration no longer has are removed.
func tagChanges(want, cur map[string]string) (map[string]string, []string) {
	add := map[string]string{}
	for k, v := range want {
		if cur[k] != v {
			add[k] = v
		}
	}
	var remove []string
	for k := range cur {
		if _, ok := want[k]; !ok {
			remove = append(remove, k)
		}
	}
	slices.Sort(remove)
	return add, remove
}

// domainMapping is a base path mapping (v1) or API mapping (v2); BasePath
// "" is the root.
type domainMapping struct{ ID, BasePath, APIID, Stage string }

// mappingDiff finds the mapping at basePath (i, -1 for none), whether it
// already serves the API's stage, and the API's mappings under other base
// paths, which a changed url_prefix leaves behind (mappings of other APIs
// on the domain are not the app's).
func mappingDiff(ms []domainMapping, basePath, apiID, stage string) (i int, inPlace bool, stale []domainMapping) {
	i = slices.IndexFunc(ms, func(m domainMapping) bool { return m.BasePath == basePath })
	inPlace = i >= 0 && ms[i].APIID == apiID && ms[i].Stage == stage
	for _, m := range ms {
		if m.APIID == apiID && m.BasePath != basePath {
			stale = append(stale, m)
		}
	}
	return i, inPlace, stale
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
