package policy

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/callgraph/vta"
	"golang.org/x/tools/go/ssa"
)

// graph is the call graph of one app: VTA over every function of the app's
// source packages, plus what VTA cannot see (function values and interface
// values handed to code without a body, see callees).
type graph struct {
	prog    *ssa.Program
	funcs   map[*ssa.Function]bool
	callees map[ssa.CallInstruction][]*ssa.Function
	stores  map[fieldKey]bool // see fieldStores
	// dyn is computed on first use by fallbackTargets.
	dyn *dynamicTargets
}

// dynamicTargets are what an unresolved dynamic call may reach: the
// functions whose value the code takes (closures, function values, method
// values), and the concrete types it converts to an interface.
type dynamicTargets struct {
	funcs []*ssa.Function
	types []types.Type
}

// collectFuncs returns every function VTA must know about: the members
// and methods of pkgs, their closures, every function they refer to
// (static callees, function values, instantiations, wrappers), and the
// methods of every type they convert to an interface — among them the SDK
// client methods, so a call through a user interface resolves to them.
func collectFuncs(prog *ssa.Program, pkgs []*ssa.Package) map[*ssa.Function]bool {
	funcs := map[*ssa.Function]bool{}
	var work []*ssa.Function
	add := func(f *ssa.Function) {
		if f != nil && !funcs[f] {
			funcs[f] = true
			work = append(work, f)
		}
	}
	methodsOf := func(t types.Type) {
		if types.IsInterface(t) || hasTypeParams(t) {
			return
		}
		ms := prog.MethodSets.MethodSet(t)
		for i := 0; i < ms.Len(); i++ {
			add(prog.MethodValue(ms.At(i)))
		}
	}
	for _, pkg := range pkgs {
		for _, m := range sortedMembers(pkg) {
			switch m := m.(type) {
			case *ssa.Function:
				add(m)
			case *ssa.Type:
				t := m.Type()
				methodsOf(t)
				methodsOf(types.NewPointer(t))
			}
		}
	}
	var ops []*ssa.Value
	for len(work) > 0 {
		f := work[len(work)-1]
		work = work[:len(work)-1]
		for _, anon := range f.AnonFuncs {
			add(anon)
		}
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					methodsOf(mi.X.Type())
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if fn, ok := (*op).(*ssa.Function); ok {
						add(fn)
					}
				}
			}
		}
	}
	return funcs
}

func hasTypeParams(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := t.(*types.Named)
	return ok && n.TypeParams().Len() > 0 && n.TypeArgs().Len() == 0
}

func sortedMembers(pkg *ssa.Package) []ssa.Member {
	names := make([]string, 0, len(pkg.Members))
	for n := range pkg.Members {
		names = append(names, n)
	}
	slices.Sort(names)
	out := make([]ssa.Member, len(names))
	for i, n := range names {
		out[i] = pkg.Members[n]
	}
	return out
}

// buildGraph runs VTA over funcs.
func buildGraph(prog *ssa.Program, funcs map[*ssa.Function]bool) *graph {
	cg := vta.CallGraph(funcs, nil)
	g := &graph{prog: prog, funcs: funcs, callees: map[ssa.CallInstruction][]*ssa.Function{}}
	for _, n := range cg.Nodes {
		for _, e := range n.Out {
			g.callees[e.Site] = append(g.callees[e.Site], e.Callee.Func)
		}
	}
	for site, cs := range g.callees {
		slices.SortFunc(cs, compareFuncs)
		g.callees[site] = slices.Compact(cs)
	}
	return g
}

// refine returns the call graph of one Lambda function: VTA again, over
// only the functions the app-wide graph says roots reach. Code the
// function never runs can no longer make values flow into the code it
// does run, so an interface call in a helper shared by two functions
// resolves, in each, to the implementations that function passes.
func (g *graph) refine(roots []*ssa.Function) *graph {
	reached := g.reach(roots, func(ssa.CallInstruction, []edge, map[*ssa.Function]edge) {})
	if len(reached) == len(g.funcs) {
		return g
	}
	funcs := make(map[*ssa.Function]bool, len(reached))
	for f := range reached {
		funcs[f] = true
	}
	return buildGraph(g.prog, funcs)
}

func compareFuncs(a, b *ssa.Function) int {
	if a == b {
		return 0
	}
	if c := int(a.Pos()) - int(b.Pos()); c != 0 {
		return c
	}
	if a.String() < b.String() {
		return -1
	}
	return 1
}

// edge is one step of a reachability search: callee reached from site
// (nil for an entry point) in caller.
type edge struct {
	site   ssa.CallInstruction
	caller *ssa.Function
	callee *ssa.Function
	// escaped is set when callee was reached because it was handed, as a
	// value, to a function without a body (see siteTargets).
	escaped bool
}

// siteTargets returns what a call site may run: the static callee, the VTA
// callees, and — when the site calls only code without a body, which may
// call back — every function value and every method of every interface
// value passed to it.
func (g *graph) siteTargets(site ssa.CallInstruction) []edge {
	common := site.Common()
	if b, ok := common.Value.(*ssa.Builtin); ok && b.Name() != "panic" {
		// append, copy, len, delete, ... store or measure values; they
		// never call a method or a function value they are handed. (panic
		// may: the runtime prints an error or Stringer panic value.)
		return nil
	}
	var out []edge
	seen := map[*ssa.Function]bool{}
	bodies := false
	addf := func(f *ssa.Function, escaped bool) {
		if f != nil && !seen[f] {
			seen[f] = true
			out = append(out, edge{site: site, caller: site.Parent(), callee: f, escaped: escaped})
			if len(f.Blocks) > 0 {
				bodies = bodies || !escaped
			}
		}
	}
	addf(common.StaticCallee(), false)
	for _, f := range g.callees[site] {
		addf(f, false)
	}
	if common.StaticCallee() == nil && len(g.callees[site]) == 0 && lostValue(common.Value, map[ssa.Value]bool{}) {
		// VTA found nothing: the value was lost on its way (received with
		// v, ok := <-ch or by ranging over a channel, type-asserted out
		// of a sync.Map or another container without a body). Fall back
		// to every function or method the code this Lambda function runs
		// could have made into that value, by type.
		for _, f := range g.fallbackTargets(common) {
			addf(f, false)
		}
	}
	if bodies {
		return out
	}
	for _, arg := range common.Args {
		for _, f := range g.valueFuncs(arg) {
			addf(f, true)
		}
	}
	if common.IsInvoke() {
		// The receiver of an unresolved interface call is an argument too.
		for _, f := range g.valueFuncs(common.Value) {
			addf(f, true)
		}
	}
	return out
}

// calledBack names the methods code outside the analysis finds by type
// assertion on a value it was handed as an interface, with their exact
// signatures (receiver omitted, packages by path): fmt's Stringer,
// Formatter and GoStringer, error and its Unwrap/Is/As, the encoding
// marshalers, slog.LogValuer, io's optional interfaces, sort.Interface,
// http.Handler, database/sql's Valuer and Scanner. A method with one of
// these names and another signature cannot be found that way.
var calledBack = map[string][]string{
	"String":          {"func() string"},
	"Format":          {"func(fmt.State, int32)"},
	"GoString":        {"func() string"},
	"Error":           {"func() string"},
	"Unwrap":          {"func() error", "func() []error"},
	"Is":              {"func(error) bool"},
	"As":              {"func(any) bool", "func(interface{}) bool"},
	"MarshalJSON":     {"func() ([]byte, error)"},
	"UnmarshalJSON":   {"func([]byte) error"},
	"MarshalText":     {"func() ([]byte, error)"},
	"UnmarshalText":   {"func([]byte) error"},
	"MarshalBinary":   {"func() ([]byte, error)"},
	"UnmarshalBinary": {"func([]byte) error"},
	"LogValue":        {"func() log/slog.Value"},
	"Read":            {"func([]byte) (int, error)"},
	"Write":           {"func([]byte) (int, error)"},
	"Close":           {"func() error"},
	"Seek":            {"func(int64, int) (int64, error)"},
	"ReadAt":          {"func([]byte, int64) (int, error)"},
	"WriteTo":         {"func(io.Writer) (int64, error)"},
	"ReadFrom":        {"func(io.Reader) (int64, error)"},
	"Len":             {"func() int"},
	"Less":            {"func(int, int) bool"},
	"Swap":            {"func(int, int)"},
	"ServeHTTP":       {"func(net/http.ResponseWriter, *net/http.Request)"},
	"Value":           {"func() (database/sql/driver.Value, error)"},
	"Scan":            {"func(any) error", "func(interface{}) error"},
}

// isCalledBack reports whether method m has the name and exact signature
// of one of the calledBack methods.
func isCalledBack(m *types.Func) bool {
	sigs := calledBack[m.Name()]
	if len(sigs) == 0 {
		return false
	}
	sig := m.Type().(*types.Signature)
	plain := types.NewSignatureType(nil, nil, nil, sig.Params(), sig.Results(), sig.Variadic())
	s := types.TypeString(plain, func(p *types.Package) string { return p.Path() })
	return slices.Contains(sigs, s)
}

// valueFuncs returns the app functions a value handed to unseen code may
// cause to run: the function of a function value, the methods of the
// concrete type behind an interface value.
func (g *graph) valueFuncs(v ssa.Value) []*ssa.Function {
	return g.valueFuncsSeen(v, map[ssa.Value]bool{})
}

func (g *graph) valueFuncsSeen(v ssa.Value, seen map[ssa.Value]bool) []*ssa.Function {
	if seen[v] {
		return nil
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.Function:
		return []*ssa.Function{v}
	case *ssa.MakeClosure:
		return []*ssa.Function{v.Fn.(*ssa.Function)}
	case *ssa.MakeInterface:
		switch x := v.X.(type) {
		case *ssa.Function, *ssa.MakeClosure:
			return g.valueFuncsSeen(x, seen) // a func stored in an interface
		}
		t := v.X.Type()
		if types.IsInterface(t) || hasTypeParams(t) {
			return nil
		}
		// Unseen code can call the methods of the interface the value was
		// converted to, and those it finds by type assertion; the latter
		// are approximated by the methods of the standard library's
		// dynamically discovered interfaces (see calledBack).
		names := map[string]bool{}
		if iface, ok := v.Type().Underlying().(*types.Interface); ok {
			for i := 0; i < iface.NumMethods(); i++ {
				names[iface.Method(i).Name()] = true
			}
		}
		var out []*ssa.Function
		ms := g.prog.MethodSets.MethodSet(t)
		for i := 0; i < ms.Len(); i++ {
			obj := ms.At(i).Obj().(*types.Func)
			if !names[obj.Name()] && !isCalledBack(obj) {
				continue
			}
			if f := g.prog.MethodValue(ms.At(i)); f != nil && len(f.Blocks) > 0 {
				out = append(out, f)
			}
		}
		return out
	case *ssa.ChangeType:
		return g.valueFuncsSeen(v.X, seen)
	case *ssa.Slice: // variadic arguments: a slice of a local array
		return g.valueFuncsSeen(v.X, seen)
	case *ssa.Alloc:
		// &T{...} or a local array: what the function stored into it
		// (fields, elements) before handing it over.
		var out []*ssa.Function
		for _, ref := range *v.Referrers() {
			var addr ssa.Value
			switch ref := ref.(type) {
			case *ssa.FieldAddr:
				addr = ref
			case *ssa.IndexAddr:
				addr = ref
			default:
				continue
			}
			for _, use := range *addr.Referrers() {
				if st, ok := use.(*ssa.Store); ok && st.Addr == addr && st.Val != v {
					out = append(out, g.valueFuncsSeen(st.Val, seen)...)
				}
			}
		}
		return out
	}
	return nil
}

// reach returns every function reachable from roots, each with the edge
// it was first reached by (BFS, so a shortest path), and calls visit on
// every call site of a reachable function with the site's targets, in a
// deterministic order.
func (g *graph) reach(roots []*ssa.Function, visit func(site ssa.CallInstruction, targets []edge, reached map[*ssa.Function]edge)) map[*ssa.Function]edge {
	reached := map[*ssa.Function]edge{}
	var queue []*ssa.Function
	for _, r := range roots {
		if _, ok := reached[r]; !ok && r != nil {
			reached[r] = edge{callee: r}
			queue = append(queue, r)
		}
	}
	for len(queue) > 0 {
		f := queue[0]
		queue = queue[1:]
		for _, b := range liveBlocks(f) {
			for _, instr := range b.Instrs {
				site, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if isStart(site) {
					break // the rest of the block never runs
				}
				targets := g.siteTargets(site)
				visit(site, targets, reached)
				for _, e := range targets {
					if _, ok := reached[e.callee]; !ok {
						reached[e.callee] = e
						queue = append(queue, e.callee)
					}
				}
			}
		}
	}
	return reached
}

// isStart reports whether site calls runtime.Start, which serves the app
// and never returns: in a user's main, only the code before it runs (and
// the handlers it registers, through chaliceApp, are entry points of
// their own Lambda functions).
func isStart(site ssa.CallInstruction) bool {
	f := site.Common().StaticCallee()
	return f != nil && f.Pkg != nil && f.Name() == "Start" && f.Signature.Recv() == nil &&
		f.Pkg.Pkg.Path() == runtimePkg
}

// runtimePkg is the package generated code registers the app with.
const runtimePkg = "github.com/chalice-go/chalice/runtime"

// liveBlocks returns the blocks of f that can run: all of them, unless f
// calls runtime.Start, after which nothing of f runs.
func liveBlocks(f *ssa.Function) []*ssa.BasicBlock {
	starts := false
	for _, b := range f.Blocks {
		for _, instr := range b.Instrs {
			if site, ok := instr.(ssa.CallInstruction); ok && isStart(site) {
				starts = true
			}
		}
	}
	if !starts {
		return f.Blocks
	}
	var out []*ssa.BasicBlock
	seen := map[*ssa.BasicBlock]bool{}
	var visit func(b *ssa.BasicBlock)
	visit = func(b *ssa.BasicBlock) {
		if seen[b] {
			return
		}
		seen[b] = true
		out = append(out, b)
		for _, instr := range b.Instrs {
			if site, ok := instr.(ssa.CallInstruction); ok && isStart(site) {
				return
			}
		}
		for _, s := range b.Succs {
			visit(s)
		}
	}
	if len(f.Blocks) > 0 {
		visit(f.Blocks[0])
	}
	for _, b := range f.Blocks {
		if b.Comment == "recover" && !seen[b] {
			out = append(out, b) // deferred calls run on a panic before Start
		}
	}
	return out
}

// lostValue reports whether v (a called function value or the receiver of
// an interface call) comes out of a channel receive or a type assertion,
// where VTA may lose app values. A func value made by code without a body
// (context's cancel) is not one: it resolves to nothing of the app's.
func lostValue(v ssa.Value, seen map[ssa.Value]bool) bool {
	if seen[v] {
		return false
	}
	seen[v] = true
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			return lostValue(v.X, seen) // a load from a variable
		}
		return v.Op == token.ARROW
	case *ssa.Select, *ssa.TypeAssert:
		return true
	case *ssa.Extract:
		return lostValue(v.Tuple, seen)
	case *ssa.Parameter:
		// Passed by callers VTA saw nothing from: maybe a lost value.
		return true
	case *ssa.FreeVar:
		// Captured by a closure: what the enclosing function bound.
		fn := v.Parent()
		idx := slices.Index(fn.FreeVars, v)
		if parent := fn.Parent(); parent != nil && idx >= 0 {
			for _, b := range parent.Blocks {
				for _, instr := range b.Instrs {
					if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && lostValue(mc.Bindings[idx], seen) {
						return true
					}
				}
			}
		}
	case *ssa.Alloc:
		// A variable (captured by reference): what was stored into it.
		for _, ref := range *v.Referrers() {
			if st, ok := ref.(*ssa.Store); ok && st.Addr == v && lostValue(st.Val, seen) {
				return true
			}
		}
	case *ssa.ChangeType:
		return lostValue(v.X, seen)
	case *ssa.ChangeInterface:
		return lostValue(v.X, seen)
	case *ssa.Phi:
		for _, e := range v.Edges {
			if lostValue(e, seen) {
				return true
			}
		}
	}
	return false
}

// fallbackTargets resolves a dynamic call by type alone: a call of a
// function value to every function of identical signature whose value the
// graph's code takes; an interface call to the method of that name and
// signature of every type the code converts to an interface.
func (g *graph) fallbackTargets(common *ssa.CallCommon) []*ssa.Function {
	if _, ok := common.Value.(*ssa.Builtin); ok {
		return nil
	}
	if g.dyn == nil {
		g.dyn = g.collectDynamic()
	}
	var out []*ssa.Function
	if common.IsInvoke() {
		m := common.Method
		for _, t := range g.dyn.types {
			sel := g.prog.MethodSets.MethodSet(t).Lookup(m.Pkg(), m.Name())
			if sel == nil || !types.Identical(sel.Type().(*types.Signature).Params(), m.Type().(*types.Signature).Params()) ||
				!types.Identical(sel.Type().(*types.Signature).Results(), m.Type().(*types.Signature).Results()) {
				continue
			}
			if f := g.prog.MethodValue(sel); f != nil {
				out = append(out, f)
			}
		}
		return out
	}
	sig, ok := common.Value.Type().Underlying().(*types.Signature)
	if !ok {
		return nil
	}
	for _, f := range g.dyn.funcs {
		fs := f.Signature
		if types.Identical(fs.Params(), sig.Params()) && types.Identical(fs.Results(), sig.Results()) && fs.Variadic() == sig.Variadic() {
			out = append(out, f)
		}
	}
	return out
}

func (g *graph) collectDynamic() *dynamicTargets {
	d := &dynamicTargets{}
	seenF := map[*ssa.Function]bool{}
	seenT := map[string]bool{}
	var ops []*ssa.Value
	fs := make([]*ssa.Function, 0, len(g.funcs))
	for f := range g.funcs {
		fs = append(fs, f)
	}
	slices.SortFunc(fs, compareFuncs)
	for _, f := range fs {
		for _, b := range f.Blocks {
			for _, instr := range b.Instrs {
				switch instr := instr.(type) {
				case *ssa.MakeClosure:
					if fn := instr.Fn.(*ssa.Function); !seenF[fn] {
						seenF[fn] = true
						d.funcs = append(d.funcs, fn)
					}
					continue
				case *ssa.MakeInterface:
					t := instr.X.Type()
					if !types.IsInterface(t) && !hasTypeParams(t) && !seenT[t.String()] {
						seenT[t.String()] = true
						d.types = append(d.types, t)
					}
				}
				// A function used as a value, not called.
				var callee ssa.Value
				if c, ok := instr.(ssa.CallInstruction); ok {
					callee = c.Common().Value
				}
				ops = instr.Operands(ops[:0])
				for _, op := range ops {
					if fn, ok := (*op).(*ssa.Function); ok && *op != callee && !seenF[fn] {
						seenF[fn] = true
						d.funcs = append(d.funcs, fn)
					}
				}
			}
		}
	}
	return d
}
