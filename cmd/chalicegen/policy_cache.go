package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/packaging"
	"github.com/chalice-go/chalice/policy"
)

// The inferred policy of an unchanged app is kept beside the deployment
// package: inference (loading and analysing the whole program) is most of
// an unchanged redeploy's time. The key is the package's inputs key
// (packaging.InputsKey: every file of the module, local replaces, the go
// command's settings, the architecture), the inference options and this
// chalicegen executable, so any change to what inference reads, or to the
// analyser itself, infers again.

type policyCache struct {
	Key       string            `json:"key"`
	App       json.RawMessage   `json:"app"`
	Functions map[string]string `json:"functions"` // name -> document JSON, in FunctionNames order below
	Order     []string          `json:"order"`
}

func policyCachePath(dir, stage, arch string) string {
	if arch == "" {
		arch = packaging.ArchARM64
	}
	return filepath.Join(dir, config.Dir, "deployments", "policy-"+stage+"-"+arch+".cache.json")
}

func (p *cliPolicies) cacheKey() string {
	dir := p.app.Dir
	if dir == "" {
		dir = p.dir
	}
	inputs, err := packaging.SourcesKey(context.Background(), packaging.BuildOptions{Dir: dir, Arch: p.opts.Arch, Env: nil})
	if err != nil {
		return ""
	}
	opts, err := json.Marshal(p.opts)
	if err != nil {
		return ""
	}
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return ""
	}
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n%s %d %d\n%s\n", inputs, opts, exe, fi.Size(), fi.ModTime().UnixNano(), config.ChaliceVersion)
	return hex.EncodeToString(h.Sum(nil))
}

// infer is policy.Infer through the cache.
func (p *cliPolicies) infer() (*policy.Result, error) {
	key := p.cacheKey()
	path := policyCachePath(p.dir, p.stage, p.opts.Arch)
	if key != "" {
		if res := loadPolicyCache(path, key); res != nil {
			return res, nil
		}
	}
	res, err := policy.Infer(p.dir, p.app, p.opts)
	if err != nil || key == "" {
		return res, err
	}
	_ = savePolicyCache(path, key, res) // a cache that cannot be written only costs time
	return res, nil
}

func loadPolicyCache(path, key string) *policy.Result {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var c policyCache
	if json.Unmarshal(data, &c) != nil || c.Key != key {
		return nil
	}
	app, err := policy.ParseDocument(c.App)
	if err != nil {
		return nil
	}
	res := &policy.Result{App: app}
	for _, n := range c.Order {
		doc, err := policy.ParseDocument([]byte(c.Functions[n]))
		if err != nil {
			return nil
		}
		res.Functions = append(res.Functions, &policy.Function{Name: n, Document: doc})
	}
	return res
}

func savePolicyCache(path, key string, res *policy.Result) error {
	app, err := res.App.MarshalIndent()
	if err != nil {
		return err
	}
	c := policyCache{Key: key, App: app, Functions: map[string]string{}}
	for _, f := range res.Functions {
		b, err := f.Document.MarshalIndent()
		if err != nil {
			return err
		}
		c.Functions[f.Name] = string(b)
		c.Order = append(c.Order, f.Name)
	}
	data, err := json.Marshal(c)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return config.WriteFileAtomic(path, data, 0o644)
}
