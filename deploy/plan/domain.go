package plan

import (
	"fmt"
	"maps"
	"strings"

	"github.com/chalice-go/chalice/config"
)

// State names of the custom domains.
const (
	RestAPIDomainName      = "api_gateway_custom_domain"
	WebsocketAPIDomainName = "websocket_api_custom_domain"
)

// CustomDomain is an API Gateway custom domain name and the mapping of
// one API's stage under it (api_gateway_custom_domain for the REST API,
// websocket_api_custom_domain for the websocket API).
type CustomDomain struct {
	StateName  string // RestAPIDomainName or WebsocketAPIDomainName
	DomainName string
	// V2 is set for the websocket and HTTP APIs' domains (API Gateway v2
	// domain names and API mappings); the REST API's uses v1 domain names
	// and base path mappings.
	V2 bool
	// EndpointType is EDGE or REGIONAL: a REST API's domain follows the
	// API's endpoint type, a websocket or HTTP API's is REGIONAL. An EDGE domain
	// takes its certificate in us-east-1 (CertificateArn), a REGIONAL one
	// in the API's region (RegionalCertificateArn).
	EndpointType   string
	CertificateARN string
	// SecurityPolicy is TLS_1_0 or TLS_1_2; "" leaves API Gateway's default.
	SecurityPolicy string
	// BasePath is url_prefix: the API's stage is served under
	// https://DOMAIN/BASEPATH/; "" maps it at the root.
	BasePath string
	Tags     map[string]string
	// URL is the API's URL under the domain.
	URL string
}

func customDomain(cd *config.CustomDomain, stateName, endpointType string, v2 bool, scheme string) (*CustomDomain, error) {
	if cd == nil {
		return nil, nil
	}
	if endpointType == "PRIVATE" {
		return nil, fmt.Errorf("%s: a PRIVATE REST API cannot have a custom domain here; use api_gateway_endpoint_type EDGE or REGIONAL, or remove %s", stateName, stateName)
	}
	prefix := strings.Trim(cd.URLPrefix, "/")
	d := &CustomDomain{
		StateName: stateName, DomainName: cd.DomainName, V2: v2, EndpointType: endpointType,
		CertificateARN: cd.CertificateARN, SecurityPolicy: cd.TLSVersion, BasePath: prefix,
		Tags: maps.Clone(cd.Tags),
		URL:  scheme + "://" + cd.DomainName + "/",
	}
	if prefix != "" {
		d.URL += prefix + "/"
	}
	return d, nil
}

// customDomains plans the stage's custom domains; a domain configured for
// an API the app does not have is an error rather than ignored.
func customDomains(sc *config.StageConfig, p *Plan) error {
	if sc.APIGatewayCustomDomain != nil && p.HTTPAPI != nil {
		// An HTTP API's domain is an API Gateway v2 regional domain name
		// with an API mapping of the $default stage.
		d, err := customDomain(sc.APIGatewayCustomDomain, RestAPIDomainName, "REGIONAL", true, "https")
		if err != nil {
			return err
		}
		p.HTTPAPI.CustomDomain = d
	} else if sc.APIGatewayCustomDomain != nil {
		if p.RestAPI == nil {
			return fmt.Errorf("api_gateway_custom_domain %s: the app has no routes, so there is no REST API to map; remove the key", sc.APIGatewayCustomDomain.DomainName)
		}
		d, err := customDomain(sc.APIGatewayCustomDomain, RestAPIDomainName, p.RestAPI.EndpointType, false, "https")
		if err != nil {
			return err
		}
		p.RestAPI.CustomDomain = d
	}
	if sc.WebsocketAPICustomDomain != nil {
		if p.WebsocketAPI == nil {
			return fmt.Errorf("websocket_api_custom_domain %s: the app has no websocket handlers; remove the key", sc.WebsocketAPICustomDomain.DomainName)
		}
		d, err := customDomain(sc.WebsocketAPICustomDomain, WebsocketAPIDomainName, "REGIONAL", true, "wss")
		if err != nil {
			return err
		}
		p.WebsocketAPI.CustomDomain = d
	}
	return nil
}
