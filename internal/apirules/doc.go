// Package apirules is the one home of API Gateway's REST API behaviour that
// Chalice apps see: the route table and path matching (captures, greedy
// {proxy+}), CORS (preflight and response headers, multi-origin matching,
// the built-in allowed headers), the binary media type and Accept rules,
// and the gateway's own error answers ("Missing Authentication Token"...).
//
// The runtime (inside Lambda), the local emulator (runtime/apigw, behind
// chalicegen local and chalicetest) and the deploy plan all call it, so the
// three cannot disagree. It is on the runtime's hot path: lookups allocate
// nothing, and everything derived from an app's routes is computed once.
package apirules
