package awsdeploy

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigatewayv2"
	v2types "github.com/aws/aws-sdk-go-v2/service/apigatewayv2/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/deploy/state"
)

func (d *Deployer) ensureWebsocketAPI(ctx context.Context, ws *plan.WebsocketAPI, st *state.State) (string, string, error) {
	c := d.Clients.APIGateway2
	var id string
	var tags map[string]string
	// pending: the stage may not serve the API as it is (see ensureRestAPI).
	pending, changed := false, false
	if rec, ok := d.lookup(st, state.TypeWebsocketAPI, websocketAPIName); ok && rec.WebsocketAPIID != "" {
		out, err := c.GetApi(ctx, &apigatewayv2.GetApiInput{ApiId: aws.String(rec.WebsocketAPIID)})
		switch {
		case err == nil:
			id, tags, pending = rec.WebsocketAPIID, out.Tags, rec.DeploymentPending
		case isNotFound(err):
			d.debugf("websocket API %s recorded but gone", rec.WebsocketAPIID)
		default:
			return "", "", wrap(err, "reading websocket API %s", rec.WebsocketAPIID)
		}
	}
	if id == "" {
		// Not recorded: a deploy may have died after creating it.
		found, err := d.findV2API(ctx, ws.Name, v2types.ProtocolTypeWebsocket, ws.Tags)
		if err != nil {
			return "", "", err
		}
		if found != nil {
			id, tags, pending = aws.ToString(found.ApiId), found.Tags, true
		}
	}
	if id != "" {
		d.printf("Updating websocket api: %s", ws.Name)
	} else {
		d.printf("Creating websocket api: %s", ws.Name)
		out, err := c.CreateApi(ctx, &apigatewayv2.CreateApiInput{
			Name: aws.String(ws.Name), ProtocolType: v2types.ProtocolTypeWebsocket,
			RouteSelectionExpression: aws.String(ws.RouteSelectionExpression),
			Tags:                     ws.Tags,
		})
		if err != nil {
			return "", "", wrap(err, "creating websocket API %s", ws.Name)
		}
		id, tags, pending = aws.ToString(out.ApiId), ws.Tags, true
	}
	d.known(plan.Ref{Kind: plan.RefWebsocketAPIID}, id)
	url, err := d.resolve(ws.URL)
	if err != nil {
		return "", "", err
	}
	rec := state.Resource{Name: websocketAPIName, Type: state.TypeWebsocketAPI, WebsocketAPIID: id, WebsocketAPIURL: url, DeploymentPending: true}
	if err := d.record(st, rec); err != nil {
		return "", "", err
	}
	if err := d.ensureAPITags(ctx, d.v2APIARN(id), tags, ws.Tags); err != nil {
		return "", "", err
	}

	// One AWS_PROXY integration per function.
	ints, err := c.GetIntegrations(ctx, &apigatewayv2.GetIntegrationsInput{ApiId: aws.String(id)})
	if err != nil {
		return "", "", wrap(err, "listing the integrations of websocket API %s", id)
	}
	byURI := map[string]string{}
	for _, in := range ints.Items {
		byURI[aws.ToString(in.IntegrationUri)] = aws.ToString(in.IntegrationId)
	}
	target := map[string]string{} // route key -> "integrations/<id>"
	for _, rt := range ws.Routes {
		key := rt.Key
		uri, err := d.resolve(rt.IntegrationURI)
		if err != nil {
			return "", "", fmt.Errorf("websocket route %s: %w", key, err)
		}
		iid := byURI[uri]
		if iid == "" {
			out, err := c.CreateIntegration(ctx, &apigatewayv2.CreateIntegrationInput{
				ApiId: aws.String(id), IntegrationType: v2types.IntegrationTypeAwsProxy, IntegrationUri: aws.String(uri),
			})
			if err != nil {
				return "", "", wrap(err, "integrating websocket API %s with %s", id, rt.Function)
			}
			iid = aws.ToString(out.IntegrationId)
			byURI[uri] = iid
			changed = true
		}
		target[key] = "integrations/" + iid
	}
	for _, p := range ws.Permissions {
		if err := d.ensurePermission(ctx, p); err != nil {
			return "", "", err
		}
	}
	routes, err := c.GetRoutes(ctx, &apigatewayv2.GetRoutesInput{ApiId: aws.String(id)})
	if err != nil {
		return "", "", wrap(err, "listing the routes of websocket API %s", id)
	}
	have := map[string]v2types.Route{}
	for _, r := range routes.Items {
		have[aws.ToString(r.RouteKey)] = r
	}
	for _, key := range slices.Sorted(maps.Keys(target)) {
		r, ok := have[key]
		switch {
		case !ok:
			if _, err := c.CreateRoute(ctx, &apigatewayv2.CreateRouteInput{ApiId: aws.String(id), RouteKey: aws.String(key), Target: aws.String(target[key])}); err != nil {
				return "", "", wrap(err, "creating route %s of websocket API %s", key, id)
			}
			changed = true
		case aws.ToString(r.Target) != target[key]:
			if _, err := c.UpdateRoute(ctx, &apigatewayv2.UpdateRouteInput{ApiId: aws.String(id), RouteId: r.RouteId, Target: aws.String(target[key])}); err != nil {
				return "", "", wrap(err, "updating route %s of websocket API %s", key, id)
			}
			changed = true
		}
		delete(have, key)
	}
	for key, r := range have {
		if _, err := c.DeleteRoute(ctx, &apigatewayv2.DeleteRouteInput{ApiId: aws.String(id), RouteId: r.RouteId}); err != nil && !isNotFound(err) {
			return "", "", wrap(err, "deleting route %s of websocket API %s", key, id)
		}
		changed = true
	}
	if _, err := c.GetStage(ctx, &apigatewayv2.GetStageInput{ApiId: aws.String(id), StageName: aws.String(ws.Stage)}); isNotFound(err) {
		if _, err := c.CreateStage(ctx, &apigatewayv2.CreateStageInput{ApiId: aws.String(id), StageName: aws.String(ws.Stage)}); err != nil {
			return "", "", wrap(err, "creating stage %s of websocket API %s", ws.Stage, id)
		}
		changed = true
	} else if err != nil {
		return "", "", wrap(err, "reading stage %s of websocket API %s", ws.Stage, id)
	}
	if changed || pending {
		if _, err := c.CreateDeployment(ctx, &apigatewayv2.CreateDeploymentInput{ApiId: aws.String(id), StageName: aws.String(ws.Stage)}); err != nil {
			return "", "", wrap(err, "deploying websocket API %s to stage %s", id, ws.Stage)
		}
	}
	rec.DeploymentPending = false
	if err := d.record(st, rec); err != nil {
		return "", "", err
	}
	return id, url, nil
}

func (d *Deployer) v2APIARN(id string) string {
	return fmt.Sprintf("arn:%s:apigateway:%s::/apis/%s", d.Partition, d.Region, id)
}

// findV2API returns the API Gateway v2 API of the given name and protocol
// that carries the stage's tag, or nil.
func (d *Deployer) findV2API(ctx context.Context, name string, proto v2types.ProtocolType, tags map[string]string) (*v2types.Api, error) {
	in := &apigatewayv2.GetApisInput{}
	for {
		page, err := d.Clients.APIGateway2.GetApis(ctx, in)
		if err != nil {
			return nil, wrap(err, "listing API Gateway v2 APIs")
		}
		for i, a := range page.Items {
			if aws.ToString(a.Name) == name && a.ProtocolType == proto && a.Tags[plan.StageTag] != "" && a.Tags[plan.StageTag] == tags[plan.StageTag] {
				return &page.Items[i], nil
			}
		}
		if aws.ToString(page.NextToken) == "" {
			return nil, nil
		}
		in.NextToken = page.NextToken
	}
}

func (d *Deployer) deleteWebsocketAPI(ctx context.Context, r state.Resource) error {
	if r.WebsocketAPIID == "" {
		return nil
	}
	d.printf("Deleting Websocket API: %s", r.WebsocketAPIID)
	if _, err := d.Clients.APIGateway2.DeleteApi(ctx, &apigatewayv2.DeleteApiInput{ApiId: aws.String(r.WebsocketAPIID)}); err != nil && !isNotFound(err) {
		return wrap(err, "deleting websocket API %s", r.WebsocketAPIID)
	}
	return nil
}
