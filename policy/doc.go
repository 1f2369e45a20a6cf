// Package policy infers the IAM policy of a Chalice app's Lambda functions
// from its Go source: SSA of the app's packages, a VTA call graph from each
// Lambda entry point (routes share api_handler; each authorizer and event
// handler is its own function; package initializers count everywhere), and
// a mapping from the aws-sdk-go-v2 client methods it reaches to IAM actions,
// scoped to ARNs where every call names its resource by a constant.
//
// It also loads the hand-written policy a stage uses when autogen_policy is
// false. docs/policy.md describes the rules, the action table and the
// limits.
package policy
