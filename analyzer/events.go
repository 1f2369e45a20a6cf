package analyzer

import (
	"bytes"
	"encoding/json"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/model"
)

// eventTypes is the chalice type each event directive's handler receives.
var eventTypes = map[model.EventKind]string{
	model.EventSchedule:     "CloudWatchEvent",
	model.EventCloudWatch:   "CloudWatchEvent",
	model.EventS3:           "S3Event",
	model.EventSNS:          "SNSEvent",
	model.EventSQS:          "SQSEvent",
	model.EventKinesis:      "KinesisEvent",
	model.EventDynamoDB:     "DynamoDBEvent",
	model.EventWSConnect:    "WebsocketEvent",
	model.EventWSMessage:    "WebsocketEvent",
	model.EventWSDisconnect: "WebsocketEvent",
}

// wsNames are the fixed logical names of the websocket handlers.
var wsNames = map[model.EventKind]string{
	model.EventWSConnect:    "websocket_connect",
	model.EventWSMessage:    "websocket_message",
	model.EventWSDisconnect: "websocket_disconnect",
}

func (u *unit) authorizer(fd *funcDirs, pd parsedDir) {
	c := u.c
	if fd.obj != nil {
		u.authFuncs[fd.obj] = true
	}
	if !u.validFunc(fd, pd) {
		return
	}
	d := pd.d
	a := &model.Authorizer{
		Func:          u.funcRef(fd),
		Name:          u.logicalName(fd, pd),
		TTLSeconds:    300,
		ExecutionRole: d.Value("execution_role"),
		Header:        "Authorization",
		Blueprint:     u.blueprintPath(),
		Pos:           c.modelPos(pd.c.Slash),
	}
	ok := true
	if o, has := d.Option("ttl_seconds"); has {
		n, _ := strconv.Atoi(o.Value)
		if n > 3600 {
			c.errorf(pd.at(o.ValueCol), "ttl_seconds must be between 0 and 3600 (API Gateway's limit), not %d", n)
			ok = false
		}
		a.TTLSeconds = n
	}
	if o, has := d.Option("header"); has {
		a.Header = o.Value
	}
	sig := fd.obj.Type().(*types.Signature)
	if !matches(sig, []typePred{isContext, chaliceValue("AuthRequest")}, []typePred{chaliceValue("AuthResponse"), isError}) {
		c.errorf(fd.decl.Name.Pos(), "authorizer %s must be func(context.Context, chalice.AuthRequest) (chalice.AuthResponse, error), not %s",
			fd.decl.Name.Name, c.typeString(sig))
		ok = false
	}
	if !ok {
		return
	}
	u.authByFunc[fd.obj] = a
	c.app.Authorizers = append(c.app.Authorizers, a)
	c.addFunction(a.Name, u.namePos(pd), fd.decl.Name.Name)
	c.claimAuthName(a.Name, u.p.Types.Path()+"."+fd.decl.Name.Name, pd.c.Slash)
}

// namePos is where a duplicate logical name is reported: name= if written,
// else the directive.
func (u *unit) namePos(pd parsedDir) token.Pos {
	if o, ok := pd.d.Option("name"); ok {
		return pd.at(o.ValueCol)
	}
	return pd.c.Slash
}

type typePred func(types.Type) bool

func chaliceValue(name string) typePred {
	return func(t types.Type) bool { return isChalice(t, name) }
}

func matches(sig *types.Signature, params, results []typePred) bool {
	if sig.Variadic() || sig.Params().Len() != len(params) || sig.Results().Len() != len(results) {
		return false
	}
	for i, p := range params {
		if !p(sig.Params().At(i).Type()) {
			return false
		}
	}
	for i, r := range results {
		if !r(sig.Results().At(i).Type()) {
			return false
		}
	}
	return true
}

func (u *unit) event(fd *funcDirs, pd parsedDir) {
	c := u.c
	if !u.validFunc(fd, pd) {
		return
	}
	d := pd.d
	kind := model.EventKind(d.Name)
	e := &model.EventHandler{
		Kind:      kind,
		Func:      u.funcRef(fd),
		Blueprint: u.blueprintPath(),
		Pos:       c.modelPos(pd.c.Slash),
	}
	if ws, isWS := wsNames[kind]; isWS {
		e.Name = ws
	} else {
		e.Name = u.logicalName(fd, pd)
	}
	if len(d.Options) > 0 {
		e.Options = map[string]string{}
		for _, o := range d.Options {
			e.Options[o.Key] = o.Value
		}
	}
	ok := u.eventOptions(e, pd)
	sig, sigOK := u.eventSignature(fd, kind)
	if !ok || !sigOK {
		return
	}
	e.Signature = sig
	c.types.register(&e.Signature, sigTypesOf(fd.obj.Type().(*types.Signature), sig))
	c.app.Events = append(c.app.Events, e)
	if _, isWS := wsNames[kind]; isWS {
		if prev := c.ws[kind]; prev != nil {
			c.errorf(pd.c.Slash, "only one //chalice:%s handler per app: %s already has one (%s)", kind, prev.goFunc, prev.posText)
		} else {
			c.ws[kind] = &fnRec{name: e.Name, pos: pd.c.Slash, goFunc: fd.decl.Name.Name, posText: c.short(pd.c.Slash)}
		}
		return
	}
	c.addFunction(e.Name, u.namePos(pd), fd.decl.Name.Name)
}

// eventOptions validates the values of an event directive's options.
func (u *unit) eventOptions(e *model.EventHandler, pd parsedDir) bool {
	c := u.c
	d := pd.d
	ok := true
	intRange := func(key string, lo, hi int) {
		o, has := d.Option(key)
		if !has {
			return
		}
		if n, _ := strconv.Atoi(o.Value); n < lo || n > hi {
			c.errorf(pd.at(o.ValueCol), "%s must be between %d and %d, not %s", key, lo, hi, o.Value)
			ok = false
		}
	}
	switch e.Kind {
	case model.EventSchedule:
		arg := d.Args[0]
		if off, msg := checkSchedule(arg.Text); msg != "" {
			c.errorf(pd.argPos(arg, off), "%s", msg)
			ok = false
		}
		e.Schedule = arg.Text
	case model.EventCloudWatch:
		arg := d.Args[0]
		var buf bytes.Buffer
		var obj map[string]any
		if err := json.Unmarshal([]byte(arg.Text), &obj); err != nil || obj == nil {
			msg := "the event pattern must be a JSON object"
			if err != nil {
				msg += ": " + err.Error()
			}
			c.errorf(pd.at(arg.Col), "%s", msg)
			ok = false
		} else if len(obj) == 0 {
			c.errorf(pd.at(arg.Col), "the event pattern is empty: it would match no event; give fields such as {\"source\": [\"aws.ec2\"]}")
			ok = false
		} else if json.Compact(&buf, []byte(arg.Text)) == nil {
			e.Pattern = buf.String()
		}
	case model.EventS3:
		if o, has := d.Option("events"); has {
			for _, it := range o.Items() {
				if !validS3Event(it.Text) {
					c.errorf(pd.at(it.Col), "S3 event %q must look like s3:ObjectCreated:* or s3:ObjectRemoved:Delete", it.Text)
					ok = false
				}
			}
		}
	case model.EventSQS:
		intRange("batch_size", 1, 10000)
		intRange("maximum_batching_window_in_seconds", 0, 300)
	case model.EventKinesis, model.EventDynamoDB:
		intRange("batch_size", 1, 10000)
		intRange("maximum_batching_window_in_seconds", 0, 300)
		if o, has := d.Option("starting_position"); has && o.Value != "LATEST" && o.Value != "TRIM_HORIZON" {
			c.errorf(pd.at(o.ValueCol), "starting_position must be LATEST or TRIM_HORIZON, not %q", o.Value)
			ok = false
		}
	}
	return ok
}

func validS3Event(s string) bool {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || parts[0] != "s3" {
		return false
	}
	for _, p := range parts[1:] {
		if p == "" {
			return false
		}
		for i := 0; i < len(p); i++ {
			ch := p[i]
			if !(ch == '*' || 'a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9') {
				return false
			}
		}
	}
	return true
}

// eventSignature checks an event handler. Event handlers take an optional
// context.Context and the chalice event type and return error or nothing;
// an SQS handler may return (chalice.SQSBatchResult, error) to report
// failures per message. A pure Lambda takes an optional context and any
// JSON-decodable input and returns nothing, error, T or (T, error).
func (u *unit) eventSignature(fd *funcDirs, kind model.EventKind) (model.Signature, bool) {
	c := u.c
	sig := fd.obj.Type().(*types.Signature)
	name := fd.decl.Name.Name
	var out model.Signature
	params := sig.Params()
	ppos := paramPositions(fd.decl.Type.Params)
	evType := eventTypes[kind]
	want := "func(context.Context, chalice." + evType + ") error"
	if kind == model.EventLambdaFunction {
		want = "func(context.Context, In) (Out, error)"
	}
	fail := func(pos token.Pos, why string) (model.Signature, bool) {
		c.errorf(pos, "%s handler %s %s; want %s", kind, name, why, want)
		return model.Signature{}, false
	}
	if sig.Variadic() {
		return fail(fd.decl.Name.Pos(), "is variadic")
	}
	i := 0
	if params.Len() > 0 && isContext(params.At(0).Type()) {
		out.Params = append(out.Params, model.Param{Name: params.At(0).Name(), Kind: model.ParamContext})
		c.describe(params.At(0).Type(), &out.Params[0].Type)
		i = 1
	}
	if params.Len()-i != 1 {
		return fail(fd.decl.Name.Pos(), "takes "+count(params.Len(), "parameter"))
	}
	ev := params.At(i)
	if kind == model.EventLambdaFunction {
		if why := c.jsonProblem(ev.Type(), false); why != "" {
			return fail(ppos[i], "takes an input that cannot be decoded from JSON: "+why)
		}
		if !c.nameable(ev.Type(), ppos[i]) {
			return model.Signature{}, false
		}
	} else if !isChalice(ev.Type(), evType) {
		return fail(ppos[i], "takes "+c.typeString(ev.Type()))
	}
	p := model.Param{Name: ev.Name(), Kind: model.ParamEvent}
	c.describe(ev.Type(), &p.Type)
	out.Params = append(out.Params, p)

	res := sig.Results()
	rpos := resultPositions(fd.decl.Type)
	switch {
	case res.Len() == 0:
		out.Result = model.ResultNone
	case res.Len() == 1 && isError(res.At(0).Type()):
		out.Result = model.ResultError
	case kind == model.EventSQS && res.Len() == 2 && isChalice(res.At(0).Type(), "SQSBatchResult") && isError(res.At(1).Type()):
		out.Result = model.ResultValueError
		c.describe(res.At(0).Type(), &out.ResultType)
	case kind == model.EventLambdaFunction && (res.Len() == 1 || res.Len() == 2 && isError(res.At(1).Type())):
		t := res.At(0).Type()
		if why := c.jsonProblem(t, true); why != "" {
			return fail(rpos[0], "returns a value that cannot be encoded as JSON: "+why)
		}
		if !c.nameable(t, rpos[0]) {
			return model.Signature{}, false
		}
		out.Result = model.ResultValue
		if res.Len() == 2 {
			out.Result = model.ResultValueError
		}
		c.describe(t, &out.ResultType)
	default:
		at := fd.decl.Name.Pos()
		if len(rpos) > 0 {
			at = rpos[0]
		}
		what := "returns " + c.typeString(res.At(0).Type())
		if res.Len() > 1 {
			what = "returns " + count(res.Len(), "value")
		}
		return fail(at, what)
	}
	return out, true
}

// middlewareKinds are the handler kinds a //chalice:middleware applies to.
var middlewareKinds = map[string]bool{
	"all": true, "http": true, "s3": true, "sns": true, "sqs": true, "cloudwatch": true, "scheduled": true,
	"websocket": true, "pure_lambda": true, "kinesis": true, "dynamodb": true,
}

func (u *unit) middleware(fd *funcDirs, pd parsedDir) {
	c := u.c
	if !u.validFunc(fd, pd) {
		return
	}
	kind := "all"
	if len(pd.d.Args) == 1 {
		kind = pd.d.Args[0].Text
		if !middlewareKinds[kind] {
			c.errorf(pd.at(pd.d.Args[0].Col), "unknown middleware kind %q: use all, http, s3, sns, sqs, cloudwatch, scheduled, websocket, pure_lambda, kinesis or dynamodb", kind)
			return
		}
	}
	sig := fd.obj.Type().(*types.Signature)
	if kind == "http" {
		next := func(t types.Type) bool {
			s, ok := t.Underlying().(*types.Signature)
			return ok && matches(s, []typePred{isContext, ptrToChalice("Request")}, []typePred{ptrToChalice("Response"), isError})
		}
		if !matches(sig, []typePred{isContext, ptrToChalice("Request"), next}, []typePred{ptrToChalice("Response"), isError}) {
			c.errorf(fd.decl.Name.Pos(), "http middleware %s must be func(context.Context, *chalice.Request, chalice.HTTPHandler) (*chalice.Response, error), not %s",
				fd.decl.Name.Name, c.typeString(sig))
			return
		}
	} else {
		isAny := func(t types.Type) bool {
			i, ok := types.Unalias(t).(*types.Interface)
			return ok && i.Empty()
		}
		next := func(t types.Type) bool {
			s, ok := t.Underlying().(*types.Signature)
			return ok && matches(s, []typePred{isContext, isAny}, []typePred{isAny, isError})
		}
		if !matches(sig, []typePred{isContext, isAny, next}, []typePred{isAny, isError}) {
			c.errorf(fd.decl.Name.Pos(), "%s middleware %s must be func(ctx context.Context, event any, next func(context.Context, any) (any, error)) (any, error), not %s",
				kind, fd.decl.Name.Name, c.typeString(sig))
			return
		}
	}
	c.app.Middleware = append(c.app.Middleware, &model.Middleware{
		Func:      u.funcRef(fd),
		Kind:      model.MiddlewareKind(kind),
		Blueprint: u.blueprintPath(),
		Pos:       c.modelPos(pd.c.Slash),
	})
}

func ptrToChalice(name string) typePred {
	return func(t types.Type) bool { return isPtrToChalice(t, name) }
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
