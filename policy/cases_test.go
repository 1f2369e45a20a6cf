package policy

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chalice-go/chalice/model"
)

// A case is a small app under policy/testdata/cases/<name>: package main
// plus optional sub-packages, and expected.json naming its entry points
// (Go functions; "sub.Func" means Func in the sub-package ./sub) and the
// inferred actions each Lambda function must get, with their resources.
type caseSpec struct {
	Doc         string            `json:"doc"`
	Routes      []string          `json:"routes"`
	Authorizers map[string]string `json:"authorizers"` // logical name -> func
	Events      []struct {
		Name string `json:"name"`
		Func string `json:"func"`
		Kind string `json:"kind"`
	} `json:"events"`
	Middleware []struct {
		Func string `json:"func"`
		Kind string `json:"kind"`
	} `json:"middleware"`
	Blueprints []string                       `json:"blueprints"` // sub-directories
	VPC        []string                       `json:"vpc"`
	Want       map[string]map[string][]string `json:"want"` // function -> action -> resources
	// Overapprox names, per function, the actions of Want that no path
	// needs, each with the documented reason (docs/policy.md): the
	// benchmark counts them as explained over-grants.
	Overapprox map[string]map[string]string `json:"overapprox"`
}

const casesModulePath = "github.com/chalice-go/chalice/policy/testdata/cases/"

type loadedCase struct {
	name string
	spec caseSpec
	app  *model.App
}

var (
	casesOnce sync.Once
	casesProg *Program
	casesList []loadedCase
	casesErr  error
)

// loadCases loads every case with one go/packages call and one SSA build.
func loadCases(t testing.TB) (*Program, []loadedCase) {
	t.Helper()
	casesOnce.Do(func() {
		dirs, err := filepath.Glob("testdata/cases/*/expected.json")
		if err != nil {
			casesErr = err
			return
		}
		var patterns []string
		for _, f := range dirs {
			name := filepath.Base(filepath.Dir(f))
			data, err := os.ReadFile(f)
			if err != nil {
				casesErr = err
				return
			}
			var spec caseSpec
			dec := json.NewDecoder(strings.NewReader(string(data)))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&spec); err != nil {
				casesErr = err
				return
			}
			app := spec.app(name)
			casesList = append(casesList, loadedCase{name: name, spec: spec, app: app})
			patterns = append(patterns, appPatterns(app)...)
		}
		casesProg, casesErr = Load("..", patterns, Options{})
	})
	if casesErr != nil {
		t.Fatal(casesErr)
	}
	return casesProg, casesList
}

func (s caseSpec) app(name string) *model.App {
	pkg := casesModulePath + name
	fn := func(ref string) model.Func {
		if i := strings.LastIndex(ref, "."); i >= 0 {
			return model.Func{PkgPath: pkg + "/" + ref[:i], Name: ref[i+1:]}
		}
		return model.Func{PkgPath: pkg, Name: ref}
	}
	app := &model.App{Name: name, PkgPath: pkg, PkgName: "main"}
	for _, r := range s.Routes {
		app.Routes = append(app.Routes, &model.Route{Func: fn(r), Name: r})
	}
	var authNames []string
	for n := range s.Authorizers {
		authNames = append(authNames, n)
	}
	slices.Sort(authNames)
	for _, n := range authNames {
		app.Authorizers = append(app.Authorizers, &model.Authorizer{Func: fn(s.Authorizers[n]), Name: n})
	}
	for _, e := range s.Events {
		kind := model.EventKind(e.Kind)
		if kind == "" {
			kind = model.EventLambdaFunction
		}
		app.Events = append(app.Events, &model.EventHandler{Kind: kind, Func: fn(e.Func), Name: e.Name})
	}
	for _, m := range s.Middleware {
		app.Middleware = append(app.Middleware, &model.Middleware{Func: fn(m.Func), Kind: model.MiddlewareKind(m.Kind)})
	}
	for _, b := range s.Blueprints {
		app.Blueprints = append(app.Blueprints, &model.Blueprint{ImportPath: pkg + "/" + b, PkgName: filepath.Base(b)})
	}
	return app
}

func TestCases(t *testing.T) {
	prog, cases := loadCases(t)
	if len(cases) < 30 {
		t.Errorf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			vpc := map[string]bool{}
			for _, n := range c.spec.VPC {
				vpc[n] = true
			}
			res, err := prog.Infer(c.app, Options{VPC: vpc})
			if err != nil {
				t.Fatal(err)
			}
			union := map[string]map[string]bool{}
			star := map[string]bool{}
			for _, name := range c.app.FunctionNames() {
				f := res.Function(name)
				if f == nil {
					t.Fatalf("no policy for function %s", name)
				}
				want, ok := c.spec.Want[name]
				if !ok {
					t.Errorf("expected.json has no entry for function %s", name)
				}
				got := map[string][]string{}
				for _, u := range f.Actions {
					got[u.Action] = u.Resources
					if union[u.Action] == nil {
						union[u.Action] = map[string]bool{}
					}
					for _, r := range u.Resources {
						union[u.Action][r] = true
						star[u.Action] = star[u.Action] || r == "*"
					}
					if len(u.Sites) == 0 {
						t.Errorf("%s: %s has no call site", name, u.Action)
					}
					for _, s := range u.Sites {
						if s.Pos.Line == 0 || !strings.HasSuffix(s.Pos.File, ".go") {
							t.Errorf("%s: %s: site without position: %+v", name, u.Action, s)
						}
						// --explain shows how the entry point reaches the call.
						if len(s.Path) == 0 || s.Path[len(s.Path)-1] != s.Caller && !strings.Contains(s.Path[len(s.Path)-1], "$") {
							t.Errorf("%s: %s: site without a call path: %+v", name, u.Action, s)
						}
					}
				}
				if want == nil {
					want = map[string][]string{}
				}
				if !equalActions(got, want) {
					t.Errorf("function %s:\n got  %v\n want %v", name, fmtActions(got), fmtActions(want))
				}
				checkDocument(t, f.Document, got, vpc[name])
			}
			for n := range c.spec.Want {
				if !slices.Contains(c.app.FunctionNames(), n) {
					t.Errorf("expected.json names unknown function %s", n)
				}
			}
			// The app-wide policy is the union.
			gotApp := map[string][]string{}
			for _, u := range res.AppActions {
				gotApp[u.Action] = u.Resources
			}
			wantApp := map[string][]string{}
			for a, rs := range union {
				if star[a] {
					wantApp[a] = []string{"*"}
					continue
				}
				for r := range rs {
					wantApp[a] = append(wantApp[a], r)
				}
				slices.Sort(wantApp[a])
			}
			if !equalActions(gotApp, wantApp) {
				t.Errorf("app:\n got  %v\n want %v", fmtActions(gotApp), fmtActions(wantApp))
			}
			checkDocument(t, res.App, gotApp, len(vpc) > 0)
		})
	}
}

// checkDocument checks doc holds exactly the actions of uses with their
// resources, plus the logs statement and (with vpc) the ENI one.
func checkDocument(t *testing.T, doc *Document, uses map[string][]string, vpc bool) {
	t.Helper()
	if doc.Version != Version {
		t.Errorf("Version %q", doc.Version)
	}
	got := map[string][]string{}
	logs, eni := false, false
	sids := map[string]bool{}
	for _, s := range doc.Statement {
		if sids[s.Sid] || s.Sid == "" {
			t.Errorf("missing or duplicate Sid %q", s.Sid)
		}
		sids[s.Sid] = true
		if !slices.IsSorted(s.Action) || !slices.IsSorted(s.Resource) {
			t.Errorf("statement %s not sorted", s.Sid)
		}
		switch s.Sid {
		case "Logs":
			logs = true
			continue
		case "VPCNetworkInterfaces":
			eni = true
			continue
		case "XRay", "EventSourceSQS", "EventSourceKinesis", "EventSourceDynamoDB":
			continue // not from calls: TestEventSourceStatements
		}
		for _, a := range s.Action {
			if _, dup := got[a]; dup {
				t.Errorf("action %s in two statements", a)
			}
			got[a] = s.Resource
		}
	}
	if !logs || eni != vpc {
		t.Errorf("logs statement %v, ENI statement %v (want %v)", logs, eni, vpc)
	}
	if !equalActions(got, uses) {
		t.Errorf("document:\n got  %v\n want %v", fmtActions(got), fmtActions(uses))
	}
}

func equalActions(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

func fmtActions(m map[string][]string) string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("\n   " + k + " " + strings.Join(m[k], " "))
	}
	return b.String()
}

// TestBuildTargetX86 loads the build_target case for the x86_64
// architecture: hook_amd64.go replaces hook_arm64.go.
func TestBuildTargetX86(t *testing.T) {
	_, cases := loadCases(t)
	i := slices.IndexFunc(cases, func(c loadedCase) bool { return c.name == "build_target" })
	if i < 0 {
		t.Fatal("no build_target case")
	}
	res, err := Infer("..", cases[i].app, Options{Arch: "x86_64"})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, u := range res.Function("handle").Actions {
		got[u.Action] = u.Resources
	}
	want := map[string][]string{
		"sqs:DeleteMessage": {"arn:aws:sqs:eu-west-1:123456789012:amd"},
		"sqs:GetQueueUrl":   {"arn:aws:sqs:*:*:norpc"},
	}
	if !equalActions(got, want) {
		t.Errorf("x86_64:\n got  %v\n want %v", fmtActions(got), fmtActions(want))
	}
	if _, err := Infer("..", cases[i].app, Options{Arch: "sparc"}); err == nil || !strings.Contains(err.Error(), "unsupported architecture") {
		t.Errorf("Arch sparc: %v", err)
	}
}
