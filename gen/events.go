package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/chalice-go/chalice/model"
)

const (
	eventsPkg = "github.com/chalice-go/chalice/runtime/events"
	wsapiPkg  = "github.com/chalice-go/chalice/runtime/wsapi"
)

// eventAdapters names the runtime/events adapter of each event kind.
var eventAdapters = map[model.EventKind]string{
	model.EventSchedule:     "Schedule",
	model.EventCloudWatch:   "CloudWatch",
	model.EventS3:           "S3",
	model.EventSNS:          "SNS",
	model.EventSQS:          "SQS",
	model.EventKinesis:      "Kinesis",
	model.EventDynamoDB:     "DynamoDB",
	model.EventWSConnect:    "WebsocketConnect",
	model.EventWSMessage:    "WebsocketMessage",
	model.EventWSDisconnect: "WebsocketDisconnect",
}

// middlewareKinds is the //chalice:middleware kind that applies to each
// event kind besides "all".
var middlewareKinds = map[model.EventKind]model.MiddlewareKind{
	model.EventSchedule:       "scheduled",
	model.EventCloudWatch:     "cloudwatch",
	model.EventS3:             "s3",
	model.EventSNS:            "sns",
	model.EventSQS:            "sqs",
	model.EventKinesis:        "kinesis",
	model.EventDynamoDB:       "dynamodb",
	model.EventLambdaFunction: "pure_lambda",
	model.EventWSConnect:      "websocket",
	model.EventWSMessage:      "websocket",
	model.EventWSDisconnect:   "websocket",
}

// hasWebsockets reports whether the app needs the AWS-backed websocket
// client; only then is runtime/wsapi (and with it the AWS SDK) linked.
func (g *generator) hasWebsockets() bool {
	for _, e := range g.app.Events {
		switch e.Kind {
		case model.EventWSConnect, model.EventWSMessage, model.EventWSDisconnect:
			return true
		}
	}
	return false
}

// eventMiddleware returns the middleware of kind "all" or kind's own, in
// source order.
func (g *generator) eventMiddleware(kind model.EventKind) []jen.Code {
	var out []jen.Code
	for _, m := range g.app.Middleware {
		if m.Kind == "all" || m.Kind == middlewareKinds[kind] {
			out = append(out, g.funcRef(m.Func))
		}
	}
	return out
}

// functionLits are the runtime.Function entries of the app's event
// handlers, pure Lambdas and websocket handlers.
func (g *generator) functionLits() ([]jen.Code, error) {
	var out []jen.Code
	for _, e := range g.app.Events {
		args := append([]jen.Code{g.funcRef(e.Func)}, g.eventMiddleware(e.Kind)...)
		var invoke *jen.Statement
		switch {
		case e.Kind == model.EventLambdaFunction:
			in, outT, err := g.pureTypes(e)
			if err != nil {
				return nil, err
			}
			invoke = jen.Qual(eventsPkg, "PureFunc").Types(in, outT).Call(args...)
		case e.Kind == model.EventSQS && isBatchResult(e.Signature):
			invoke = jen.Qual(eventsPkg, "SQSPartial").Call(args...)
		default:
			name, ok := eventAdapters[e.Kind]
			if !ok {
				return nil, posErr(e.Pos, "%s %s: unknown event kind", e.Kind, e.Name)
			}
			invoke = jen.Qual(eventsPkg, name).Call(args...)
		}
		out = append(out, multi(
			field("Name", jen.Lit(e.Name)),
			field("Kind", jen.Lit(string(e.Kind))),
			field("Invoke", invoke),
		))
	}
	return out, nil
}

// pureTypes returns the In and Out type arguments of events.PureFunc: Go
// cannot infer them through the handler-form union.
func (g *generator) pureTypes(e *model.EventHandler) (jen.Code, jen.Code, error) {
	var in jen.Code
	for _, p := range e.Signature.Params {
		if p.Kind == model.ParamEvent || p.Kind == model.ParamBody {
			te, err := g.typeCode(p.Type)
			if err != nil {
				return nil, nil, posErr(e.Pos, "lambda_function %s: input: %v", e.Name, err)
			}
			in = te.code
		}
	}
	if in == nil {
		return nil, nil, posErr(e.Pos, "lambda_function %s: the model has no input parameter", e.Name)
	}
	var out jen.Code = jen.Any()
	if e.Signature.Result == model.ResultValue || e.Signature.Result == model.ResultValueError {
		te, err := g.typeCode(e.Signature.ResultType)
		if err != nil {
			return nil, nil, posErr(e.Pos, "lambda_function %s: result: %v", e.Name, err)
		}
		out = te.code
	}
	return in, out, nil
}

func isBatchResult(sig model.Signature) bool {
	t := sig.ResultType
	return sig.Result == model.ResultValueError && t.PkgPath == chalicePkg && t.Name == "SQSBatchResult"
}

// eventAssertions pin event handler and event middleware signatures, like
// the route assertions do.
func (g *generator) eventAssertions(once func(model.Func) bool) ([]jen.Code, error) {
	var out []jen.Code
	for _, e := range g.app.Events {
		if !once(e.Func) {
			continue
		}
		params, results, _, err := g.sigTypes(e.Signature)
		if err != nil {
			return nil, posErr(e.Pos, "%s %s: %v", e.Kind, e.Name, err)
		}
		out = append(out, jen.Id("_").Add(funcSig(params, results)).Op("=").Add(g.funcRef(e.Func)))
	}
	for _, m := range g.app.Middleware {
		if m.Kind == "http" || !once(m.Func) {
			continue
		}
		out = append(out, jen.Id("_").Qual(eventsPkg, "Middleware").Op("=").Add(g.funcRef(m.Func)))
	}
	return out, nil
}
