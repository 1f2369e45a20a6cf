package policy

import (
	"go/constant"
	"go/token"
	"go/types"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// The resource-scoping rule: an action is scoped to an ARN when, at every
// call site that needs it, the resource field of the input struct (Bucket,
// TableName, QueueUrl, TopicArn, FunctionName, ...) is provably one of a
// set of constant strings. "Provably" is deliberately narrow:
//
//   - the input is a struct allocated in the calling function (&T{...} or
//     a local T whose address is taken), passed to nothing but SDK code;
//   - every store to the field in that function is aws.String(c) or
//     ptr.String(c), or &v of a local string only ever assigned constants;
//   - c is a constant expression, or a package-level string variable that
//     the app only ever assigns constants and never takes the address of.
//
// Anything else — a parameter, a helper's result, os.Getenv, fmt.Sprintf,
// the input handed to user code — leaves the call unscoped, and one
// unscoped call puts the action on "*".

// globalInfo records what the app stores into a package-level variable.
type globalInfo struct {
	stores []ssa.Value
	bad    bool // address taken or otherwise out of sight
}

// resolver evaluates resource fields at call sites of one app.
type resolver struct {
	globals map[*ssa.Global]*globalInfo
	// writesThrough is set when some code stores through a *string that
	// is not a variable or field of its own (*p = v): any package-level
	// *string may then point at what it overwrites.
	writesThrough bool
	src           map[*ssa.Package]bool // packages whose every function is in view
}

func newResolver(funcs map[*ssa.Function]bool, src []*ssa.Package) *resolver {
	r := &resolver{globals: map[*ssa.Global]*globalInfo{}, src: map[*ssa.Package]bool{}}
	for _, p := range src {
		r.src[p] = true
	}
	info := func(g *ssa.Global) *globalInfo {
		gi := r.globals[g]
		if gi == nil {
			gi = &globalInfo{}
			r.globals[g] = gi
		}
		return gi
	}
	var ops []*ssa.Value
	for f := range funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if st, ok := instr.(*ssa.Store); ok && isStringPtr(st.Addr.Type()) {
					switch a := st.Addr.(type) {
					case *ssa.FieldAddr, *ssa.IndexAddr, *ssa.Alloc, *ssa.Global:
					case *ssa.UnOp:
						if g, ok := a.X.(*ssa.Global); ok && a.Op == token.MUL {
							info(g).bad = true // *pkgVar = v
						} else {
							r.writesThrough = true
						}
					default:
						r.writesThrough = true
					}
				}
				if ld, ok := instr.(*ssa.UnOp); ok && ld.Op == token.MUL {
					if g, ok := ld.X.(*ssa.Global); ok && escapesPtr(ld) {
						info(g).bad = true // the pointer it holds is handed on
					}
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					g, ok := (*op).(*ssa.Global)
					if !ok {
						continue
					}
					switch instr := instr.(type) {
					case *ssa.Store:
						if instr.Addr == g {
							gi := info(g)
							gi.stores = append(gi.stores, instr.Val)
							continue
						}
					case *ssa.UnOp:
						if instr.Op == token.MUL {
							continue
						}
					}
					info(g).bad = true
				}
			}
		}
	}
	return r
}

// globalValues evaluates every value stored into g with eval.
func (r *resolver) globalValues(g *ssa.Global, eval func(ssa.Value) ([]string, bool)) ([]string, bool) {
	gi := r.globals[g]
	// A global the app never assigns holds its zero value, not a name; one
	// in a package outside the analysis may be assigned anywhere.
	if gi == nil || gi.bad || len(gi.stores) == 0 || !r.src[g.Pkg] {
		return nil, false
	}
	var out []string
	for _, v := range gi.stores {
		vals, ok := eval(v)
		if !ok {
			return nil, false
		}
		out = append(out, vals...)
	}
	return out, true
}

// constString evaluates a string value.
func (r *resolver) constString(v ssa.Value, seen map[ssa.Value]bool) ([]string, bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.String {
			return []string{constant.StringVal(v.Value)}, true
		}
	case *ssa.ChangeType:
		return r.constString(v.X, seen)
	case *ssa.Phi:
		return r.union(v.Edges, func(e ssa.Value) ([]string, bool) { return r.constString(e, seen) })
	case *ssa.UnOp:
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL {
			return r.globalValues(g, func(s ssa.Value) ([]string, bool) { return r.constString(s, map[ssa.Value]bool{}) })
		}
	}
	return nil, false
}

// ptrString evaluates a *string value (an SDK input field).
func (r *resolver) ptrString(v ssa.Value, seen map[ssa.Value]bool) ([]string, bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Call:
		if f := v.Call.StaticCallee(); f != nil && isStringPtrHelper(f) && len(v.Call.Args) == 1 {
			return r.constString(v.Call.Args[0], map[ssa.Value]bool{})
		}
	case *ssa.Phi:
		return r.union(v.Edges, func(e ssa.Value) ([]string, bool) { return r.ptrString(e, seen) })
	case *ssa.Global: // &pkgVar
		return r.globalValues(v, func(s ssa.Value) ([]string, bool) { return r.constString(s, map[ssa.Value]bool{}) })
	case *ssa.UnOp: // a package-level *string variable
		if g, ok := v.X.(*ssa.Global); ok && v.Op == token.MUL && !r.writesThrough {
			return r.globalValues(g, func(s ssa.Value) ([]string, bool) { return r.ptrString(s, map[ssa.Value]bool{}) })
		}
	case *ssa.Alloc: // &local
		var out []string
		for _, ref := range *v.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr == v {
					vals, ok := r.constString(ref.Val, map[ssa.Value]bool{})
					if !ok {
						return nil, false
					}
					out = append(out, vals...)
				}
				// else: the pointer itself stored (into the input field).
			case *ssa.UnOp, *ssa.DebugRef:
			default:
				return nil, false
			}
		}
		return out, len(out) > 0
	}
	return nil, false
}

func (r *resolver) union(vs []ssa.Value, eval func(ssa.Value) ([]string, bool)) ([]string, bool) {
	var out []string
	for _, e := range vs {
		vals, ok := eval(e)
		if !ok {
			return nil, false
		}
		out = append(out, vals...)
	}
	return out, true
}

func isStringPtr(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	b, ok := p.Elem().Underlying().(*types.Basic)
	return ok && b.Kind() == types.String
}

// escapesPtr reports whether the *string loaded by ld (a package-level
// pointer variable's value) may reach code that writes through it: it is
// anything but read, stored into a field or variable, or handed to the SDK.
func escapesPtr(ld *ssa.UnOp) bool {
	if !isStringPtr(ld.Type()) {
		return false
	}
	for _, ref := range *ld.Referrers() {
		switch ref := ref.(type) {
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.Store:
			if ref.Addr == ld {
				continue // a write through it: writesThrough sees it
			}
		case ssa.CallInstruction:
			if !sdkCall(ref) {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// isStringPtrHelper reports whether f is aws.String or smithy-go's
// ptr.String, which return a pointer to their argument.
func isStringPtrHelper(f *ssa.Function) bool {
	if f.Pkg == nil || f.Name() != "String" || f.Signature.Recv() != nil {
		return false
	}
	p := f.Pkg.Pkg.Path()
	return p == "github.com/aws/aws-sdk-go-v2/aws" || p == "github.com/aws/smithy-go/ptr"
}

// inputAllocs traces an input pointer to the structs allocated for it.
func inputAllocs(v ssa.Value, seen map[ssa.Value]bool) ([]*ssa.Alloc, bool) {
	if seen[v] {
		return nil, true
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Alloc:
		return []*ssa.Alloc{v}, true
	case *ssa.Phi:
		var out []*ssa.Alloc
		for _, e := range v.Edges {
			as, ok := inputAllocs(e, seen)
			if !ok {
				return nil, false
			}
			out = append(out, as...)
		}
		return out, true
	}
	return nil, false
}

// fieldValues evaluates the first of fields the input struct sets.
func (r *resolver) fieldValues(site ssa.CallInstruction, input ssa.Value, fields []string) ([]string, bool) {
	seen := map[ssa.Value]bool{}
	allocs, ok := inputAllocs(input, seen)
	if !ok || len(allocs) == 0 {
		return nil, false
	}
	var out []string
	for _, a := range allocs {
		stores := map[string][]ssa.Value{}
		bad := map[string]bool{}
		for _, ref := range *a.Referrers() {
			switch ref := ref.(type) {
			case *ssa.FieldAddr:
				name := fieldName(ref)
				for _, use := range *ref.Referrers() {
					switch use := use.(type) {
					case *ssa.Store:
						if use.Addr == ref {
							stores[name] = append(stores[name], use.Val)
						} else {
							bad[name] = true
						}
					case *ssa.UnOp, *ssa.DebugRef:
					default:
						bad[name] = true
					}
				}
			case *ssa.DebugRef, *ssa.UnOp:
			case *ssa.Phi:
				if !seen[ref] {
					return nil, false
				}
			case *ssa.Store:
				if ref.Addr != a {
					return nil, false // the pointer escapes into memory
				}
				if _, zero := ref.Val.(*ssa.Const); !zero {
					return nil, false
				}
			case ssa.CallInstruction:
				if ref != site && !sdkCall(ref) {
					return nil, false
				}
			default:
				return nil, false
			}
		}
		found := false
		for _, f := range fields {
			if bad[f] {
				return nil, false
			}
			if len(stores[f]) == 0 {
				continue
			}
			found = true
			for _, s := range stores[f] {
				vals, ok := r.ptrString(s, map[ssa.Value]bool{})
				if !ok {
					return nil, false
				}
				out = append(out, vals...)
			}
			break
		}
		if !found {
			return nil, false
		}
	}
	slices.Sort(out)
	return slices.Compact(out), len(out) > 0
}

func fieldName(fa *ssa.FieldAddr) string {
	t := fa.X.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return ""
	}
	return st.Field(fa.Field).Name()
}

// sdkCall reports whether a call only hands its arguments to the SDK: a
// function or method of an aws-sdk-go-v2 package, or an interface method
// with an SDK operation's signature.
func sdkCall(c ssa.CallInstruction) bool {
	common := c.Common()
	if common.IsInvoke() {
		_, ok := interfaceOp(common.Method)
		return ok
	}
	f := common.StaticCallee()
	if f == nil || f.Pkg == nil {
		return false
	}
	return strings.HasPrefix(f.Pkg.Pkg.Path(), "github.com/aws/aws-sdk-go-v2/")
}

// opInput returns the argument of call that is the operation's input
// (*<Op>Input of pkg), or, for a paginator's NextPage, the input given to
// the paginator's constructor.
func opInputs(call ssa.CallInstruction, op sdkOp) []ssa.Value {
	common := call.Common()
	inputName := op.input
	if inputName == "" {
		inputName = op.name + "Input"
	}
	isInput := func(t types.Type) bool {
		n := namedPtr(t)
		return n != nil && n.Obj().Pkg() == op.pkg && n.Obj().Name() == inputName
	}
	for _, a := range common.Args {
		if isInput(a.Type()) {
			return []ssa.Value{a}
		}
	}
	if common.IsInvoke() || len(common.Args) == 0 {
		return nil
	}
	// The receiver of NextPage: trace it to New<Op>Paginator(client, params).
	var out []ssa.Value
	var trace func(v ssa.Value, seen map[ssa.Value]bool) bool
	trace = func(v ssa.Value, seen map[ssa.Value]bool) bool {
		if seen[v] {
			return true
		}
		seen[v] = true
		switch v := v.(type) {
		case *ssa.Call:
			f := v.Call.StaticCallee()
			if f == nil || f.Pkg == nil || f.Pkg.Pkg != op.pkg {
				return false
			}
			for _, a := range v.Call.Args {
				if isInput(a.Type()) {
					out = append(out, a)
					return true
				}
			}
		case *ssa.Phi:
			for _, e := range v.Edges {
				if !trace(e, seen) {
					return false
				}
			}
			return true
		}
		return false
	}
	if !trace(common.Args[0], map[ssa.Value]bool{}) {
		return nil
	}
	return out
}

// siteResources returns the ARNs action needs at one call site, or false
// when the site does not pin the resource down.
func (r *resolver) siteResources(call ssa.CallInstruction, op sdkOp, prefix, action, partition string) ([]string, bool) {
	spec := resourceSpec(prefix, op.name, action)
	if spec.kind == resNone {
		return nil, false
	}
	inputs := opInputs(call, op)
	if len(inputs) == 0 {
		return nil, false
	}
	var out []string
	for _, in := range inputs {
		vals, ok := r.fieldValues(call, in, spec.fields)
		if !ok {
			return nil, false
		}
		for _, v := range vals {
			arns, ok := spec.kind.arns(partition, v)
			if !ok {
				return nil, false
			}
			out = append(out, arns...)
		}
	}
	slices.Sort(out)
	return slices.Compact(out), len(out) > 0
}

var (
	s3BucketRE   = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9._-]{1,254}$`)
	dynamoNameRE = regexp.MustCompile(`^[a-zA-Z0-9_.-]{1,255}$`)
	queueNameRE  = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,80}(\.fifo)?$`)
	topicNameRE  = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,256}(\.fifo)?$`)
	lambdaNameRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,140}(:[a-zA-Z0-9$_-]{1,128})?$`)
	accountRE    = regexp.MustCompile(`^[0-9]{12}$`)
	regionRE     = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	arnRE        = regexp.MustCompile(`^arn:[a-z-]+:[a-z0-9-]+:[a-z0-9-]*:[0-9]*:\S+$`)
)

// arns turns one constant field value into the resource ARNs; false when
// the value is not a plain name of the expected shape (a wildcard, an
// access-point ARN, a partial ARN...), which leaves the action on "*".
func (k resKind) arns(partition, v string) ([]string, bool) {
	if k == resS3CopySource {
		v, _, _ = strings.Cut(v, "?") // ?versionId=
	}
	if strings.ContainsAny(v, "*?$ ") && k != resLambdaFunction {
		return nil, false
	}
	switch k {
	case resS3Bucket, resS3Object:
		if !s3BucketRE.MatchString(v) {
			return nil, false
		}
		if k == resS3Object {
			return []string{"arn:" + partition + ":s3:::" + v + "/*"}, true
		}
		return []string{"arn:" + partition + ":s3:::" + v}, true
	case resS3CopySource:
		src, err := url.PathUnescape(strings.TrimPrefix(v, "/"))
		if err != nil {
			return nil, false
		}
		bucket, _, ok := strings.Cut(src, "/")
		if !ok || !s3BucketRE.MatchString(bucket) {
			return nil, false
		}
		return []string{"arn:" + partition + ":s3:::" + bucket + "/*"}, true
	case resDynamoTable, resDynamoTableIndex:
		var table string
		switch {
		case strings.HasPrefix(v, "arn:"):
			if !arnRE.MatchString(v) || !strings.Contains(v, ":dynamodb:") || !strings.Contains(v, ":table/") {
				return nil, false
			}
			table = v
		case dynamoNameRE.MatchString(v):
			table = "arn:" + partition + ":dynamodb:*:*:table/" + v
		default:
			return nil, false
		}
		if k == resDynamoTableIndex {
			return []string{table, table + "/index/*"}, true
		}
		return []string{table}, true
	case resSQSURL:
		u, err := url.Parse(v)
		if err != nil || u.Host == "" {
			return nil, false
		}
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		name := segs[len(segs)-1]
		if !queueNameRE.MatchString(name) {
			return nil, false
		}
		region, account := "*", "*"
		if len(segs) == 2 && accountRE.MatchString(segs[0]) {
			account = segs[0]
		}
		host := strings.Split(u.Hostname(), ".")
		switch {
		case len(host) >= 3 && host[0] == "sqs" && regionRE.MatchString(host[1]):
			region = host[1]
		case len(host) >= 3 && host[1] == "queue" && regionRE.MatchString(host[0]):
			region = host[0]
		}
		return []string{"arn:" + partition + ":sqs:" + region + ":" + account + ":" + name}, true
	case resSQSName:
		if !queueNameRE.MatchString(v) {
			return nil, false
		}
		return []string{"arn:" + partition + ":sqs:*:*:" + v}, true
	case resSNSTopicARN:
		if !arnRE.MatchString(v) || !strings.Contains(v, ":sns:") {
			return nil, false
		}
		return []string{v}, true
	case resSNSTopicName:
		if !topicNameRE.MatchString(v) {
			return nil, false
		}
		return []string{"arn:" + partition + ":sns:*:*:" + v}, true
	case resLambdaFunction:
		switch {
		case strings.HasPrefix(v, "arn:"):
			if !arnRE.MatchString(v) || !strings.Contains(v, ":lambda:") || strings.ContainsAny(v, "*? ") {
				return nil, false
			}
			return []string{v}, true
		case lambdaNameRE.MatchString(v):
			return []string{"arn:" + partition + ":lambda:*:*:function:" + v}, true
		}
	}
	return nil, false
}
