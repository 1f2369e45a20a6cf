package main

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/iac"
	"github.com/chalice-go/chalice/deploy/packaging"
)

// Package formats.
const (
	pkgCloudFormation = "cloudformation"
	pkgTerraform      = "terraform"
)

type packageOptions struct {
	stage, pkgFormat, templateFormat, mergeTemplate, profile string
}

func init() {
	register(func(e *Env) *cobra.Command {
		var o packageOptions
		cmd := &cobra.Command{
			Use:   "package [--pkg-format cloudformation|terraform] [--template-format json|yaml] [--merge-template FILE] [--stage STAGE] OUT",
			Short: "Build the deployment package and a SAM or Terraform template into the directory OUT",
			Long: `Package regenerates chalice_gen.go, cross-compiles the app into a bootstrap
for the provided.al2023 runtime (the stage's architecture: arm64 by default,
or x86_64) and writes OUT/deployment.zip: that bootstrap alone, the same
bytes for the same source. Every Lambda function of the app runs this one
package; the handler setting picks the logical function.

Beside it, package renders the stage's deploy plan (what chalicegen deploy
would create) as a template:

  --pkg-format cloudformation (default)  OUT/sam.json (or sam.yaml with
      --template-format yaml): a SAM template for aws cloudformation
      package and deploy
  --pkg-format terraform                 OUT/chalice.tf.json for the aws
      provider

--merge-template FILE (JSON or YAML) is deep-merged on top of the generated
template: objects merge key by key, its scalars and lists win. Resource
names are listed in docs/iac.md.

The go command runs as usual in the app directory, so GOFLAGS, GOPROXY,
go.work and vendor/ apply. See docs/packaging.md and docs/iac.md.`,
			Args: func(cmd *cobra.Command, args []string) error {
				if len(args) != 1 {
					return usageErrorf("%s takes one argument, the output directory OUT", cmd.CommandPath())
				}
				return nil
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				ctx := cmd.Context()
				if ctx == nil {
					ctx = context.Background()
				}
				return e.runPackage(ctx, o, args[0])
			},
		}
		f := cmd.Flags()
		f.StringVar(&o.stage, "stage", config.DefaultStage, "the `STAGE` whose configuration applies")
		f.StringVar(&o.pkgFormat, "pkg-format", pkgCloudFormation, "the template `FORMAT`: cloudformation or terraform")
		f.StringVar(&o.templateFormat, "template-format", iac.JSON, "the CloudFormation template's `SYNTAX`: json or yaml")
		f.StringVar(&o.mergeTemplate, "merge-template", "", "a JSON or YAML `FILE` deep-merged on top of the generated template")
		f.StringVar(&o.profile, "profile", "", "the AWS `PROFILE` (package makes no AWS calls: the template resolves account, region and partition when it is deployed)")
		return cmd
	})
}

func (e *Env) runPackage(ctx context.Context, o packageOptions, out string) error {
	tp, err := e.packageTemplate(o)
	if err != nil {
		return err
	}
	if !filepath.IsAbs(out) {
		out = filepath.Join(e.Cwd, out)
	}
	fmt.Fprintln(e.Stdout, "Creating deployment package.")
	art, err := packaging.Package(ctx, packaging.Options{
		BuildOptions: packaging.BuildOptions{Dir: tp.dir, Arch: tp.arch},
		ZipPath:      filepath.Join(out, "deployment.zip"),
	})
	if err != nil {
		return err
	}
	e.Debugf("wrote %s: %d bytes (bootstrap %d bytes, %s), sha256 %s",
		e.rel(art.ZipPath), art.ZipSize, art.BinarySize, art.Arch, art.SHA256)
	return config.WriteFileAtomic(filepath.Join(out, tp.name), tp.text, 0o644)
}

// renderedTemplate is package's template, before it is written.
type renderedTemplate struct {
	name      string // sam.json, sam.yaml or chalice.tf.json
	text      []byte
	dir, arch string // what the deployment package is built from
}

// packageTemplate checks the options, plans the stage and renders its
// template (merged with --merge-template): everything package does but
// the build, which comes after, so a template that cannot be rendered
// fails before it.
func (e *Env) packageTemplate(o packageOptions) (*renderedTemplate, error) {
	switch o.pkgFormat {
	case pkgCloudFormation, pkgTerraform:
	default:
		return nil, usageErrorf("--pkg-format %q: use cloudformation or terraform", o.pkgFormat)
	}
	switch o.templateFormat {
	case iac.JSON, iac.YAML:
	default:
		return nil, usageErrorf("--template-format %q: use json or yaml", o.templateFormat)
	}
	if o.pkgFormat == pkgTerraform && o.templateFormat != iac.JSON {
		return nil, usageErrorf("--template-format %s: Terraform configurations are written as JSON (chalice.tf.json)", o.templateFormat)
	}
	// A bad config is reported before anything else runs.
	if _, err := e.stageConfig(o.stage); err != nil {
		return nil, err
	}
	if o.profile != "" {
		fmt.Fprintf(e.Stderr, "chalicegen: warning: --profile %s has no effect on package: it makes no AWS calls, and the template resolves account, region and partition where it is deployed\n", o.profile)
	}
	var merge *iac.MergeTemplate
	if o.mergeTemplate != "" {
		path := o.mergeTemplate
		if !filepath.IsAbs(path) {
			path = filepath.Join(e.Cwd, path)
		}
		m, err := iac.LoadMergeTemplate(path)
		if err != nil {
			return nil, err
		}
		merge = m
	}
	app, sc, p, err := e.stagePlan(o.stage, "")
	if err != nil {
		return nil, err
	}
	var tmpl map[string]any
	tp := &renderedTemplate{name: "sam." + o.templateFormat, dir: app.Dir, arch: sc.Architecture}
	if tp.dir == "" {
		tp.dir = e.ProjectDir
	}
	if o.pkgFormat == pkgTerraform {
		tp.name = "chalice.tf.json"
		tmpl, err = iac.Terraform(p, "deployment.zip")
		for _, u := range p.FunctionURLs {
			if u.PublicInvoke != nil {
				fmt.Fprintf(e.Stderr, "chalicegen: warning: the Terraform template grants the public Function URL of %s lambda:InvokeFunctionUrl only: provider 5.x cannot limit lambda:InvokeFunction to Function URL calls (invoked_via_function_url, provider 6), which a URL created since October 2025 also needs, so it answers 403 until you add that permission (docs/iac.md)\n", u.Function)
			}
		}
	} else {
		tmpl, err = iac.SAM(p)
	}
	if err != nil {
		return nil, err
	}
	if merge != nil {
		if err := merge.Apply(tmpl); err != nil {
			return nil, err
		}
	}
	if tp.text, err = iac.Marshal(tmpl, o.templateFormat); err != nil {
		return nil, err
	}
	return tp, nil
}
