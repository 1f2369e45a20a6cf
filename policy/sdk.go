package policy

import (
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/tools/go/ssa"
)

// sdkServicePrefix is the import-path prefix of aws-sdk-go-v2 service
// packages. A service package is exactly sdkServicePrefix+NAME (no further
// slash), NAME not "internal".
const sdkServicePrefix = "github.com/aws/aws-sdk-go-v2/service/"

// chalicePkg is the public chalice package; its websocket functions are
// recognised directly (see chaliceActions).
const chalicePkg = "github.com/chalice-go/chalice"

// isServicePath reports whether path is an aws-sdk-go-v2 service package.
func isServicePath(path string) bool {
	rest, ok := strings.CutPrefix(path, sdkServicePrefix)
	return ok && rest != "" && rest != "internal" && !strings.Contains(rest, "/")
}

// sdkOp is one SDK operation a call site uses.
type sdkOp struct {
	pkg     *types.Package // the service package; nil for chalice helpers
	service string         // for SDK helpers: the service package name, when pkg is not loaded
	name    string         // operation name, e.g. "PutObject"
	kind    string         // see Site.Kind
	via     string         // the Go method, e.g. "(*s3.Client).PutObject"
	// input names the input type the call takes when it is not
	// <name>Input (an SDK helper sending several operations for one input).
	input string
}

// namedRecv returns the named type of a method receiver (T or *T), or nil.
func namedRecv(sig *types.Signature) (*types.Named, bool) {
	recv := sig.Recv()
	if recv == nil {
		return nil, false
	}
	t := recv.Type()
	ptr := false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = p.Elem(), true
	}
	n, _ := t.(*types.Named)
	return n, ptr
}

// namedPtr returns the named type T when t is *T, else nil.
func namedPtr(t types.Type) *types.Named {
	p, ok := t.(*types.Pointer)
	if !ok {
		return nil
	}
	n, _ := p.Elem().(*types.Named)
	return n
}

func isContext(t types.Type) bool {
	n, ok := t.(*types.Named)
	if !ok {
		return false
	}
	obj := n.Obj()
	return obj.Pkg() != nil && obj.Pkg().Path() == "context" && obj.Name() == "Context"
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// opFromSignature checks the shape every SDK operation method has,
// (ctx context.Context, *<Op>Input, ...func(*X)) (R, error), with <Op>Input
// declared in pkg, and returns Op. The caller checks the name and R.
func opFromSignature(sig *types.Signature, pkg *types.Package) (string, bool) {
	params := sig.Params()
	if params.Len() != 3 || !sig.Variadic() || sig.Results().Len() != 2 {
		return "", false
	}
	if !isContext(params.At(0).Type()) || !isError(sig.Results().At(1).Type()) {
		return "", false
	}
	in := namedPtr(params.At(1).Type())
	if in == nil || in.Obj().Pkg() != pkg {
		return "", false
	}
	op, ok := strings.CutSuffix(in.Obj().Name(), "Input")
	if !ok || op == "" {
		return "", false
	}
	// The variadic options: []func(*T).
	sl, ok := params.At(2).Type().(*types.Slice)
	if !ok {
		return "", false
	}
	fs, ok := sl.Elem().(*types.Signature)
	if !ok || fs.Params().Len() != 1 || fs.Results().Len() != 0 || namedPtr(fs.Params().At(0).Type()) == nil {
		return "", false
	}
	return op, true
}

// clientOp recognises a method of *Client or *PresignClient in an SDK service
// package with the operation signature. Look-alikes (a user type named
// Client, a method of another package, a helper with another shape) yield
// false.
func clientOp(fn *ssa.Function) (sdkOp, bool) {
	if fn == nil || fn.Signature.Recv() == nil {
		return sdkOp{}, false
	}
	named, ptr := namedRecv(fn.Signature)
	if named == nil || !ptr {
		return sdkOp{}, false
	}
	obj := named.Obj()
	if obj.Pkg() == nil || !isServicePath(obj.Pkg().Path()) {
		return sdkOp{}, false
	}
	return methodOp(obj.Pkg(), obj.Name(), fn.Name(), fn.Signature)
}

// methodOp applies the operation rules to method name of type typeName in
// service package pkg with signature sig (receiver ignored).
func methodOp(pkg *types.Package, typeName, name string, sig *types.Signature) (sdkOp, bool) {
	op, ok := opFromSignature(sig, pkg)
	if !ok {
		return sdkOp{}, false
	}
	short := pkg.Name()
	switch typeName {
	case "Client":
		out := namedPtr(sig.Results().At(0).Type())
		if name != op || out == nil || out.Obj().Pkg() != pkg || out.Obj().Name() != op+"Output" {
			return sdkOp{}, false
		}
		return sdkOp{pkg: pkg, name: op, kind: "client", via: "(*" + short + ".Client)." + name}, true
	case "PresignClient":
		// PresignGetObject(ctx, *GetObjectInput, ...) — and PresignPostObject,
		// which takes *PutObjectInput: the input type names the operation.
		if !strings.HasPrefix(name, "Presign") {
			return sdkOp{}, false
		}
		return sdkOp{pkg: pkg, name: op, kind: "presign", via: "(*" + short + ".PresignClient)." + name}, true
	}
	return sdkOp{}, false
}

// interfaceOp recognises an interface method whose signature is exactly an
// SDK operation's: Op(ctx, *svc.OpInput, ...func(*svc.Options)) (*svc.OpOutput, error).
// Used only for interface calls the call graph could not resolve.
func interfaceOp(m *types.Func) (sdkOp, bool) {
	sig, ok := m.Type().(*types.Signature)
	if !ok || sig.Params().Len() < 2 {
		return sdkOp{}, false
	}
	in := namedPtr(sig.Params().At(1).Type())
	if in == nil || in.Obj().Pkg() == nil || !isServicePath(in.Obj().Pkg().Path()) {
		return sdkOp{}, false
	}
	op, ok := methodOp(in.Obj().Pkg(), "Client", m.Name(), sig)
	if !ok {
		return sdkOp{}, false
	}
	op.kind = "interface"
	op.via = m.Name() + " (interface call with the SDK signature of " + op.via + ")"
	return op, true
}

// helperOps recognises a method of an SDK helper type — paginators
// (NextPage) and waiters (Wait, WaitForOutput) — by structure: the helper
// struct has a field `client` of an interface type whose methods are
// operations, and the called method's signature mentions that operation's
// input or output type. HasMorePages and the like mention neither and
// yield nothing.
func helperOps(fn *ssa.Function) []sdkOp {
	if fn == nil || fn.Signature.Recv() == nil {
		return nil
	}
	named, _ := namedRecv(fn.Signature)
	if named == nil {
		return nil
	}
	obj := named.Obj()
	pkg := obj.Pkg()
	if pkg == nil || !isServicePath(pkg.Path()) || obj.Name() == "Client" || obj.Name() == "PresignClient" {
		return nil
	}
	st, ok := named.Underlying().(*types.Struct)
	if !ok {
		return nil
	}
	mentions := func(name string) bool {
		for _, tup := range []*types.Tuple{fn.Signature.Params(), fn.Signature.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if n := namedPtr(tup.At(i).Type()); n != nil && n.Obj().Pkg() == pkg && n.Obj().Name() == name {
					return true
				}
			}
		}
		return false
	}
	kind := "helper"
	switch {
	case strings.HasSuffix(obj.Name(), "Paginator"):
		kind = "paginator"
	case strings.HasSuffix(obj.Name(), "Waiter"):
		kind = "waiter"
	}
	var ops []sdkOp
	for i := 0; i < st.NumFields(); i++ {
		f := st.Field(i)
		if f.Name() != "client" {
			continue
		}
		iface, ok := f.Type().Underlying().(*types.Interface)
		if !ok {
			continue
		}
		for j := 0; j < iface.NumMethods(); j++ {
			m := iface.Method(j)
			sig := m.Type().(*types.Signature)
			op, ok := methodOp(pkg, "Client", m.Name(), sig)
			if !ok || !(mentions(op.name+"Input") || mentions(op.name+"Output")) {
				continue
			}
			op.kind = kind
			op.via = "(*" + pkg.Name() + "." + obj.Name() + ")." + fn.Name()
			ops = append(ops, op)
		}
	}
	return ops
}

// chaliceActions are the functions of package chalice that call AWS on the
// app's behalf: the websocket helpers post to the API Gateway management
// API through a package the generator links in.
var chaliceActions = map[string][]string{
	"WebsocketSend":  {"execute-api:ManageConnections"},
	"WebsocketClose": {"execute-api:ManageConnections"},
	"WebsocketInfo":  {"execute-api:ManageConnections"},
}

// sdkService is one row of the generated service table (services_gen.go,
// written by policy/internal/gensvc from the AWS API models).
type sdkService struct {
	ServiceID   string
	SigningName string
	// Prefix is the IAM service prefix; "" for the services that
	// authorise calls by a token of their own (no IAM action).
	Prefix string
}

// serviceInfo is what we know about one SDK service package.
type serviceInfo struct {
	ServiceID string
	Prefix    string
	Source    string // how Prefix was found: "table", "signing name", "ServiceID"
}

// services resolves and caches IAM prefixes of service packages.
type services struct {
	mu   sync.Mutex
	dirs map[string]string // import path -> source directory (from go list)
	info map[string]serviceInfo
}

func (s *services) lookup(pkg *types.Package) serviceInfo {
	s.mu.Lock()
	defer s.mu.Unlock()
	if si, ok := s.info[pkg.Path()]; ok {
		return si
	}
	si := serviceInfo{}
	if c, ok := pkg.Scope().Lookup("ServiceID").(*types.Const); ok && c.Val().Kind() == constant.String {
		si.ServiceID = constant.StringVal(c.Val())
	}
	name := strings.TrimPrefix(pkg.Path(), sdkServicePrefix)
	switch row, ok := sdkServices[name]; {
	case ok:
		si.Prefix, si.Source = row.Prefix, "table"
		if si.ServiceID == "" {
			si.ServiceID = row.ServiceID
		}
	case signingName(s.dirs[pkg.Path()]) != "":
		// A service newer than the table: its signing name is the
		// prefix for nearly every service.
		si.Prefix, si.Source = signingName(s.dirs[pkg.Path()]), "signing name"
	case si.ServiceID != "":
		si.Prefix, si.Source = strings.ToLower(strings.ReplaceAll(si.ServiceID, " ", "")), "ServiceID"
	default:
		si.Prefix, si.Source = pkg.Name(), "package name"
	}
	if s.info == nil {
		s.info = map[string]serviceInfo{}
	}
	s.info[pkg.Path()] = si
	return si
}

// signingName reads the SigV4 signing name from the service package's
// auth.go: the string literal passed to smithyhttp.SetSigV4SigningName.
// It is the name the request is signed for, which is the IAM prefix for
// nearly every service. Only that one small file is parsed.
func signingName(dir string) string {
	if dir == "" {
		return ""
	}
	f, err := parser.ParseFile(token.NewFileSet(), filepath.Join(dir, "auth.go"), nil, parser.SkipObjectResolution)
	if err != nil {
		return ""
	}
	name := ""
	ast.Inspect(f, func(n ast.Node) bool {
		if name != "" {
			return false
		}
		call, ok := n.(*ast.CallExpr)
		if !ok || len(call.Args) != 2 {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "SetSigV4SigningName" {
			return true
		}
		if lit, ok := call.Args[1].(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				name = s
			}
		}
		return true
	})
	return name
}
