package policy

import (
	"go/constant"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// sdkHelper is a function or method of an SDK helper package that sends
// service operations from inside the SDK, whose bodies are not analysed.
type sdkHelper struct {
	service string   // the service package (a sdkServices key)
	ops     []string // the operations it may send
	// input names the service input type the call takes (its resource and
	// fields decide as for each of ops), "" when it takes none.
	input string
}

// sdkHelpers lists the helpers real apps use, by "pkgpath.Func" or
// "pkgpath.Type.Method" (pointer or value receiver alike). Helpers that
// send nothing (feature/dynamodb/attributevalue and expression,
// feature/cloudfront/sign) need no entry. docs/policy.md has the table.
var sdkHelpers = map[string]sdkHelper{
	// The transfer manager uploads small bodies with PutObject and large
	// ones in parts, aborting the upload on failure.
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager.Uploader.Upload": {
		service: "s3",
		ops:     []string{"AbortMultipartUpload", "CompleteMultipartUpload", "CreateMultipartUpload", "PutObject", "UploadPart"},
		input:   "PutObjectInput",
	},
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager.Downloader.Download": {
		service: "s3", ops: []string{"GetObject"}, input: "GetObjectInput",
	},
	"github.com/aws/aws-sdk-go-v2/feature/s3/manager.GetBucketRegion": {
		service: "s3", ops: []string{"HeadBucket"},
	},
	// Credential providers call STS when the credentials are first used
	// (and on refresh); the provider is built once, so its constructor is
	// where the call is attributed.
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds.NewAssumeRoleProvider": {
		service: "sts", ops: []string{"AssumeRole"},
	},
	"github.com/aws/aws-sdk-go-v2/credentials/stscreds.NewWebIdentityRoleProvider": {
		service: "sts", ops: []string{"AssumeRoleWithWebIdentity"},
	},
}

// helperKey names f as sdkHelpers does.
func helperKey(f *ssa.Function) string {
	if f.Pkg == nil && f.Origin() != nil {
		f = f.Origin()
	}
	if recv := f.Signature.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		n, ok := t.(*types.Named)
		if !ok || n.Obj().Pkg() == nil {
			return ""
		}
		return n.Obj().Pkg().Path() + "." + n.Obj().Name() + "." + f.Name()
	}
	if f.Pkg == nil {
		return ""
	}
	return f.Pkg.Pkg.Path() + "." + f.Name()
}

// tableHelperOps returns the operations an SDK helper call sends.
func tableHelperOps(f *ssa.Function) []sdkOp {
	h, ok := sdkHelpers[helperKey(f)]
	if !ok {
		return nil
	}
	var pkg *types.Package
	if sp := f.Prog.ImportedPackage(sdkServicePrefix + h.service); sp != nil {
		pkg = sp.Pkg
	}
	via := funcName(f)
	var out []sdkOp
	for _, op := range h.ops {
		out = append(out, sdkOp{pkg: pkg, service: h.service, name: op, kind: "helper", via: via, input: h.input})
	}
	return out
}

// fieldKey names a field of an SDK input struct.
type fieldKey struct {
	typ   *types.TypeName
	field string
}

// fieldStores returns the fields of SDK input structs that the code of g
// stores a non-zero value into (computed once per graph).
func (g *graph) fieldStores() map[fieldKey]bool {
	if g.stores != nil {
		return g.stores
	}
	g.stores = map[fieldKey]bool{}
	for f := range g.funcs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok || isZeroConst(st.Val) {
					continue
				}
				fa, ok := st.Addr.(*ssa.FieldAddr)
				if !ok {
					continue
				}
				if n := namedPtr(fa.X.Type()); n != nil {
					g.stores[fieldKey{n.Obj(), fieldName(fa)}] = true
				}
			}
		}
	}
	return g.stores
}

func isZeroConst(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	if !ok {
		return false
	}
	if c.Value == nil {
		return true
	}
	switch c.Value.Kind() {
	case constant.String:
		return constant.StringVal(c.Value) == ""
	case constant.Int, constant.Float:
		return constant.Sign(c.Value) == 0
	case constant.Bool:
		return !constant.BoolVal(c.Value)
	}
	return false
}

// fieldMaySet reports whether the input of the operation call e may set
// field. An input built in the calling function and handed only to the
// SDK is read exactly; any other input (a parameter, a helper's result, a
// call the SDK makes for a helper) may set the field if any code the
// Lambda function runs stores into that field of that input type.
func (r *resolver) fieldMaySet(g *graph, e edge, op sdkOp, field string) bool {
	if op.pkg == nil {
		return true
	}
	inputName := op.input
	if inputName == "" {
		inputName = op.name + "Input"
	}
	tn, _ := op.pkg.Scope().Lookup(inputName).(*types.TypeName)
	anywhere := func() bool { return tn == nil || g.fieldStores()[fieldKey{tn, field}] }
	if e.site == nil || e.escaped {
		return anywhere()
	}
	inputs := opInputs(e.site, op)
	if len(inputs) == 0 {
		return anywhere()
	}
	for _, in := range inputs {
		allocs, ok := inputAllocs(in, map[ssa.Value]bool{})
		if !ok {
			return anywhere()
		}
		for _, a := range allocs {
			set, local := allocSets(a, e.site, field)
			if !local {
				return anywhere()
			}
			if set {
				return true
			}
		}
	}
	return false
}

// allocSets reports whether the function stores a non-zero value into
// field of the input struct a, and whether a stays local (handed to
// nothing but SDK calls), so that what it stores is all there is.
func allocSets(a *ssa.Alloc, site ssa.CallInstruction, field string) (set, local bool) {
	for _, ref := range *a.Referrers() {
		switch ref := ref.(type) {
		case *ssa.FieldAddr:
			for _, use := range *ref.Referrers() {
				switch use := use.(type) {
				case *ssa.Store:
					if use.Addr != ref {
						return false, false
					}
					if fieldName(ref) == field && !isZeroConst(use.Val) {
						set = true
					}
				case *ssa.UnOp, *ssa.DebugRef:
				default:
					return false, false
				}
			}
		case *ssa.DebugRef, *ssa.UnOp:
		case *ssa.Store:
			if ref.Addr != a {
				return false, false
			}
			if !isZeroConst(ref.Val) {
				return false, false // a whole struct stored in
			}
		case ssa.CallInstruction:
			if ref != site && !sdkCall(ref) {
				return false, false
			}
		default:
			return false, false
		}
	}
	return set, true
}

// setsServiceField reports whether the code of g stores into a field
// named field of a struct of the service package pkgPath or its types
// package.
func (g *graph) setsServiceField(pkgPath, field string) bool {
	for k := range g.fieldStores() {
		if k.field != field || k.typ.Pkg() == nil {
			continue
		}
		if p := k.typ.Pkg().Path(); p == pkgPath || p == pkgPath+"/types" {
			return true
		}
	}
	return false
}
