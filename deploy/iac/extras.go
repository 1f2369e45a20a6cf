package iac

import (
	"maps"
	"slices"

	"github.com/chalice-go/chalice/deploy/plan"
)

// Function URLs and custom domains, in both syntaxes.

func tagList(m map[string]string) []any {
	var out []any
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, obj{"Key": k, "Value": m[k]})
	}
	return out
}

func (c *cfn) functionURLs(p *plan.Plan) error {
	for _, u := range p.FunctionURLs {
		fid := FunctionID(u.Function)
		props := obj{"TargetFunctionArn": getAtt(fid, "Arn"), "AuthType": u.AuthType}
		if cr := u.CORS; cr != nil {
			props["Cors"] = cors(*cr, false)
		}
		if _, err := c.add(fid+"Url", "AWS::Lambda::Url", props); err != nil {
			return err
		}
		c.out[fid+"FunctionURL"] = obj{"Value": getAtt(fid+"Url", "FunctionUrl")}
		for _, pa := range []struct {
			id string
			p  *plan.FunctionURLPermission
		}{{fid + "UrlPublicAccess", u.PublicAccess}, {fid + "UrlPublicInvoke", u.PublicInvoke}} {
			if pa.p == nil {
				continue
			}
			props := obj{"Action": pa.p.Action, "FunctionName": ref(fid), "Principal": pa.p.Principal}
			if pa.p.FunctionURLAuthType != "" {
				props["FunctionUrlAuthType"] = pa.p.FunctionURLAuthType
			}
			if pa.p.InvokedViaFunctionURL {
				props["InvokedViaFunctionUrl"] = true
			}
			if _, err := c.add(pa.id, "AWS::Lambda::Permission", props); err != nil {
				return err
			}
		}
	}
	return nil
}

// customDomain renders a domain name and its mapping of api's stage.
func (c *cfn) customDomain(d *plan.CustomDomain, apiID string, stage any) error {
	id := apiID + "CustomDomain"
	if d.V2 {
		cfg := obj{"CertificateArn": d.CertificateARN, "EndpointType": d.EndpointType}
		if d.SecurityPolicy != "" {
			cfg["SecurityPolicy"] = d.SecurityPolicy
		}
		props := obj{"DomainName": d.DomainName, "DomainNameConfigurations": []any{cfg}}
		if len(d.Tags) > 0 {
			props["Tags"] = strMap(d.Tags)
		}
		if _, err := c.add(id, "AWS::ApiGatewayV2::DomainName", props); err != nil {
			return err
		}
		m := obj{"DomainName": ref(id), "ApiId": ref(apiID), "Stage": stage}
		if d.BasePath != "" {
			m["ApiMappingKey"] = d.BasePath
		}
		if _, err := c.add(id+"Mapping", "AWS::ApiGatewayV2::ApiMapping", m); err != nil {
			return err
		}
		c.out[apiID+"CustomDomainAlias"] = obj{"Value": getAtt(id, "RegionalDomainName")}
	} else {
		props := obj{"DomainName": d.DomainName, "EndpointConfiguration": obj{"Types": []any{d.EndpointType}}}
		alias := "DistributionDomainName"
		if d.EndpointType == "EDGE" {
			props["CertificateArn"] = d.CertificateARN
		} else {
			props["RegionalCertificateArn"] = d.CertificateARN
			alias = "RegionalDomainName"
		}
		if d.SecurityPolicy != "" {
			props["SecurityPolicy"] = d.SecurityPolicy
		}
		if len(d.Tags) > 0 {
			props["Tags"] = tagList(d.Tags)
		}
		if _, err := c.add(id, "AWS::ApiGateway::DomainName", props); err != nil {
			return err
		}
		m := obj{"DomainName": ref(id), "RestApiId": ref(apiID), "Stage": stage}
		if d.BasePath != "" {
			m["BasePath"] = d.BasePath
		}
		if _, err := c.add(id+"Mapping", "AWS::ApiGateway::BasePathMapping", m); err != nil {
			return err
		}
		c.out[apiID+"CustomDomainAlias"] = obj{"Value": getAtt(id, alias)}
	}
	c.out[apiID+"CustomDomainURL"] = obj{"Value": d.URL}
	return nil
}

func (t *tf) functionURLs(p *plan.Plan) error {
	for _, u := range p.FunctionURLs {
		n := tfName(u.Function)
		args := obj{"function_name": fnAttr(u.Function, "function_name"), "authorization_type": u.AuthType}
		if cr := u.CORS; cr != nil {
			args["cors"] = cors(*cr, true)
		}
		if err := t.add("aws_lambda_function_url", n, args); err != nil {
			return err
		}
		t.out[FunctionID(u.Function)+"FunctionURL"] = obj{"value": interp("aws_lambda_function_url." + n + ".function_url")}
		if pa := u.PublicAccess; pa != nil {
			if err := t.add("aws_lambda_permission", n+"_url_public_access", obj{
				"statement_id": pa.StatementID, "action": pa.Action, "function_name": fnAttr(u.Function, "function_name"),
				"principal": pa.Principal, "function_url_auth_type": pa.FunctionURLAuthType,
			}); err != nil {
				return err
			}
		}
	}
	return nil
}

// customDomain renders a domain name and its mapping of api's stage; the
// outputs are named after the API's CloudFormation ID (cfnID), as the SAM
// template's.
func (t *tf) customDomain(d *plan.CustomDomain, api, cfnID, apiID, stage string) error {
	if d.V2 {
		cfg := obj{"certificate_arn": d.CertificateARN, "endpoint_type": d.EndpointType, "security_policy": d.SecurityPolicy}
		if d.SecurityPolicy == "" {
			cfg["security_policy"] = "TLS_1_2" // the provider requires one; API Gateway's default
		}
		args := obj{"domain_name": d.DomainName, "domain_name_configuration": cfg}
		if len(d.Tags) > 0 {
			args["tags"] = strMap(d.Tags)
		}
		if err := t.add("aws_apigatewayv2_domain_name", api, args); err != nil {
			return err
		}
		m := obj{"api_id": interp(apiID), "domain_name": interp("aws_apigatewayv2_domain_name." + api + ".id"), "stage": interp(stage)}
		if d.BasePath != "" {
			m["api_mapping_key"] = d.BasePath
		}
		if err := t.add("aws_apigatewayv2_api_mapping", api, m); err != nil {
			return err
		}
		t.out[cfnID+"CustomDomainAlias"] = obj{"value": interp("aws_apigatewayv2_domain_name." + api + ".domain_name_configuration[0].target_domain_name")}
	} else {
		args := obj{"domain_name": d.DomainName, "endpoint_configuration": obj{"types": []any{d.EndpointType}}}
		alias := "cloudfront_domain_name"
		if d.EndpointType == "EDGE" {
			args["certificate_arn"] = d.CertificateARN
		} else {
			args["regional_certificate_arn"] = d.CertificateARN
			alias = "regional_domain_name"
		}
		if d.SecurityPolicy != "" {
			args["security_policy"] = d.SecurityPolicy
		}
		if len(d.Tags) > 0 {
			args["tags"] = strMap(d.Tags)
		}
		if err := t.add("aws_api_gateway_domain_name", api, args); err != nil {
			return err
		}
		m := obj{"api_id": interp(apiID), "domain_name": interp("aws_api_gateway_domain_name." + api + ".domain_name"), "stage_name": interp(stage)}
		if d.BasePath != "" {
			m["base_path"] = d.BasePath
		}
		if err := t.add("aws_api_gateway_base_path_mapping", api, m); err != nil {
			return err
		}
		t.out[cfnID+"CustomDomainAlias"] = obj{"value": interp("aws_api_gateway_domain_name." + api + "." + alias)}
	}
	t.out[cfnID+"CustomDomainURL"] = obj{"value": d.URL}
	return nil
}
