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
	CORS      *CORSConfig
	// PublicAccess and PublicInvoke are the resource-policy statements a
	// NONE URL needs: lambda:InvokeFunctionUrl for everyone, limited to
	// NONE-auth URL calls, and (required of URLs created since October
	// 2025) lambda:InvokeFunction for everyone, limited to calls through a
	// Function URL. Without the second one the URL answers 403. nil for
	// AWS_IAM (callers need both permissions in their own policy).
	PublicAccess *FunctionURLPermission
	PublicInvoke *FunctionURLPermission
}

// FunctionURLPermission is a public-access statement of a NONE URL.
type FunctionURLPermission struct {
	StatementID         string // FunctionURLAllowPublicAccess, FunctionURLInvokeAllowPublicAccess
	Action              string // lambda:InvokeFunctionUrl, lambda:InvokeFunction
	Principal           string // *
	FunctionURLAuthType string // NONE (InvokeFunctionUrl only)
	// InvokedViaFunctionURL limits lambda:InvokeFunction to calls through
	// a Function URL (condition lambda:InvokedViaFunctionUrl): the function
	// stays private to the Invoke API.
	InvokedViaFunctionURL bool
}

// Statement IDs of a NONE URL's public-access statements.
const (
	FunctionURLPublicAccessSID = "FunctionURLAllowPublicAccess"
	FunctionURLPublicInvokeSID = "FunctionURLInvokeAllowPublicAccess"
)

// FunctionURLStateName is the state record name of a function's URL.
func FunctionURLStateName(logical string) string { return logical + "-function-url" }

func functionURL(logical string, fu *config.FunctionURL) *FunctionURL {
	if fu == nil {
		return nil
	}
	u := &FunctionURL{Function: logical, StateName: FunctionURLStateName(logical), AuthType: fu.AuthType}
	if c := fu.CORS; c != nil {
		u.CORS = &CORSConfig{
			AllowOrigins: slices.Clone(c.AllowOrigins), AllowMethods: slices.Clone(c.AllowMethods),
			AllowHeaders: slices.Clone(c.AllowHeaders), ExposeHeaders: slices.Clone(c.ExposeHeaders),
			AllowCredentials: c.AllowCredentials,
		}
		if c.MaxAge != nil {
			u.CORS.MaxAge = *c.MaxAge
		}
	}
	if fu.AuthType == "NONE" {
		u.PublicAccess = &FunctionURLPermission{StatementID: FunctionURLPublicAccessSID, Action: "lambda:InvokeFunctionUrl", Principal: "*", FunctionURLAuthType: "NONE"}
		u.PublicInvoke = &FunctionURLPermission{StatementID: FunctionURLPublicInvokeSID, Action: "lambda:InvokeFunction", Principal: "*", InvokedViaFunctionURL: true}
	}
	return u
}
