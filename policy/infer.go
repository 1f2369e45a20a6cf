package policy

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/token"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/chalice-go/chalice/model"
)

// Options tune inference.
type Options struct {
	// VPC names the logical functions (api_handler, event handler names)
	// that run in a VPC (subnet_ids and security_group_ids both set, per
	// stage or per function); their policies get the ENI permissions.
	VPC map[string]bool
	// XRay names the logical functions with active tracing (the xray
	// config key); their policies may send trace segments.
	XRay map[string]bool
	// Partition is the ARN partition of scoped resources; default "aws".
	Partition string
	// Arch is the configured architecture ("arm64", the default, or
	// "x86_64"). The analysed build is the deployed one: GOOS=linux, that
	// GOARCH, CGO_ENABLED=0 and the bootstrap's build tags, as
	// packaging.Target says, whatever the host is.
	Arch string
	// Env is added to the go command's environment (GOFLAGS, GOPROXY, ...).
	Env []string
}

// Result is the inferred policy of an app.
type Result struct {
	// App is the union of every function's policy: the policy of the one
	// role all functions share.
	App *Document
	// AppActions explains App's inferred actions.
	AppActions []ActionUse
	// Functions holds one entry per Lambda function, in the order of
	// model.App.FunctionNames.
	Functions []*Function
}

// Function is the policy of one Lambda function.
type Function struct {
	Name     string // logical name: api_handler, an event handler's name, ...
	Document *Document
	Actions  []ActionUse // sorted by action
}

// ActionUse is one inferred action, why it is there, and what it is
// scoped to.
type ActionUse struct {
	Action    string
	Resources []string // ["*"] unless every site pinned the resource down
	Sites     []Site   // sorted by position
}

// Site is a call that needs an action.
type Site struct {
	Pos    model.Pos
	Caller string // the Go function making the call, e.g. "main.upload"
	Call   string // what it calls, e.g. "(*s3.Client).PutObject"
	// Kind says how the call was recognised: "client" (a method of a
	// service *Client), "presign", "paginator", "waiter", "helper" (another
	// SDK type driving a client), "interface" (an interface call with an
	// operation's exact signature whose callee the analysis cannot see)
	// or "chalice" (a chalice websocket function).
	Kind string
	// Resources are the ARNs this call is known to touch; nil when the
	// call does not pin its resource down (then the action is on "*").
	Resources []string
	// Path is the chain of Go functions from the Lambda entry point (or a
	// package initializer) to Caller.
	Path []string
}

// Document returns the named function's policy document, or nil.
func (r *Result) Document(name string) *Document {
	if f := r.Function(name); f != nil {
		return f.Document
	}
	return nil
}

// Function returns the named function's policy, or nil.
func (r *Result) Function(name string) *Function {
	for _, f := range r.Functions {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Infer loads the app's packages from dir and infers the IAM policy of
// each of its Lambda functions and of the app as a whole.
func Infer(dir string, app *model.App, opts Options) (*Result, error) {
	if app == nil {
		return nil, fmt.Errorf("policy: nil app")
	}
	prog, err := Load(dir, appPatterns(app), opts)
	if err != nil {
		return nil, err
	}
	return prog.Infer(app, opts)
}

// appPatterns lists the import paths that hold the app's code.
func appPatterns(app *model.App) []string {
	var out []string
	add := func(p string) {
		if p != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	add(app.PkgPath)
	for _, b := range app.Blueprints {
		add(b.ImportPath)
	}
	for _, f := range entryFuncs(app) {
		add(f.PkgPath)
	}
	if len(out) == 0 {
		out = append(out, ".")
	}
	return out
}

func entryFuncs(app *model.App) []model.Func {
	var out []model.Func
	for _, r := range app.Routes {
		out = append(out, r.Func)
	}
	for _, a := range app.Authorizers {
		out = append(out, a.Func)
	}
	for _, e := range app.Events {
		out = append(out, e.Func)
	}
	for _, m := range app.Middleware {
		out = append(out, m.Func)
	}
	return out
}

// Infer infers the policy of app, whose packages p must have loaded.
func (p *Program) Infer(app *model.App, opts Options) (_ *Result, err error) {
	if app == nil {
		return nil, fmt.Errorf("policy: nil app")
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("policy: internal error inferring the policy of %s: %v", app.PkgPath, r)
		}
	}()
	partition := opts.Partition
	if partition == "" {
		partition = "aws"
	}

	// The app's source packages: its roots and the source packages they import.
	var pkgs []*ssa.Package
	seen := map[string]bool{}
	var walk func(path string)
	walk = func(path string) {
		if seen[path] {
			return
		}
		seen[path] = true
		if sp := p.src[path]; sp != nil {
			pkgs = append(pkgs, sp)
		}
		for _, imp := range p.imports[path] {
			walk(imp)
		}
	}
	for _, path := range appPatterns(app) {
		if p.src[path] == nil {
			return nil, fmt.Errorf("policy: package %s was not loaded", path)
		}
		walk(path)
	}
	slices.SortFunc(pkgs, func(a, b *ssa.Package) int { return strings.Compare(a.Pkg.Path(), b.Pkg.Path()) })

	g := buildGraph(p.prog, collectFuncs(p.prog, pkgs))
	res := newResolver(g.funcs, pkgs)
	var inits []*ssa.Function
	for _, pkg := range pkgs {
		if f := pkg.Func("init"); f != nil {
			inits = append(inits, f)
		}
	}
	// A main of the app's own runs in every function too, up to its
	// runtime.Start call (see liveBlocks): what it wires up before
	// serving is what the handlers use.
	if sp := p.src[app.PkgPath]; sp != nil {
		if f := sp.Func("main"); f != nil && len(f.Blocks) > 0 {
			inits = append(inits, f)
		}
	}
	lookup := func(f model.Func) (*ssa.Function, error) {
		if sp := p.src[f.PkgPath]; sp != nil {
			if fn := sp.Func(f.Name); fn != nil {
				return fn, nil
			}
		}
		return nil, model.Errorf(f.Pos, "policy: entry point %s.%s not found", f.PkgPath, f.Name)
	}

	result := &Result{}
	appAgg := map[string]*actionAgg{}
	anyVPC := false
	var appExtra []Statement
	for _, fn := range functionsOf(app) {
		roots := slices.Clone(inits)
		for _, f := range fn.entries {
			sf, err := lookup(f)
			if err != nil {
				return nil, err
			}
			roots = append(roots, sf)
		}
		agg := p.collect(g.refine(roots), res, roots, partition)
		vpc := opts.VPC[fn.name]
		anyVPC = anyVPC || vpc
		var extra []Statement
		if fn.event != nil {
			if st := EventSourceStatement(fn.event, partition); st != nil {
				extra = append(extra, *st)
			}
		}
		if opts.XRay[fn.name] {
			extra = append(extra, XRayStatement())
		}
		result.Functions = append(result.Functions, &Function{
			Name:     fn.name,
			Document: buildDocument(agg, vpc, extra...),
			Actions:  uses(agg),
		})
		mergeAgg(appAgg, agg)
		appExtra = mergeStatements(appExtra, extra)
	}
	result.App = buildDocument(appAgg, anyVPC, appExtra...)
	result.AppActions = uses(appAgg)
	return result, nil
}

// lambdaFunc is one Lambda function of the app and the Go functions the
// runtime may call in it.
type lambdaFunc struct {
	name    string
	entries []model.Func
	event   *model.EventHandler // nil for api_handler and authorizers
}

// functionsOf lists the app's Lambda functions with their entry points:
// every route handler in api_handler, each authorizer and event handler in
// its own function, and middleware wherever it applies.
func functionsOf(app *model.App) []lambdaFunc {
	var out []lambdaFunc
	withMiddleware := func(lf lambdaFunc, kind string) lambdaFunc {
		for _, m := range app.Middleware {
			if middlewareApplies(string(m.Kind), kind) {
				lf.entries = append(lf.entries, m.Func)
			}
		}
		return lf
	}
	if len(app.Routes) > 0 {
		lf := lambdaFunc{name: "api_handler"}
		for _, r := range app.Routes {
			lf.entries = append(lf.entries, r.Func)
		}
		out = append(out, withMiddleware(lf, "http"))
	}
	for _, a := range app.Authorizers {
		out = append(out, withMiddleware(lambdaFunc{name: a.Name, entries: []model.Func{a.Func}}, "authorizer"))
	}
	for _, e := range app.Events {
		out = append(out, withMiddleware(lambdaFunc{name: e.Name, entries: []model.Func{e.Func}, event: e}, middlewareKind(e.Kind)))
	}
	return out
}

// middlewareKind names the event type middleware registers for, as the
// spec's register_middleware does.
func middlewareKind(k model.EventKind) string {
	switch k {
	case model.EventSchedule:
		return "scheduled"
	case model.EventCloudWatch:
		return "cloudwatch"
	case model.EventS3:
		return "s3"
	case model.EventSNS:
		return "sns"
	case model.EventSQS:
		return "sqs"
	case model.EventKinesis:
		return "kinesis"
	case model.EventDynamoDB:
		return "dynamodb"
	case model.EventLambdaFunction:
		return "pure_lambda"
	case model.EventWSConnect, model.EventWSMessage, model.EventWSDisconnect:
		return "websocket"
	}
	return string(k)
}

// middlewareApplies reports whether middleware registered for mw runs in a
// function of kind fn. Unknown middleware kinds apply everywhere: a policy
// with an action too many beats a function that fails.
func middlewareApplies(mw, fn string) bool {
	mw = strings.ToLower(mw)
	switch mw {
	case "", "all":
		return true
	case "http", "s3", "sns", "sqs", "kinesis", "dynamodb", "websocket", "cloudwatch":
		return mw == fn
	case "scheduled", "schedule":
		return fn == "scheduled"
	case "pure_lambda", "lambda_function", "lambda":
		return fn == "pure_lambda"
	case "authorizer":
		return fn == "authorizer"
	}
	return true
}

// actionAgg accumulates one action's sites.
type actionAgg struct {
	star      bool
	resources map[string]bool
	sites     map[siteKey]*Site
}

type siteKey struct {
	pos  model.Pos
	call string
}

func (a *actionAgg) add(s Site) {
	if s.Resources == nil {
		a.star = true
	}
	for _, r := range s.Resources {
		a.resources[r] = true
	}
	k := siteKey{s.Pos, s.Call}
	if old, ok := a.sites[k]; ok {
		// The same call reached twice (two paths): keep what it pins down
		// only if both agree, which they do, being one call.
		if old.Resources == nil || s.Resources == nil {
			old.Resources = nil
		}
		return
	}
	cp := s
	a.sites[k] = &cp
}

func aggFor(m map[string]*actionAgg, action string) *actionAgg {
	a := m[action]
	if a == nil {
		a = &actionAgg{resources: map[string]bool{}, sites: map[siteKey]*Site{}}
		m[action] = a
	}
	return a
}

func mergeAgg(dst, src map[string]*actionAgg) {
	for action, a := range src {
		d := aggFor(dst, action)
		for _, s := range a.sites {
			d.add(*s)
		}
	}
}

// collect walks the call graph from roots and gathers the actions of
// every SDK call it reaches.
func (p *Program) collect(g *graph, res *resolver, roots []*ssa.Function, partition string) map[string]*actionAgg {
	agg := map[string]*actionAgg{}
	record := func(e edge, reached map[*ssa.Function]edge, op sdkOp) {
		base := p.site(e, reached)
		base.Call, base.Kind = op.via, op.kind
		if op.pkg == nil && op.service == "" { // a chalice helper: the actions are fixed
			for _, action := range chaliceActions[op.name] {
				aggFor(agg, action).add(base)
			}
			return
		}
		var prefix string
		if op.pkg != nil {
			prefix = p.svc.lookup(op.pkg).Prefix
		} else {
			prefix = sdkServices[op.service].Prefix
		}
		if prefix == "" {
			return // a service that authorises calls by its own tokens
		}
		actions := actionsFor(prefix, op.name)
		for _, fa := range fieldActions[prefix][op.name] {
			if !slices.Contains(actions, fa.action) && res.fieldMaySet(g, e, op, fa.field) {
				actions = append(actions, fa.action)
			}
		}
		for _, fa := range serviceFieldActions[prefix] {
			if !slices.Contains(actions, fa.action) && op.pkg != nil && g.setsServiceField(op.pkg.Path(), fa.field) {
				actions = append(actions, fa.action)
			}
		}
		for _, action := range actions {
			s := base
			if !e.escaped && op.pkg != nil {
				if arns, ok := res.siteResources(e.site, op, prefix, action, partition); ok {
					s.Resources = arns
				}
			}
			aggFor(agg, action).add(s)
		}
	}
	g.reach(roots, func(site ssa.CallInstruction, targets []edge, reached map[*ssa.Function]edge) {
		caller := site.Parent()
		found := false
		for _, e := range targets {
			if unwrap(caller) == e.callee {
				// The forwarding call inside a wrapper: recorded at the
				// call of the wrapper, where the input is visible.
				found = true
				continue
			}
			for _, op := range targetOps(e.callee) {
				found = true
				record(e, reached, op)
			}
		}
		// An interface call with an SDK operation's exact signature that
		// resolved to no SDK code: the value may come from code outside
		// the analysis (reflection, a container without a body), so the
		// operation counts.
		if common := site.Common(); !found && common.IsInvoke() {
			if op, ok := interfaceOp(common.Method); ok {
				record(edge{site: site, caller: caller}, reached, op)
			}
		}
	})
	return agg
}

// targetOps returns the SDK operations calling f performs: an operation
// method, a paginator or waiter method, a wrapper of one of those, or a
// chalice websocket helper.
func targetOps(f *ssa.Function) []sdkOp {
	if w := unwrap(f); w != nil {
		f = w
	}
	if op, ok := clientOp(f); ok {
		return []sdkOp{op}
	}
	if hs := helperOps(f); len(hs) > 0 {
		return hs
	}
	if hs := tableHelperOps(f); len(hs) > 0 {
		return hs
	}
	if f.Pkg != nil && f.Pkg.Pkg.Path() == chalicePkg && f.Signature.Recv() == nil && chaliceActions[f.Name()] != nil {
		return []sdkOp{{name: f.Name(), kind: "chalice", via: "chalice." + f.Name()}}
	}
	return nil
}

// unwrap returns the SDK operation or helper method a synthetic wrapper
// (bound method value, method expression thunk, promoted method) only
// forwards to, or nil.
func unwrap(f *ssa.Function) *ssa.Function {
	if f == nil || f.Synthetic == "" || len(f.Blocks) == 0 {
		return nil
	}
	var target *ssa.Function
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			c, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			g := c.Common().StaticCallee()
			if g == nil || target != nil {
				return nil
			}
			target = g
		}
	}
	if target == nil {
		return nil
	}
	if _, ok := clientOp(target); ok {
		return target
	}
	if len(helperOps(target)) > 0 {
		return target
	}
	return nil
}

// site describes the call e, positioned at the nearest real source
// position (a synthetic wrapper has none: then its caller's call is used).
func (p *Program) site(e edge, reached map[*ssa.Function]edge) Site {
	s := Site{Caller: funcName(e.caller)}
	pos := e.site.Pos()
	f := e.caller
	for hops := 0; !pos.IsValid() && f != nil && hops < 64; hops++ {
		up, ok := reached[f]
		if !ok || up.site == nil {
			pos = f.Pos()
			break
		}
		pos, f = up.site.Pos(), up.caller
		s.Caller = funcName(f)
	}
	if pos.IsValid() {
		s.Pos = toPos(p.fset.Position(pos))
	}
	// The path from the entry point down to the caller.
	var path []string
	for f, hops := e.caller, 0; f != nil && hops < 256; hops++ {
		path = append(path, funcName(f))
		up, ok := reached[f]
		if !ok || up.caller == nil {
			break
		}
		f = up.caller
	}
	slices.Reverse(path)
	s.Path = path
	return s
}

func toPos(p token.Position) model.Pos {
	return model.Pos{File: p.Filename, Line: p.Line, Column: p.Column}
}

// funcName renders f with its package's name rather than its path:
// "main.upload", "(*store.Store).Put", "main.handler$1".
func funcName(f *ssa.Function) string {
	if f == nil {
		return ""
	}
	// Every package path in the name (receiver, thunk, instantiation
	// arguments) becomes the package's name.
	return pkgPathRE.ReplaceAllStringFunc(f.String(), func(m string) string {
		path := strings.TrimSuffix(m, ".")
		if p := f.Prog.ImportedPackage(path); p != nil {
			return p.Pkg.Name() + "."
		}
		return path[strings.LastIndex(path, "/")+1:] + "."
	})
}

// pkgPathRE matches an import path with at least one slash followed by the
// dot that starts a member name.
var pkgPathRE = regexp.MustCompile(`[A-Za-z0-9_.~-]+(?:/[A-Za-z0-9_.~-]+)+\.`)

// uses turns the aggregate into sorted ActionUses.
func uses(agg map[string]*actionAgg) []ActionUse {
	var out []ActionUse
	for action, a := range agg {
		u := ActionUse{Action: action, Resources: a.resourceList()}
		for _, s := range a.sites {
			u.Sites = append(u.Sites, *s)
		}
		slices.SortFunc(u.Sites, func(x, y Site) int {
			if c := strings.Compare(x.Pos.File, y.Pos.File); c != 0 {
				return c
			}
			if x.Pos.Line != y.Pos.Line {
				return x.Pos.Line - y.Pos.Line
			}
			if x.Pos.Column != y.Pos.Column {
				return x.Pos.Column - y.Pos.Column
			}
			return strings.Compare(x.Call, y.Call)
		})
		out = append(out, u)
	}
	slices.SortFunc(out, func(x, y ActionUse) int { return strings.Compare(x.Action, y.Action) })
	return out
}

func (a *actionAgg) resourceList() []string {
	if a.star || len(a.resources) == 0 {
		return []string{"*"}
	}
	out := make([]string, 0, len(a.resources))
	for r := range a.resources {
		out = append(out, r)
	}
	slices.Sort(out)
	return out
}

// LogsStatement is the CloudWatch Logs access every Lambda function needs.
func LogsStatement() Statement {
	return Statement{
		Effect:   "Allow",
		Action:   StringList{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"},
		Resource: StringList{"arn:*:logs:*:*:*"},
		Sid:      "Logs",
	}
}

// VPCStatement is the network-interface access a function in a VPC needs.
func VPCStatement() Statement {
	return Statement{
		Effect: "Allow",
		Action: StringList{
			"ec2:AssignPrivateIpAddresses",
			"ec2:CreateNetworkInterface",
			"ec2:DeleteNetworkInterface",
			"ec2:DescribeNetworkInterfaces",
			"ec2:DescribeSubnets",
			"ec2:DetachNetworkInterface",
			"ec2:UnassignPrivateIpAddresses",
		},
		Resource: StringList{"*"},
		Sid:      "VPCNetworkInterfaces",
	}
}

// buildDocument groups actions by their resource lists: one statement for
// the actions on "*", then one per distinct resource list, then logs, the
// extra statements (event sources, X-Ray) and, for a function in a VPC, the
// ENI permissions.
func buildDocument(agg map[string]*actionAgg, vpc bool, extra ...Statement) *Document {
	groups := map[string][]string{}
	resources := map[string][]string{}
	for action, a := range agg {
		rs := a.resourceList()
		key := strings.Join(rs, "\n")
		groups[key] = append(groups[key], action)
		resources[key] = rs
	}
	keys := make([]string, 0, len(groups))
	for k := range groups {
		slices.Sort(groups[k])
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if (a == "*") != (b == "*") {
			if a == "*" {
				return -1
			}
			return 1
		}
		if c := strings.Compare(groups[a][0], groups[b][0]); c != 0 {
			return c
		}
		return strings.Compare(a, b)
	})
	doc := &Document{Version: Version}
	for _, k := range keys {
		sid := "InferredActions"
		if k != "*" {
			sum := sha256.Sum256([]byte(k))
			sid = "InferredScoped" + hex.EncodeToString(sum[:4])
		}
		doc.Statement = append(doc.Statement, Statement{
			Effect:   "Allow",
			Action:   groups[k],
			Resource: resources[k],
			Sid:      sid,
		})
	}
	doc.Statement = append(doc.Statement, LogsStatement())
	doc.Statement = append(doc.Statement, extra...)
	if vpc {
		doc.Statement = append(doc.Statement, VPCStatement())
	}
	return doc
}

// mergeStatements adds the statements of more to the app-wide list: event
// source statements with the same actions share one statement over all
// their resources, and X-Ray appears once.
func mergeStatements(into, more []Statement) []Statement {
next:
	for _, st := range more {
		for i := range into {
			if into[i].Sid == st.Sid && slices.Equal(into[i].Action, st.Action) {
				for _, r := range st.Resource {
					if !slices.Contains(into[i].Resource, r) {
						into[i].Resource = append(into[i].Resource, r)
					}
				}
				slices.Sort(into[i].Resource)
				continue next
			}
		}
		st.Resource = slices.Clone(st.Resource)
		into = append(into, st)
	}
	// Deterministic order whatever the function order: by Sid, then actions.
	slices.SortStableFunc(into, func(a, b Statement) int {
		if c := strings.Compare(a.Sid, b.Sid); c != 0 {
			return c
		}
		return strings.Compare(strings.Join(a.Action, ","), strings.Join(b.Action, ","))
	})
	return into
}
