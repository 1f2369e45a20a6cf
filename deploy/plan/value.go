package plan

import (
	"encoding/json"
	"fmt"
	"strings"
)

// RefKind says what a Ref stands for.
type RefKind string

// Reference kinds. The environment ones (partition, region, account, URL
// suffix) are known once credentials are; the others once the named plan
// resource exists.
const (
	RefPartition      RefKind = "partition"
	RefRegion         RefKind = "region"
	RefAccount        RefKind = "account"
	RefURLSuffix      RefKind = "url_suffix"       // amazonaws.com, amazonaws.com.cn
	RefFunctionARN    RefKind = "function_arn"     // Name: a Function's Logical
	RefRoleARN        RefKind = "role_arn"         // Name: a Role's StateName
	RefRuleARN        RefKind = "rule_arn"         // Name: a schedule or CloudWatch event's StateName
	RefRestAPIID      RefKind = "rest_api_id"      // the plan's RestAPI
	RefWebsocketAPIID RefKind = "websocket_api_id" // the plan's WebsocketAPI
	RefHTTPAPIID      RefKind = "http_api_id"      // the plan's HTTPAPI
)

// Ref is a value the plan cannot know: awsdeploy resolves it to the live
// value, a template renderer prints it as a template reference (Ref,
// Fn::GetAtt, a Terraform attribute).
type Ref struct {
	Kind RefKind
	Name string // the plan resource, for the resource kinds
}

func (r Ref) String() string {
	if r.Name == "" {
		return "${" + string(r.Kind) + "}"
	}
	return "${" + string(r.Kind) + ":" + r.Name + "}"
}

// Part is a literal text or a reference.
type Part struct {
	Lit string
	Ref *Ref
}

// Value is a string made of literal text and references, like an ARN
// whose account is the deploying one. A literal Value has one Lit part
// (or none for "").
type Value []Part

// Lit is a literal Value.
func Lit(s string) Value {
	if s == "" {
		return nil
	}
	return Value{{Lit: s}}
}

// Concat builds a Value from strings (literal text), Refs and Values.
func Concat(parts ...any) Value {
	var v Value
	add := func(p Part) {
		if p.Ref == nil && p.Lit == "" {
			return
		}
		if p.Ref == nil && len(v) > 0 && v[len(v)-1].Ref == nil {
			v[len(v)-1].Lit += p.Lit
			return
		}
		v = append(v, p)
	}
	for _, p := range parts {
		switch p := p.(type) {
		case string:
			add(Part{Lit: p})
		case Ref:
			r := p
			add(Part{Ref: &r})
		case Value:
			for _, q := range p {
				add(q)
			}
		default:
			panic(fmt.Sprintf("plan.Concat: %T", p))
		}
	}
	return v
}

// Literal returns the text of a Value without references.
func (v Value) Literal() (string, bool) {
	var b strings.Builder
	for _, p := range v {
		if p.Ref != nil {
			return "", false
		}
		b.WriteString(p.Lit)
	}
	return b.String(), true
}

// Refs returns the references of v in order.
func (v Value) Refs() []Ref {
	var out []Ref
	for _, p := range v {
		if p.Ref != nil {
			out = append(out, *p.Ref)
		}
	}
	return out
}

// Resolve substitutes every reference with what lookup returns.
func (v Value) Resolve(lookup func(Ref) (string, error)) (string, error) {
	var b strings.Builder
	for _, p := range v {
		if p.Ref == nil {
			b.WriteString(p.Lit)
			continue
		}
		s, err := lookup(*p.Ref)
		if err != nil {
			return "", err
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// String shows v with references as ${kind:name}, as plan.json does.
func (v Value) String() string {
	var b strings.Builder
	for _, p := range v {
		if p.Ref != nil {
			b.WriteString(p.Ref.String())
		} else {
			b.WriteString(p.Lit)
		}
	}
	return b.String()
}

// MarshalJSON prints v as its String.
func (v Value) MarshalJSON() ([]byte, error) { return json.Marshal(v.String()) }

// ARN builds arn:<partition>:<service>:<region>:<account>:<resource> for
// the deploying account and region.
func ARN(service string, resource ...any) Value {
	return Concat("arn:", Ref{Kind: RefPartition}, ":"+service+":", Ref{Kind: RefRegion}, ":", Ref{Kind: RefAccount}, ":", Concat(resource...))
}

// nameOrARN is the ARN of a resource given by name or ARN in the source.
func nameOrARN(s string, arn func(name string) Value) Value {
	if strings.HasPrefix(s, "arn:") {
		return Lit(s)
	}
	return arn(s)
}

// FunctionARN refers to a planned function's ARN.
func FunctionARN(logical string) Value {
	return Concat(Ref{Kind: RefFunctionARN, Name: logical})
}

// InvocationURI is the API Gateway integration URI of a planned function.
func InvocationURI(logical string) Value {
	return Concat("arn:", Ref{Kind: RefPartition}, ":apigateway:", Ref{Kind: RefRegion},
		":lambda:path/2015-03-31/functions/", Ref{Kind: RefFunctionARN, Name: logical}, "/invocations")
}
