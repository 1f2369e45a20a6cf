package iac

import (
	"strings"
	"unicode"

	"github.com/chalice-go/chalice/deploy/plan"
)

// Fixed CloudFormation logical IDs, as the spec names them.
const (
	RestAPIID      = "RestAPI"
	WebsocketAPIID = "WebsocketAPI"
	DefaultRoleID  = "DefaultRole"
)

// FunctionID is the CloudFormation logical ID of a function: APIHandler
// for api_handler, otherwise the logical name in CamelCase
// (websocket_connect → WebsocketConnect, every_hour → EveryHour).
func FunctionID(logical string) string {
	if logical == plan.APIHandler {
		return "APIHandler"
	}
	return camel(logical)
}

// RoleID is the logical ID of a managed role: DefaultRole, or
// <Function>Role for a function's own role.
func RoleID(stateName string) string {
	if stateName == plan.DefaultRoleName {
		return DefaultRoleID
	}
	return camel(stateName)
}

func camel(s string) string {
	var b strings.Builder
	up := true
	for _, r := range s {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 || unicode.IsDigit(rune(b.String()[0])) {
		return "F" + b.String()
	}
	return b.String()
}

// tfName makes a Terraform resource name from a plan name: letters,
// digits, underscores and dashes, not starting with a digit or dash.
func tfName(s string) string {
	var b strings.Builder
	for i, r := range s {
		ok := r == '_' || r == '-' || r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r))
		if !ok {
			r = '_'
		}
		if i == 0 && (unicode.IsDigit(r) || r == '-') {
			b.WriteByte('_')
		}
		b.WriteRune(r)
	}
	return b.String()
}
