package awsdeploy_test

import (
	"context"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/apigateway"
	agtypes "github.com/aws/aws-sdk-go-v2/service/apigateway/types"
)

// TestGatewayResponsesMoto: an app with CORS routes gets DEFAULT_4XX and
// DEFAULT_5XX gateway responses with the CORS header (apirules.GatewayCORS
// through the plan); dropping the app's CORS resets them.
func TestGatewayResponsesMoto(t *testing.T) {
	e := setup(t)
	ctx := context.Background()
	ag := apigateway.NewFromConfig(e.cfg)
	app := appModel() // /users/{id} has CORS
	res := e.deploy(t, buildPlan(t, app))
	id := res.RestAPIID
	get := func(typ string) map[string]string {
		out, err := ag.GetGatewayResponse(ctx, &apigateway.GetGatewayResponseInput{RestApiId: aws.String(id), ResponseType: agtypes.GatewayResponseType(typ)})
		if err != nil {
			return nil
		}
		return out.ResponseParameters
	}
	for _, typ := range []string{"DEFAULT_4XX", "DEFAULT_5XX"} {
		if got := get(typ)["gatewayresponse.header.Access-Control-Allow-Origin"]; got != "'*'" {
			t.Errorf("%s Access-Control-Allow-Origin = %q (%v)", typ, got, get(typ))
		}
	}

	for _, r := range app.Routes {
		r.CORS = nil
	}
	e.deploy(t, buildPlan(t, app))
	for _, typ := range []string{"DEFAULT_4XX", "DEFAULT_5XX"} {
		if got := get(typ); got["gatewayresponse.header.Access-Control-Allow-Origin"] != "" {
			t.Errorf("%s still carries CORS after the app dropped it: %v", typ, got)
		}
	}
}
