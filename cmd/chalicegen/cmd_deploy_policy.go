package main

import (
	"fmt"

	"github.com/chalice-go/chalice/policy"
)

// fileFor is the policy file the role of logical function fn (the shared
// role when fn is "") uses under deploy --no-autogen-policy: its
// iam_policy_file, by default .chalice/policy-<stage>.json.
func (p *cliPolicies) fileFor(fn string) (*policy.Document, error) {
	if fn == "" {
		fn = "api_handler"
	}
	doc, err := policy.LoadPolicyFile(p.dir, p.stage, p.sc.Function(fn).IAMPolicyFile)
	if err != nil {
		return nil, fmt.Errorf("the role of function %s: %w", fn, err)
	}
	return doc, nil
}

// writeDeployedPolicy writes the app-wide inferred policy to
// .chalice/policy-<stage>.json after a deploy that inferred it, as the
// spec's Chalice does: `gen-policy --check` compares the code against it,
// and `deploy --no-autogen-policy` (or autogen_policy false) can take it
// over. A file some function uses as its hand-written policy is never
// overwritten.
func (e *Env) writeDeployedPolicy(p *cliPolicies) error {
	if p.noAutogen || p.res == nil {
		return nil // nothing was inferred (no role managed, or files only)
	}
	target := policy.PolicyFilePath(p.dir, p.stage, "")
	for _, n := range p.app.FunctionNames() {
		fc := p.sc.Function(n)
		if !fc.AutogenPolicy && policy.PolicyFilePath(p.dir, p.stage, fc.IAMPolicyFile) == target {
			return nil
		}
	}
	path, err := policy.WritePolicyFile(p.dir, p.stage, p.res.App)
	if err != nil {
		return fmt.Errorf("writing the inferred policy: %w", err)
	}
	e.Debugf("wrote the inferred policy to %s", e.rel(path))
	return nil
}
