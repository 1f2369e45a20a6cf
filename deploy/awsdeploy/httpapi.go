package awsdeploy

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

// httpAPIName is the state name of the HTTP API record.
const httpAPIName = "http_api"

// ensureHTTPAPI converges the stage's HTTP API to api: the API (found by
// its record, else by name and stage tag, else created and recorded at
// once), its CORS configuration and tags, the one Lambda integration, the
// authorizers, the routes (routes no longer planned are deleted), the
// permissions and the auto-deploying $default stage. Every part is read
// first and written only where it differs, so an unchanged redeploy makes
// no mutating call; the stage deploys each change by itself, so nothing
// can be left changed but undeployed.
func (d *Deployer) ensureHTTPAPI(ctx context.Context, api *plan.HTTPAPI, st *state.State) (string, string, error) {
	c := d.Clients.APIGateway2
	var cur *v2types.Api
	if rec, ok := d.lookup(st, state.TypeHTTPAPI, httpAPIName); ok && rec.HTTPAPIID != "" {
		out, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(rec.HTTPAPIID)})
		switch {
		case err == nil:
			cur = &v2types.Api{ApiId: out.ApiId, Name: out.Name, Tags: out.Tags, CorsConfiguration: out.CorsConfiguration, ProtocolType: out.ProtocolType}
		case isNotFound(err):
			d.debugf("HTTP API %s recorded but gone", rec.HTTPAPIID)
		default:
			return "", "", wrap(err, "reading HTTP API %s", rec.HTTPAPIID)
		}
	}
	if cur == nil {
		// Not recorded: a deploy may have died after creating it.
		found, err := d.findV2API(ctx, api.Name, v2types.ProtocolTypeHttp, api.Tags)
		if err != nil {
			return "", "", err
		}
		cur = found
	}
	var id string
	if cur != nil {
		id = aws.ToString(cur.ApiId)
		d.printf("Updating HTTP API: %s", api.Name)
	} else {
		d.printf("Creating HTTP API: %s", api.Name)
		out, err := c.CreateApi(ctx, &apigatewayv2.CreateApiInput{
			Name: aws.String(api.Name), ProtocolType: v2types.ProtocolTypeHttp,
			CorsConfiguration: v2CORS(api.CORS), Tags: api.Tags,
		})
		if err != nil {
			return "", "", wrap(err, "creating HTTP API %s", api.Name)
		}
		id = aws.ToString(out.ApiId)
		cur = &v2types.Api{ApiId: out.ApiId, Tags: out.Tags, CorsConfiguration: out.CorsConfiguration}
	}
	d.known(plan.Ref{Kind: plan.RefHTTPAPIID}, id)
	url, err := d.resolve(api.URL)
	if err != nil {
		return "", "", err
	}
	if rec, ok := d.lookup(st, state.TypeHTTPAPI, httpAPIName); !ok || rec.HTTPAPIID != id || rec.HTTPAPIURL != url {
		if err := d.record(st, state.Resource{Name: httpAPIName, Type: state.TypeHTTPAPI, HTTPAPIID: id, HTTPAPIURL: url}); err != nil {
			return "", "", err
		}
	}
	if err := d.ensureAPITags(ctx, d.v2APIARN(id), cur.Tags, api.Tags); err != nil {
		return "", "", err
	}
	if err := d.ensureHTTPCORS(ctx, id, api.CORS, cur.CorsConfiguration); err != nil {
		return "", "", err
	}
	target, staleInts, err := d.ensureHTTPIntegration(ctx, id, api.Integration)
	if err != nil {
		return "", "", err
	}
	authIDs, staleAuths, err := d.syncHTTPAuthorizers(ctx, id, api.Authorizers)
	if err != nil {
		return "", "", err
	}
	for _, p := range api.Permissions {
		if err := d.ensurePermission(ctx, p); err != nil {
			return "", "", err
		}
	}
	if err := d.syncHTTPRoutes(ctx, id, api.Routes, target, authIDs); err != nil {
		return "", "", err
	}
	// What no route uses any more goes once the routes let go of it.
	for _, a := range staleAuths {
		d.debugf("HTTP API %s: deleting authorizer %s", id, aws.ToString(a.Name))
		if _, err := c.DeleteAuthorizer(ctx, &apigatewayv2.DeleteAuthorizerInput{ApiId: aws.String(id), AuthorizerId: a.AuthorizerId}); err != nil && !isNotFound(err) {
			return "", "", wrap(err, "deleting authorizer %s of HTTP API %s", aws.ToString(a.Name), id)
		}
	}
	for _, iid := range staleInts {
		if _, err := c.DeleteIntegration(ctx, &apigatewayv2.DeleteIntegrationInput{ApiId: aws.String(id), IntegrationId: aws.String(iid)}); err != nil && !isNotFound(err) {
			return "", "", wrap(err, "deleting integration %s of HTTP API %s", iid, id)
		}
	}
	if err := d.ensureHTTPStage(ctx, id, api.Stage); err != nil {
		return "", "", err
	}
	return id, url, nil
}

// v2CORS is the plan's CORS configuration in the SDK's shape (nil for none).
func v2CORS(c *plan.CORSConfig) *v2types.Cors {
	if c == nil {
		return nil
	}
	out := &v2types.Cors{AllowOrigins: c.AllowOrigins, AllowMethods: c.AllowMethods, AllowHeaders: c.AllowHeaders,
		ExposeHeaders: c.ExposeHeaders, AllowCredentials: aws.Bool(c.AllowCredentials)}
	if c.MaxAge > 0 {
		out.MaxAge = aws.Int32(int32(c.MaxAge))
	}
	return out
}

// sameCORS compares CORS configurations as API Gateway keeps them (lists
// as sets, header names case-insensitively).
func sameCORS(a, b *v2types.Cors) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return sameSet(a.AllowOrigins, b.AllowOrigins) && sameFoldedSet(a.AllowMethods, b.AllowMethods) &&
		sameFoldedSet(a.AllowHeaders, b.AllowHeaders) && sameFoldedSet(a.ExposeHeaders, b.ExposeHeaders) &&
		aws.ToInt32(a.MaxAge) == aws.ToInt32(b.MaxAge) && aws.ToBool(a.AllowCredentials) == aws.ToBool(b.AllowCredentials)
}

// sameFoldedSet compares lists of header names or methods, which API
// Gateway treats case-insensitively.
func sameFoldedSet(a, b []string) bool {
	fold := func(s []string) []string {
		out := make([]string, len(s))
		for i, v := range s {
			out[i] = strings.ToLower(v)
		}
		return out
	}
	return sameSet(fold(a), fold(b))
}

func (d *Deployer) ensureHTTPCORS(ctx context.Context, id string, want *plan.CORSConfig, cur *v2types.Cors) error {
	w := v2CORS(want)
	if sameCORS(w, cur) {
		return nil
	}
	c := d.Clients.APIGateway2
	var err error
	if w == nil {
		_, err = c.DeleteCorsConfiguration(ctx, &apigatewayv2.DeleteCorsConfigurationInput{ApiId: aws.String(id)})
	} else {
		_, err = c.UpdateApi(ctx, &apigatewayv2.UpdateApiInput{ApiId: aws.String(id), CorsConfiguration: w})
	}
	return wrap(err, "setting the CORS configuration of HTTP API %s", id)
}

// ensureHTTPIntegration converges the one Lambda integration and returns
// the routes' target ("integrations/<id>") and the integrations no route
// should use any more.
func (d *Deployer) ensureHTTPIntegration(ctx context.Context, id string, in *plan.HTTPIntegration) (string, []string, error) {
	c := d.Clients.APIGateway2
	uri, err := d.resolve(in.URI)
	if err != nil {
		return "", nil, err
	}
	var items []v2types.Integration
	req := &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id)}
	for {
		page, err := c.GetIntegrations(ctx, req)
		if err != nil {
			return "", nil, wrap(err, "listing the integrations of HTTP API %s", id)
		}
		items = append(items, page.Items...)
		if aws.ToString(page.NextToken) == "" {
			break
		}
		req.NextToken = page.NextToken
	}
	var keep string
	var stale []string
	for _, it := range items {
		if keep == "" && it.IntegrationType == v2types.IntegrationTypeAwsProxy && aws.ToString(it.IntegrationUri) == uri {
			keep = aws.ToString(it.IntegrationId)
			if aws.ToString(it.PayloadFormatVersion) != in.PayloadFormatVersion || aws.ToInt32(it.TimeoutInMillis) != int32(in.TimeoutMillis) ||
				aws.ToString(it.IntegrationMethod) != in.Method {
				if _, err := c.UpdateIntegration(ctx, &apigatewayv2.UpdateIntegrationInput{ApiId: aws.String(id), IntegrationId: it.IntegrationId, IntegrationMethod: aws.String(in.Method),
					PayloadFormatVersion: aws.String(in.PayloadFormatVersion), TimeoutInMillis: aws.Int32(int32(in.TimeoutMillis))}); err != nil {
					return "", nil, wrap(err, "updating the integration of HTTP API %s", id)
				}
			}
			continue
		}
		stale = append(stale, aws.ToString(it.IntegrationId))
	}
	if keep == "" {
		out, err := c.CreateIntegration(ctx, &apigatewayv2.CreateIntegrationInput{
			ApiId: aws.String(id), IntegrationType: v2types.IntegrationTypeAwsProxy, IntegrationUri: aws.String(uri),
			IntegrationMethod: aws.String(in.Method), PayloadFormatVersion: aws.String(in.PayloadFormatVersion), TimeoutInMillis: aws.Int32(int32(in.TimeoutMillis)),
		})
		if err != nil {
			return "", nil, wrap(err, "integrating HTTP API %s with %s", id, in.Function)
		}
		keep = aws.ToString(out.IntegrationId)
	}
	return "integrations/" + keep, stale, nil
}

// httpAuthorizerInput is the planned authorizer as the create call takes
// it, its URI resolved.
func (d *Deployer) httpAuthorizerInput(id string, a *plan.HTTPAuthorizer) (*apigatewayv2.CreateAuthorizerInput, error) {
	in := &apigatewayv2.CreateAuthorizerInput{ApiId: aws.String(id), Name: aws.String(a.Name),
		AuthorizerType: v2types.AuthorizerType(a.Type), IdentitySource: a.IdentitySource}
	if a.Type == plan.HTTPAuthorizerJWT {
		in.JwtConfiguration = &v2types.JWTConfiguration{Issuer: aws.String(a.Issuer), Audience: a.Audience}
		return in, nil
	}
	uri, err := d.resolve(a.URI)
	if err != nil {
		return nil, err
	}
	in.AuthorizerUri = aws.String(uri)
	in.AuthorizerPayloadFormatVersion = aws.String(a.PayloadFormatVersion)
	in.EnableSimpleResponses = aws.Bool(a.EnableSimpleResponses)
	in.AuthorizerResultTtlInSeconds = aws.Int32(int32(a.TTLSeconds))
	if a.CredentialsRoleARN != "" {
		in.AuthorizerCredentialsArn = aws.String(a.CredentialsRoleARN)
	}
	return in, nil
}

// sameHTTPAuthorizer reports whether the live authorizer is the planned one.
func sameHTTPAuthorizer(want *apigatewayv2.CreateAuthorizerInput, got v2types.Authorizer) bool {
	if want.AuthorizerType != got.AuthorizerType || !slices.Equal(want.IdentitySource, got.IdentitySource) {
		return false
	}
	if want.AuthorizerType == v2types.AuthorizerTypeJwt {
		return got.JwtConfiguration != nil && aws.ToString(got.JwtConfiguration.Issuer) == aws.ToString(want.JwtConfiguration.Issuer) &&
			sameSet(got.JwtConfiguration.Audience, want.JwtConfiguration.Audience)
	}
	return aws.ToString(got.AuthorizerUri) == aws.ToString(want.AuthorizerUri) &&
		aws.ToString(got.AuthorizerPayloadFormatVersion) == aws.ToString(want.AuthorizerPayloadFormatVersion) &&
		aws.ToBool(got.EnableSimpleResponses) == aws.ToBool(want.EnableSimpleResponses) &&
		aws.ToInt32(got.AuthorizerResultTtlInSeconds) == aws.ToInt32(want.AuthorizerResultTtlInSeconds) &&
		aws.ToString(got.AuthorizerCredentialsArn) == aws.ToString(want.AuthorizerCredentialsArn)
}

// syncHTTPAuthorizers creates or updates the planned authorizers and
// returns their IDs by name, and the live ones the plan no longer has
// (deleted by the caller once no route uses them).
func (d *Deployer) syncHTTPAuthorizers(ctx context.Context, id string, want []*plan.HTTPAuthorizer) (map[string]string, []v2types.Authorizer, error) {
	c := d.Clients.APIGateway2
	have := map[string]v2types.Authorizer{}
	req := &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(id)}
	for {
		page, err := c.GetAuthorizers(ctx, req)
		if err != nil {
			return nil, nil, wrap(err, "listing the authorizers of HTTP API %s", id)
		}
		for _, a := range page.Items {
			have[aws.ToString(a.Name)] = a
		}
		if aws.ToString(page.NextToken) == "" {
			break
		}
		req.NextToken = page.NextToken
	}
	ids := map[string]string{}
	for _, a := range want {
		in, err := d.httpAuthorizerInput(id, a)
		if err != nil {
			return nil, nil, err
		}
		got, ok := have[a.Name]
		delete(have, a.Name)
		switch {
		case !ok:
			out, err := c.CreateAuthorizer(ctx, in)
			if err != nil {
				return nil, nil, wrap(err, "creating authorizer %s of HTTP API %s", a.Name, id)
			}
			ids[a.Name] = aws.ToString(out.AuthorizerId)
		case !sameHTTPAuthorizer(in, got):
			up := &apigatewayv2.UpdateAuthorizerInput{ApiId: aws.String(id), AuthorizerId: got.AuthorizerId, Name: in.Name,
				AuthorizerType: in.AuthorizerType, IdentitySource: in.IdentitySource, JwtConfiguration: in.JwtConfiguration,
				AuthorizerUri: in.AuthorizerUri, AuthorizerPayloadFormatVersion: in.AuthorizerPayloadFormatVersion,
				EnableSimpleResponses: in.EnableSimpleResponses, AuthorizerResultTtlInSeconds: in.AuthorizerResultTtlInSeconds,
				AuthorizerCredentialsArn: in.AuthorizerCredentialsArn}
			if _, err := c.UpdateAuthorizer(ctx, up); err != nil {
				return nil, nil, wrap(err, "updating authorizer %s of HTTP API %s", a.Name, id)
			}
			ids[a.Name] = aws.ToString(got.AuthorizerId)
		default:
			ids[a.Name] = aws.ToString(got.AuthorizerId)
		}
	}
	var stale []v2types.Authorizer
	for _, name := range slices.Sorted(maps.Keys(have)) {
		stale = append(stale, have[name])
	}
	return ids, stale, nil
}

// syncHTTPRoutes creates, updates and deletes routes until the API has
// exactly the planned ones.
func (d *Deployer) syncHTTPRoutes(ctx context.Context, id string, want []*plan.HTTPRoute, target string, authIDs map[string]string) error {
	c := d.Clients.APIGateway2
	have := map[string]v2types.Route{}
	req := &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)}
	for {
		page, err := c.GetRoutes(ctx, req)
		if err != nil {
			return wrap(err, "listing the routes of HTTP API %s", id)
		}
		for _, r := range page.Items {
			have[aws.ToString(r.RouteKey)] = r
		}
		if aws.ToString(page.NextToken) == "" {
			break
		}
		req.NextToken = page.NextToken
	}
	for _, r := range want {
		authID := ""
		if r.Authorizer != "" {
			authID = authIDs[r.Authorizer]
		}
		got, ok := have[r.Key]
		delete(have, r.Key)
		switch {
		case !ok:
			in := &apigatewayv2.CreateRouteInput{ApiId: aws.String(id), RouteKey: aws.String(r.Key), Target: aws.String(target),
				AuthorizationType: v2types.AuthorizationType(r.AuthorizationType)}
			if authID != "" {
				in.AuthorizerId = aws.String(authID)
			}
			if _, err := c.CreateRoute(ctx, in); err != nil {
				return wrap(err, "creating route %s of HTTP API %s", r.Key, id)
			}
		case aws.ToString(got.Target) != target || string(got.AuthorizationType) != r.AuthorizationType || aws.ToString(got.AuthorizerId) != authID:
			in := &apigatewayv2.UpdateRouteInput{ApiId: aws.String(id), RouteId: got.RouteId, Target: aws.String(target),
				AuthorizationType: v2types.AuthorizationType(r.AuthorizationType), AuthorizerId: aws.String(authID)}
			if _, err := c.UpdateRoute(ctx, in); err != nil {
				return wrap(err, "updating route %s of HTTP API %s", r.Key, id)
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(have)) {
		if _, err := c.DeleteRoute(ctx, &apigatewayv2.DeleteRouteInput{ApiId: aws.String(id), RouteId: have[key].RouteId}); err != nil && !isNotFound(err) {
			return wrap(err, "deleting route %s of HTTP API %s", key, id)
		}
	}
	return nil
}

// ensureHTTPStage makes the auto-deploying stage exist.
func (d *Deployer) ensureHTTPStage(ctx context.Context, id, stage string) error {
	c := d.Clients.APIGateway2
	out, err := c.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String(stage)})
	switch {
	case isNotFound(err):
		_, err = c.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: aws.String(id), StageName: aws.String(stage), AutoDeploy: aws.Bool(true)})
		return wrap(err, "creating stage %s of HTTP API %s", stage, id)
	case err != nil:
		return wrap(err, "reading stage %s of HTTP API %s", stage, id)
	case !aws.ToBool(out.AutoDeploy):
		_, err = c.UpdateStage(ctx, &apigatewayv2.UpdateStageInput{ApiId: aws.String(id), StageName: aws.String(stage), AutoDeploy: aws.Bool(true)})
		return wrap(err, "turning on auto-deploy of stage %s of HTTP API %s", stage, id)
	}
	return nil
}

func (d *Deployer) deleteHTTPAPI(ctx context.Context, r state.Resource) error {
	if r.HTTPAPIID == "" {
		return nil
	}
	d.printf("Deleting HTTP API: %s", r.HTTPAPIID)
	if _, err := d.Clients.APIGateway2.DeleteApi(ctx, &apigatewayv2.DeleteApiInput{ApiId: aws.String(r.HTTPAPIID)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting HTTP API %s", r.HTTPAPIID)
	}
	return nil
}

// deployHTTPAPI converges the HTTP API and its custom domain and notes
// them in res and desired.
// deployHTTPAPI runs as a task beside the other APIs (concurrent.go): it
// sets only the Result's HTTP API fields and returns its domain.
func (d *Deployer) deployHTTPAPI(ctx context.Context, api *plan.HTTPAPI, st *state.State, res *Result) (*Domain, error) {
	id, url, err := d.ensureHTTPAPI(ctx, api, st)
	if err != nil {
		return nil, err
	}
	res.HTTPAPIID, res.HTTPAPIURL = id, url
	if cd := api.CustomDomain; cd != nil {
		return d.ensureDomain(ctx, cd, id, api.Stage, st)
	}
	return nil, nil
}

func httpDomain(p *plan.Plan) *plan.CustomDomain {
	if p.HTTPAPI == nil {
		return nil
	}
	return p.HTTPAPI.CustomDomain
}

// previewHTTPAPI lists what ensureHTTPAPI would change, with reads only:
// the API itself, its CORS configuration, integration, authorizers,
// routes and stage.
func (d *Deployer) previewHTTPAPI(ctx context.Context, api *plan.HTTPAPI, st *state.State, ch *Changes) error {
	c := d.Clients.APIGateway2
	recID := ""
	if rec := st.Lookup(state.TypeHTTPAPI, httpAPIName); rec != nil {
		recID = rec.HTTPAPIID
	}
	var cur *apigatewayv2.GetApiOutput
	id, _, err := d.locateAPI(recID, false, func(id string) error {
		var err error
		cur, err = c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(id)})
		return wrap(err, "reading HTTP API %s", id)
	}, func() (string, error) {
		found, err := d.findV2API(ctx, api.Name, v2types.ProtocolTypeHttp, api.Tags)
		if found == nil {
			return "", err
		}
		cur = &apigatewayv2.GetApiOutput{ApiId: found.ApiId, CorsConfiguration: found.CorsConfiguration, Tags: found.Tags}
		return aws.ToString(found.ApiId), err
	})
	if err != nil {
		return err
	}
	if id == "" {
		ch.Create = append(ch.Create, fmt.Sprintf("HTTP API %s (%d routes, %d authorizers, stage %s)", api.Name, len(api.Routes), len(api.Authorizers), api.Stage))
		return nil
	}
	d.known(plan.Ref{Kind: plan.RefHTTPAPIID}, id)
	var diff []string
	if !sameCORS(v2CORS(api.CORS), cur.CorsConfiguration) {
		diff = append(diff, "~CORS")
	}
	ints, err := c.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id)})
	if err != nil {
		return wrap(err, "listing the integrations of HTTP API %s", id)
	}
	uri, err := d.resolve(api.Integration.URI)
	if err != nil {
		return err
	}
	if len(ints.Items) != 1 || aws.ToString(ints.Items[0].IntegrationUri) != uri || aws.ToString(ints.Items[0].PayloadFormatVersion) != api.Integration.PayloadFormatVersion ||
		aws.ToInt32(ints.Items[0].TimeoutInMillis) != int32(api.Integration.TimeoutMillis) {
		diff = append(diff, "~integration")
	}
	auths, err := c.GetAuthorizers(ctx, &apigatewayv2.GetAuthorizersInput{ApiId: aws.String(id)})
	if err != nil {
		return wrap(err, "listing the authorizers of HTTP API %s", id)
	}
	authName := map[string]string{}
	haveAuth := map[string]v2types.Authorizer{}
	for _, a := range auths.Items {
		haveAuth[aws.ToString(a.Name)] = a
		authName[aws.ToString(a.AuthorizerId)] = aws.ToString(a.Name)
	}
	for _, a := range api.Authorizers {
		in, err := d.httpAuthorizerInput(id, a)
		if err != nil {
			return err
		}
		got, ok := haveAuth[a.Name]
		delete(haveAuth, a.Name)
		switch {
		case !ok:
			diff = append(diff, "+authorizer "+a.Name)
		case !sameHTTPAuthorizer(in, got):
			diff = append(diff, "~authorizer "+a.Name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(haveAuth)) {
		diff = append(diff, "-authorizer "+name)
	}
	routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)})
	if err != nil {
		return wrap(err, "listing the routes of HTTP API %s", id)
	}
	haveRoute := map[string]v2types.Route{}
	for _, r := range routes.Items {
		haveRoute[aws.ToString(r.RouteKey)] = r
	}
	for _, r := range api.Routes {
		got, ok := haveRoute[r.Key]
		delete(haveRoute, r.Key)
		switch {
		case !ok:
			diff = append(diff, "+"+r.Key)
		case string(got.AuthorizationType) != r.AuthorizationType || authName[aws.ToString(got.AuthorizerId)] != r.Authorizer:
			diff = append(diff, "~"+r.Key)
		}
	}
	for _, key := range slices.Sorted(maps.Keys(haveRoute)) {
		diff = append(diff, "-"+key)
	}
	stage, err := c.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String(api.Stage)})
	switch {
	case isNotFound(err):
		diff = append(diff, "+stage "+api.Stage)
	case err != nil:
		return wrap(err, "reading stage %s of HTTP API %s", api.Stage, id)
	case !aws.ToBool(stage.AutoDeploy):
		diff = append(diff, "~stage "+api.Stage+" auto-deploy")
	}
	ch.apiUpdate("HTTP API", id, api.Stage, diff, false)
	return nil
}
