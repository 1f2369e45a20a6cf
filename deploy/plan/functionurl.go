package plan

import (
	"slices"

	"github.com/chalice-go/chalice/config"
)

// FunctionURL is a Lambda Function URL (config function_url).
type FunctionURL struct {
	Function  string // logical name
	StateName string // <function>-function-url
	AuthType  string // NONE or AWS_IAM
	CORS      *FunctionURLCORS
	// PublicAccess is the resource-policy statement a NONE URL needs:
	// lambda:InvokeFunctionUrl for everyone, limited to NONE-auth URL
	// calls. nil for AWS_IAM (callers need the permission in their own
	// policy).
	PublicAccess *FunctionURLPermission
}

// FunctionURLCORS is Lambda's CORS configuration of a Function URL.
type FunctionURLCORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           int
	AllowCredentials bool
}

// FunctionURLPermission is the public-access statement of a NONE URL.
type FunctionURLPermission struct {
	StatementID         string // FunctionURLAllowPublicAccess
	Action              string // lambda:InvokeFunctionUrl
	Principal           string // *
	FunctionURLAuthType string // NONE
}

// FunctionURLStateName is the state record name of a function's URL.
func FunctionURLStateName(logical string) string { return logical + "-function-url" }

func functionURL(logical string, fu *config.FunctionURL) *FunctionURL {
	if fu == nil {
		return nil
	}
	u := &FunctionURL{Function: logical, StateName: FunctionURLStateName(logical), AuthType: fu.AuthType}
	if c := fu.CORS; c != nil {
		u.CORS = &FunctionURLCORS{
			AllowOrigins: slices.Clone(c.AllowOrigins), AllowMethods: slices.Clone(c.AllowMethods),
			AllowHeaders: slices.Clone(c.AllowHeaders), ExposeHeaders: slices.Clone(c.ExposeHeaders),
			AllowCredentials: c.AllowCredentials,
		}
		if c.MaxAge != nil {
			u.CORS.MaxAge = *c.MaxAge
		}
	}
	if fu.AuthType == "NONE" {
		u.PublicAccess = &FunctionURLPermission{StatementID: "FunctionURLAllowPublicAccess", Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionURLAuthType: "NONE"}
	}
	return u
}
