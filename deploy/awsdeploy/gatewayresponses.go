package awsdeploy

import (
	"context"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"

	"github.com/chalice-go/chalice/deploy/plan"
	"github.com/chalice-go/chalice/internal/apirules"
)

// gatewayResponseChange is a gateway response whose live headers differ
// from the plan's: put Params, or (Params nil) reset it to API Gateway's
// default.
type gatewayResponseChange struct {
	Type   string
	Params map[string]string
}

// corsParam marks a gateway response this deployer configured (the only
// header apirules.GatewayCORS always sets), so a reset never touches one
// the user made by hand.
const corsParam = "gatewayresponse.header.Access-Control-Allow-Origin"

// gatewayResponseChanges compares the API's DEFAULT_4XX/DEFAULT_5XX
// gateway responses with the plan (reads only: deploy and --dry-run share
// it).
func (d *Deployer) gatewayResponseChanges(ctx context.Context, id string, api *plan.RestAPI) ([]gatewayResponseChange, error) {
	want := map[string]map[string]string{}
	for _, g := range api.GatewayResponses {
		p := map[string]string{}
		for k, v := range g.Headers {
			p["gatewayresponse.header."+k] = "'" + v + "'"
		}
		want[g.Type] = p
	}
	var out []gatewayResponseChange
	for _, t := range []string{apirules.GatewayResponse4XX, apirules.GatewayResponse5XX} {
		var have map[string]string
		live, err := d.Clients.APIGateway.GetGatewayResponse(ctx, &apigateway.GetGatewayResponseInput{
			RestApiId: aws.String(id), ResponseType: agtypes.GatewayResponseType(t)})
		switch {
		case err == nil:
			have = live.ResponseParameters
		case isNotFound(err):
		default:
			return nil, wrap(err, "reading gateway response %s of rest API %s", t, id)
		}
		w, ok := want[t]
		switch {
		case ok && !maps.Equal(have, w):
			out = append(out, gatewayResponseChange{Type: t, Params: w})
		case !ok && have[corsParam] != "":
			out = append(out, gatewayResponseChange{Type: t})
		}
	}
	return out, nil
}

// syncGatewayResponses applies gatewayResponseChanges and reports whether
// anything changed.
func (d *Deployer) syncGatewayResponses(ctx context.Context, id string, api *plan.RestAPI) (bool, error) {
	changes, err := d.gatewayResponseChanges(ctx, id, api)
	if err != nil {
		return false, err
	}
	ag := d.Clients.APIGateway
	for _, c := range changes {
		if c.Params == nil {
			d.debugf("rest API %s: resetting gateway response %s", id, c.Type)
			if _, err := ag.DeleteGatewayResponse(ctx, &apigateway.DeleteGatewayResponseInput{
				RestApiId: aws.String(id), ResponseType: agtypes.GatewayResponseType(c.Type)}); err != nil && !isNotFound(err) {
				return false, wrap(err, "resetting gateway response %s of rest API %s", c.Type, id)
			}
			continue
		}
		d.debugf("rest API %s: gateway response %s", id, c.Type)
		if _, err := ag.PutGatewayResponse(ctx, &apigateway.PutGatewayResponseInput{
			RestApiId: aws.String(id), ResponseType: agtypes.GatewayResponseType(c.Type), ResponseParameters: c.Params}); err != nil {
			return false, wrap(err, "setting gateway response %s of rest API %s", c.Type, id)
		}
	}
	return len(changes) > 0, nil
}
