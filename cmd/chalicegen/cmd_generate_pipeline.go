package main

import (
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/chalice-go/chalice/config"
	"github.com/chalice-go/chalice/deploy/iac"
)

func init() {
	register(func(e *Env) *cobra.Command {
		var o iac.PipelineOptions
		cmd := &cobra.Command{
			Use:   "generate-pipeline [--pipeline-version v1|v2] [--source codecommit|github] [--buildspec-file F] [-i IMAGE] FILE",
			Short: "Write a CloudFormation template for a CodePipeline that tests, packages and deploys the app",
			Long: `generate-pipeline writes FILE: a CloudFormation template for a continuous
deployment pipeline. Its source stage reads a CodeCommit repository it
creates (--source codecommit, the default) or a GitHub repository (--source
github: owner, name and a personal access token are stack parameters; the
token is NoEcho and never written in the template). CodeBuild then runs
go test ./..., go tool chalicegen package --pkg-format cloudformation and
aws cloudformation package, and CloudFormation deploys the result to a
beta stack.

--buildspec-file F writes the build steps to F (commit it to the
repository) instead of into the template. -i picks the CodeBuild image.
Deploy the template with:

  aws cloudformation deploy --stack-name STACK --template-file FILE --capabilities CAPABILITY_IAM

See docs/iac.md.`,
			Args: func(cmd *cobra.Command, args []string) error {
				if len(args) != 1 {
					return usageErrorf("%s takes one argument, the template FILE to write", cmd.CommandPath())
				}
				return nil
			},
			RunE: func(cmd *cobra.Command, args []string) error {
				return e.runGeneratePipeline(o, args[0])
			},
		}
		f := cmd.Flags()
		f.StringVar(&o.Version, "pipeline-version", "v2", "the pipeline `VERSION`: v1 (buildspec 0.1) or v2 (buildspec 0.2, GOTOOLCHAIN=auto)")
		f.StringVar(&o.Source, "source", iac.SourceCodeCommit, "the `SOURCE` repository: codecommit or github")
		f.StringVar(&o.BuildspecFile, "buildspec-file", "", "write the buildspec to `FILE` instead of into the template")
		f.StringVarP(&o.Image, "codebuild-image", "i", "", "the CodeBuild `IMAGE` (default: the version's Amazon Linux standard image)")
		return cmd
	})
}

func (e *Env) runGeneratePipeline(o iac.PipelineOptions, file string) error {
	switch o.Version {
	case "v1", "v2":
	default:
		return usageErrorf("--pipeline-version %q: use v1 or v2", o.Version)
	}
	switch o.Source {
	case iac.SourceCodeCommit, iac.SourceGitHub:
	default:
		return usageErrorf("--source %q: use codecommit or github", o.Source)
	}
	name, err := e.appName()
	if err != nil {
		return err
	}
	o.AppName = name
	t, err := iac.Pipeline(o)
	if err != nil {
		return err
	}
	text, err := iac.Marshal(t, iac.JSON)
	if err != nil {
		return err
	}
	abs := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(e.Cwd, p)
	}
	if o.BuildspecFile != "" {
		spec, err := iac.Buildspec(o.Version)
		if err != nil {
			return err
		}
		if err := config.WriteFileAtomic(abs(o.BuildspecFile), spec, 0o644); err != nil {
			return err
		}
	}
	return config.WriteFileAtomic(abs(file), text, 0o644)
}
