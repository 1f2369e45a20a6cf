package awsdeploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func (d *Deployer) ensureRestAPI(ctx context.Context, api *plan.RestAPI, st *state.State) (string, string, error) {
	ag := d.Clients.APIGateway
	var id string
	// pending: the stage may not serve the API as it is (an earlier deploy
	// died between changing it and deploying it, or its record was lost).
	pending := false
	var cur *apigateway.GetRestApiOutput
	if rec, ok := d.lookup(st, state.TypeRestAPI, restAPIName); ok && rec.RestAPIID != "" {
		out, err := ag.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(rec.RestAPIID)})
		switch {
		case err == nil:
			id, cur, pending = rec.RestAPIID, out, rec.DeploymentPending
		case isNotFound(err):
			d.debugf("rest API %s recorded but gone", rec.RestAPIID)
		default:
			return "", "", wrap(err, "reading rest API %s", rec.RestAPIID)
		}
	}
	if id == "" {
		// Not recorded: a deploy may have died after creating it.
		found, err := d.findRestAPI(ctx, api)
		if err != nil {
			return "", "", err
		}
		if found != nil {
			d.debugf("rest API %s found by name and tag", aws.ToString(found.Id))
			id, pending = aws.ToString(found.Id), true
			if cur, err = ag.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: found.Id}); err != nil {
				return "", "", wrap(err, "reading rest API %s", id)
			}
		}
	}
	if id != "" {
		d.printf("Updating rest API")
	} else {
		d.printf("Creating Rest API")
		in := &apigateway.CreateRestApiInput{
			Name:             aws.String(api.Name),
			BinaryMediaTypes: api.BinaryMediaTypes,
			EndpointConfiguration: &agtypes.EndpointConfiguration{
				Types:          []agtypes.EndpointType{agtypes.EndpointType(api.EndpointType)},
				VpcEndpointIds: api.VPCEndpointIDs,
			},
			Tags: api.Tags,
		}
		if api.Policy != "" {
			in.Policy = aws.String(api.Policy)
		}
		if api.MinimumCompressionSize != nil {
			in.MinimumCompressionSize = aws.Int32(int32(*api.MinimumCompressionSize))
		}
		out, err := ag.CreateRestApi(ctx, in)
		if err != nil {
			return "", "", wrap(err, "creating rest API %s", api.Name)
		}
		id, pending = aws.ToString(out.Id), true
	}
	d.known(plan.Ref{Kind: plan.RefRestAPIID}, id)
	url, err := d.resolve(api.URL)
	if err != nil {
		return "", "", err
	}
	// Recorded the moment its ID is known, marked as needing a deployment
	// until the stage serves what this deploy makes of it.
	rec := state.Resource{Name: restAPIName, Type: state.TypeRestAPI, RestAPIID: id, RestAPIURL: url, DeploymentPending: true}
	if err := d.record(st, rec); err != nil {
		return "", "", err
	}
	if cur == nil {
		// Settings an API Gateway implementation ignored on creation are
		// patched in (a no-op when it honoured them all).
		if cur, err = ag.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(id)}); err != nil {
			return "", "", wrap(err, "reading rest API %s", id)
		}
	}
	changed, err := d.updateRestAPISettings(ctx, api, cur)
	if err != nil {
		return "", "", err
	}
	if err := d.ensureAPITags(ctx, d.restAPIARN(id), cur.Tags, api.Tags); err != nil {
		return "", "", err
	}

	authIDs, stale, c, err := d.syncAuthorizers(ctx, id, api)
	if err != nil {
		return "", "", err
	}
	changed = changed || c
	c, err = d.syncResources(ctx, id, api, authIDs)
	if err != nil {
		return "", "", err
	}
	changed = changed || c
	c, err = d.syncGatewayResponses(ctx, id, api)
	if err != nil {
		return "", "", err
	}
	changed = changed || c
	for _, a := range stale {
		d.debugf("rest API %s: deleting authorizer %s", id, aws.ToString(a.Name))
		if _, err := ag.DeleteAuthorizer(ctx, &apigateway.DeleteAuthorizerInput{RestApiId: aws.String(id), AuthorizerId: a.Id}); err != nil && !isNotFound(err) {
			return "", "", wrap(err, "deleting authorizer %s of rest API %s", aws.ToString(a.Name), id)
		}
		changed = true
	}
	for _, p := range api.Permissions {
		if err := d.ensurePermission(ctx, p); err != nil {
			return "", "", err
		}
	}
	if !changed && !pending {
		stage, err := ag.GetStage(ctx, &apigateway.GetStageInput{RestApiId: aws.String(id), StageName: aws.String(api.Stage)})
		switch {
		case isNotFound(err):
			changed = true
		case err != nil:
			return "", "", wrap(err, "reading stage %s of rest API %s", api.Stage, id)
		case aws.ToString(stage.DeploymentId) == "":
			changed = true
		}
	}
	if changed || pending {
		d.debugf("rest API %s: deploying to stage %s", id, api.Stage)
		if _, err := ag.CreateDeployment(ctx, &apigateway.CreateDeploymentInput{RestApiId: aws.String(id), StageName: aws.String(api.Stage)}); err != nil {
			return "", "", wrap(err, "deploying rest API %s to stage %s", id, api.Stage)
		}
	} else {
		d.debugf("rest API %s: unchanged, no new deployment", id)
	}
	rec.DeploymentPending = false
	if err := d.record(st, rec); err != nil {
		return "", "", err
	}
	return id, url, nil
}

// findRestAPI returns the REST API of the plan's name that carries the
// stage's tag, or nil.
func (d *Deployer) findRestAPI(ctx context.Context, api *plan.RestAPI) (*agtypes.RestApi, error) {
	p := apigateway.NewGetRestApisPaginator(d.Clients.APIGateway, &apigateway.GetRestApisInput{Limit: aws.Int32(500)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap(err, "listing rest APIs")
		}
		for i, a := range page.Items {
			if aws.ToString(a.Name) == api.Name && a.Tags[plan.StageTag] != "" && a.Tags[plan.StageTag] == api.Tags[plan.StageTag] {
				return &page.Items[i], nil
			}
		}
	}
	return nil, nil
}

func (d *Deployer) restAPIARN(id string) string {
	return fmt.Sprintf("arn:%s:apigateway:%s::/restapis/%s", d.Partition, d.Region, id)
}

// ensureAPITags adds the plan's tags an API lacks (an API created before
// it was tagged); other tags are left alone.
func (d *Deployer) ensureAPITags(ctx context.Context, arn string, cur, want map[string]string) error {
	missing := map[string]string{}
	for k, v := range want {
		if cur[k] != v {
			missing[k] = v
		}
	}
	if len(missing) == 0 {
		return nil
	}
	var err error
	if strings.Contains(arn, "/restapis/") {
		_, err = d.Clients.APIGateway.TagResource(ctx, &apigateway.TagResourceInput{ResourceArn: aws.String(arn), Tags: missing})
	} else {
		_, err = d.Clients.APIGateway2.TagResource(ctx, &apigatewayv2.TagResourceInput{ResourceArn: aws.String(arn), Tags: missing})
	}
	return wrap(err, "tagging %s", arn)
}

// patchPath escapes a JSON-pointer segment as API Gateway patch paths want.
func patchPath(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

func (d *Deployer) updateRestAPISettings(ctx context.Context, api *plan.RestAPI, cur *apigateway.GetRestApiOutput) (bool, error) {
	var ops []agtypes.PatchOperation
	for _, t := range api.BinaryMediaTypes {
		if !slices.Contains(cur.BinaryMediaTypes, t) {
			ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpAdd, Path: aws.String("/binaryMediaTypes/" + patchPath(t)), Value: aws.String(t)})
		}
	}
	for _, t := range cur.BinaryMediaTypes {
		if !slices.Contains(api.BinaryMediaTypes, t) {
			ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpRemove, Path: aws.String("/binaryMediaTypes/" + patchPath(t)), Value: aws.String(t)})
		}
	}
	want := ""
	if api.MinimumCompressionSize != nil {
		want = strconv.Itoa(*api.MinimumCompressionSize)
	}
	got := ""
	if cur.MinimumCompressionSize != nil {
		got = strconv.Itoa(int(*cur.MinimumCompressionSize))
	}
	if want != got {
		ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String("/minimumCompressionSize"), Value: aws.String(want)})
	}
	if cur.EndpointConfiguration != nil && len(cur.EndpointConfiguration.Types) == 1 && string(cur.EndpointConfiguration.Types[0]) != api.EndpointType {
		ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String("/endpointConfiguration/types/" + string(cur.EndpointConfiguration.Types[0])), Value: aws.String(api.EndpointType)})
	}
	curPolicy := aws.ToString(cur.Policy)
	if unq, err := strconv.Unquote(`"` + curPolicy + `"`); err == nil {
		curPolicy = unq // API Gateway returns the policy JSON-escaped
	}
	if (api.Policy == "") != (curPolicy == "") || (api.Policy != "" && !sameJSON(api.Policy, curPolicy)) {
		ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String("/policy"), Value: aws.String(api.Policy)})
	}
	if len(ops) == 0 {
		return false, nil
	}
	if _, err := d.Clients.APIGateway.UpdateRestApi(ctx, &apigateway.UpdateRestApiInput{RestApiId: cur.Id, PatchOperations: ops}); err != nil {
		return false, wrap(err, "updating rest API %s", aws.ToString(cur.Id))
	}
	return true, nil
}

// syncAuthorizers creates and updates the API's authorizers. It returns
// their IDs by name and the authorizers to delete once no method uses them.
func (d *Deployer) syncAuthorizers(ctx context.Context, id string, api *plan.RestAPI) (map[string]string, []agtypes.Authorizer, bool, error) {
	ag := d.Clients.APIGateway
	out, err := ag.GetAuthorizers(ctx, &apigateway.GetAuthorizersInput{RestApiId: aws.String(id), Limit: aws.Int32(500)})
	if err != nil {
		return nil, nil, false, wrap(err, "listing the authorizers of rest API %s", id)
	}
	cur := map[string]agtypes.Authorizer{}
	for _, a := range out.Items {
		cur[aws.ToString(a.Name)] = a
	}
	ids := map[string]string{}
	changed := false
	for _, a := range api.Authorizers {
		uri, err := d.resolve(a.URI)
		if err != nil {
			return nil, nil, false, fmt.Errorf("authorizer %s: %w", a.Name, err)
		}
		ex, ok := cur[a.Name]
		if ok && string(ex.Type) != a.Type {
			return nil, nil, false, fmt.Errorf("authorizer %s of rest API %s changed type from %s to %s: rename it, or delete the stage and deploy again", a.Name, id, ex.Type, a.Type)
		}
		if !ok {
			in := &apigateway.CreateAuthorizerInput{
				RestApiId:                    aws.String(id),
				Name:                         aws.String(a.Name),
				Type:                         agtypes.AuthorizerType(a.Type),
				IdentitySource:               aws.String(a.IdentitySource),
				AuthorizerResultTtlInSeconds: aws.Int32(int32(a.TTLSeconds)),
			}
			if uri != "" {
				in.AuthorizerUri = aws.String(uri)
			}
			if len(a.ProviderARNs) > 0 {
				in.ProviderARNs = a.ProviderARNs
			}
			if a.CredentialsRoleARN != "" {
				in.AuthorizerCredentials = aws.String(a.CredentialsRoleARN)
			}
			c, err := ag.CreateAuthorizer(ctx, in)
			if err != nil {
				return nil, nil, false, wrap(err, "creating authorizer %s of rest API %s", a.Name, id)
			}
			ids[a.Name] = aws.ToString(c.Id)
			changed = true
			continue
		}
		ids[a.Name] = aws.ToString(ex.Id)
		delete(cur, a.Name)
		var ops []agtypes.PatchOperation
		replace := func(path, want, got string) {
			if want != got {
				ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpReplace, Path: aws.String(path), Value: aws.String(want)})
			}
		}
		if a.Type == plan.AuthorizerToken {
			replace("/authorizerUri", uri, aws.ToString(ex.AuthorizerUri))
		}
		replace("/identitySource", a.IdentitySource, aws.ToString(ex.IdentitySource))
		replace("/authorizerResultTtlInSeconds", strconv.Itoa(a.TTLSeconds), strconv.Itoa(int(aws.ToInt32(ex.AuthorizerResultTtlInSeconds))))
		replace("/authorizerCredentials", a.CredentialsRoleARN, aws.ToString(ex.AuthorizerCredentials))
		for _, p := range a.ProviderARNs {
			if !slices.Contains(ex.ProviderARNs, p) {
				ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpAdd, Path: aws.String("/providerARNs"), Value: aws.String(p)})
			}
		}
		for _, p := range ex.ProviderARNs {
			if !slices.Contains(a.ProviderARNs, p) {
				ops = append(ops, agtypes.PatchOperation{Op: agtypes.OpRemove, Path: aws.String("/providerARNs"), Value: aws.String(p)})
			}
		}
		if len(ops) > 0 {
			if _, err := ag.UpdateAuthorizer(ctx, &apigateway.UpdateAuthorizerInput{RestApiId: aws.String(id), AuthorizerId: ex.Id, PatchOperations: ops}); err != nil {
				return nil, nil, false, wrap(err, "updating authorizer %s of rest API %s", a.Name, id)
			}
			changed = true
		}
	}
	var stale []agtypes.Authorizer
	for _, n := range slices.Sorted(maps.Keys(cur)) {
		stale = append(stale, cur[n])
	}
	return ids, stale, changed, nil
}

type liveResource struct {
	id      string
	methods map[string]bool
}

func (d *Deployer) listResources(ctx context.Context, id string) (map[string]*liveResource, error) {
	live := map[string]*liveResource{}
	p := apigateway.NewGetResourcesPaginator(d.Clients.APIGateway, &apigateway.GetResourcesInput{
		RestApiId: aws.String(id), Embed: []string{"methods"}, Limit: aws.Int32(500),
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, wrap(err, "listing the resources of rest API %s", id)
		}
		for _, r := range page.Items {
			lr := &liveResource{id: aws.ToString(r.Id), methods: map[string]bool{}}
			for m := range r.ResourceMethods {
				lr.methods[m] = true
			}
			live[aws.ToString(r.Path)] = lr
		}
	}
	return live, nil
}

// syncResources makes the API's resource tree and methods match the plan.
func (d *Deployer) syncResources(ctx context.Context, id string, api *plan.RestAPI, authIDs map[string]string) (bool, error) {
	ag := d.Clients.APIGateway
	live, err := d.listResources(ctx, id)
	if err != nil {
		return false, err
	}
	changed := false
	want := map[string]*plan.Resource{}
	for _, r := range api.Resources {
		want[r.Path] = r
	}
	// Resources the plan no longer has; deleting a parent deletes its
	// children, so only the topmost ones are deleted.
	var gone []string
	for path := range live {
		if want[path] == nil {
			gone = append(gone, path)
		}
	}
	slices.Sort(gone)
	var deleted []string
	for _, path := range gone {
		if slices.ContainsFunc(deleted, func(p string) bool { return strings.HasPrefix(path, p+"/") }) {
			delete(live, path)
			continue
		}
		d.debugf("rest API %s: deleting resource %s", id, path)
		if _, err := ag.DeleteResource(ctx, &apigateway.DeleteResourceInput{RestApiId: aws.String(id), ResourceId: aws.String(live[path].id)}); err != nil && !isNotFound(err) {
			return false, wrap(err, "deleting resource %s of rest API %s", path, id)
		}
		deleted = append(deleted, path)
		delete(live, path)
		changed = true
	}
	d.prefetchMethods(ctx, id, api, live)
	defer func() { d.methodReads = nil }()
	for _, r := range api.Resources { // sorted: parents come first
		lr := live[r.Path]
		if lr == nil {
			parent := live[r.Parent()]
			if parent == nil {
				return false, fmt.Errorf("rest API %s: no parent resource for %s", id, r.Path)
			}
			d.debugf("rest API %s: creating resource %s", id, r.Path)
			out, err := ag.CreateResource(ctx, &apigateway.CreateResourceInput{RestApiId: aws.String(id), ParentId: aws.String(parent.id), PathPart: aws.String(r.PathPart())})
			if err != nil {
				return false, wrap(err, "creating resource %s of rest API %s", r.Path, id)
			}
			lr = &liveResource{id: aws.ToString(out.Id), methods: map[string]bool{}}
			live[r.Path] = lr
			changed = true
		}
		wantMethods := map[string]bool{}
		for _, m := range r.Methods {
			wantMethods[m.HTTPMethod] = true
			authID := ""
			if m.Authorizer != "" {
				authID = authIDs[m.Authorizer]
			}
			uri, err := d.resolve(m.IntegrationURI)
			if err != nil {
				return false, err
			}
			if lr.methods[m.HTTPMethod] {
				same, err := d.methodMatches(ctx, id, lr.id, m, authID, uri)
				if err != nil {
					return false, err
				}
				if same {
					continue
				}
				d.debugf("rest API %s: replacing %s %s", id, m.HTTPMethod, r.Path)
				if _, err := ag.DeleteMethod(ctx, &apigateway.DeleteMethodInput{RestApiId: aws.String(id), ResourceId: aws.String(lr.id), HttpMethod: aws.String(m.HTTPMethod)}); err != nil && !isNotFound(err) {
					return false, wrap(err, "replacing %s %s of rest API %s", m.HTTPMethod, r.Path, id)
				}
			}
			if err := d.putMethod(ctx, id, lr.id, r.Path, m, authID, uri); err != nil {
				return false, err
			}
			changed = true
		}
		for m := range lr.methods {
			if !wantMethods[m] {
				d.debugf("rest API %s: deleting %s %s", id, m, r.Path)
				if _, err := ag.DeleteMethod(ctx, &apigateway.DeleteMethodInput{RestApiId: aws.String(id), ResourceId: aws.String(lr.id), HttpMethod: aws.String(m)}); err != nil && !isNotFound(err) {
					return false, wrap(err, "deleting %s %s of rest API %s", m, r.Path, id)
				}
				changed = true
			}
		}
	}
	return changed, nil
}

func responseParams(h map[string]string) (method map[string]bool, integration map[string]string) {
	method, integration = map[string]bool{}, map[string]string{}
	for k, v := range h {
		method["method.response.header."+k] = false
		integration["method.response.header."+k] = "'" + v + "'"
	}
	return method, integration
}

func (d *Deployer) methodMatches(ctx context.Context, apiID, resID string, m *plan.Method, authID, uri string) (bool, error) {
	got, err := d.getMethod(ctx, apiID, resID, m.HTTPMethod)
	if isNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, wrap(err, "reading method %s of rest API %s", m.HTTPMethod, apiID)
	}
	if aws.ToString(got.AuthorizationType) != m.AuthorizationType || aws.ToString(got.AuthorizerId) != authID ||
		aws.ToBool(got.ApiKeyRequired) != m.APIKeyRequired || got.MethodIntegration == nil {
		return false, nil
	}
	in := got.MethodIntegration
	switch m.Integration {
	case plan.IntegrationLambda:
		return in.Type == agtypes.IntegrationTypeAwsProxy && aws.ToString(in.Uri) == uri, nil
	case plan.IntegrationMock:
		if in.Type != agtypes.IntegrationTypeMock {
			return false, nil
		}
		_, want := responseParams(m.ResponseHeaders)
		r, ok := in.IntegrationResponses["200"]
		return ok && maps.Equal(r.ResponseParameters, want), nil
	}
	return false, nil
}

func (d *Deployer) putMethod(ctx context.Context, apiID, resID, path string, m *plan.Method, authID, uri string) error {
	ag := d.Clients.APIGateway
	what := fmt.Sprintf("%s %s of rest API %s", m.HTTPMethod, path, apiID)
	in := &apigateway.PutMethodInput{
		RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(m.HTTPMethod),
		AuthorizationType: aws.String(m.AuthorizationType), ApiKeyRequired: m.APIKeyRequired,
	}
	if authID != "" {
		in.AuthorizerId = aws.String(authID)
	}
	if _, err := ag.PutMethod(ctx, in); err != nil {
		return wrap(err, "creating %s", what)
	}
	switch m.Integration {
	case plan.IntegrationLambda:
		if _, err := ag.PutIntegration(ctx, &apigateway.PutIntegrationInput{
			RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(m.HTTPMethod),
			Type: agtypes.IntegrationTypeAwsProxy, IntegrationHttpMethod: aws.String("POST"), Uri: aws.String(uri),
		}); err != nil {
			return wrap(err, "integrating %s with lambda", what)
		}
	case plan.IntegrationMock:
		mp, ip := responseParams(m.ResponseHeaders)
		if _, err := ag.PutIntegration(ctx, &apigateway.PutIntegrationInput{
			RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(m.HTTPMethod),
			Type: agtypes.IntegrationTypeMock, RequestTemplates: map[string]string{"application/json": `{"statusCode": 200}`},
		}); err != nil {
			return wrap(err, "creating the CORS preflight %s", what)
		}
		if _, err := ag.PutMethodResponse(ctx, &apigateway.PutMethodResponseInput{
			RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(m.HTTPMethod),
			StatusCode: aws.String("200"), ResponseParameters: mp, ResponseModels: map[string]string{"application/json": "Empty"},
		}); err != nil {
			return wrap(err, "creating the CORS preflight response of %s", what)
		}
		if _, err := ag.PutIntegrationResponse(ctx, &apigateway.PutIntegrationResponseInput{
			RestApiId: aws.String(apiID), ResourceId: aws.String(resID), HttpMethod: aws.String(m.HTTPMethod),
			StatusCode: aws.String("200"), ResponseParameters: ip, ResponseTemplates: map[string]string{"application/json": ""},
		}); err != nil {
			return wrap(err, "creating the CORS preflight integration response of %s", what)
		}
	}
	return nil
}

func (d *Deployer) deleteRestAPI(ctx context.Context, r state.Resource) error {
	if r.RestAPIID == "" {
		return nil
	}
	d.printf("Deleting Rest API: %s", r.RestAPIID)
	if _, err := d.Clients.APIGateway.DeleteRestApi(ctx, &apigateway.DeleteRestApiInput{RestApiId: aws.String(r.RestAPIID)}); err != nil && !isNotFound(err) {
		// Some implementations fail oddly for an API that is already gone.
		if _, gerr := d.Clients.APIGateway.GetRestApi(ctx, &apigateway.GetRestApiInput{RestApiId: aws.String(r.RestAPIID)}); isNotFound(gerr) {
			return nil
		}
		return wrap(err, "deleting rest API %s", r.RestAPIID)
	}
	return nil
}
