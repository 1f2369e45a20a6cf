package iac

import (
	"fmt"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Pipeline sources and versions of generate-pipeline.
const (
	SourceCodeCommit = "codecommit"
	SourceGitHub     = "github"
)

// PipelineOptions are generate-pipeline's settings.
type PipelineOptions struct {
	AppName string
	Version string // v1 or v2 (default)
	Source  string // codecommit (default) or github
	Image   string // the CodeBuild image; "" for the version's default
	// BuildspecFile, when set, is where the buildspec goes instead of the
	// template: CodeBuild reads it from the source at that path.
	BuildspecFile string
}

// DefaultImages are the CodeBuild images of each pipeline version.
var DefaultImages = map[string]string{
	"v1": "aws/codebuild/amazonlinux2-x86_64-standard:4.0",
	"v2": "aws/codebuild/amazonlinux2-x86_64-standard:5.0",
}

// Buildspec is the CodeBuild build of a Go app: test, package as SAM,
// and upload the package with aws cloudformation package. The go
// command fetches the toolchain go.mod asks for (GOTOOLCHAIN=auto).
func Buildspec(version string) ([]byte, error) {
	commands := []any{
		"go version",
		"go test ./...",
		"go tool chalicegen package --pkg-format cloudformation /tmp/packaged",
		"aws cloudformation package --template-file /tmp/packaged/sam.json --s3-bucket ${APP_S3_BUCKET} --output-template-file transformed.yaml",
	}
	spec := obj{"artifacts": obj{"type": "zip", "files": []any{"transformed.yaml"}}}
	switch version {
	case "v1":
		spec["version"] = 0.1
		spec["phases"] = obj{"install": obj{"commands": commands}}
	case "v2", "":
		spec["version"] = 0.2
		spec["env"] = obj{"variables": obj{"GOTOOLCHAIN": "auto", "GOFLAGS": "-mod=mod"}}
		spec["phases"] = obj{"install": obj{"commands": commands[:1]}, "build": obj{"commands": commands[1:]}}
	default:
		return nil, fmt.Errorf("--pipeline-version %q: use v1 or v2", version)
	}
	return yaml.Marshal(spec)
}

// Pipeline renders a CloudFormation template for a CodePipeline that
// builds the app in CodeBuild and deploys the packaged template to a beta
// stack. A GitHub source takes its token as a NoEcho parameter: it is
// never written in the template.
func Pipeline(o PipelineOptions) (map[string]any, error) {
	if o.Version == "" {
		o.Version = "v2"
	}
	if o.Source == "" {
		o.Source = SourceCodeCommit
	}
	if o.Source != SourceCodeCommit && o.Source != SourceGitHub {
		return nil, fmt.Errorf("--source %q: use codecommit or github", o.Source)
	}
	spec, err := Buildspec(o.Version)
	if err != nil {
		return nil, err
	}
	image := o.Image
	if image == "" {
		image = DefaultImages[o.Version]
	}
	params := obj{
		"ApplicationName": obj{"Type": "String", "Default": o.AppName, "Description": "The name of the application, used to name the pipeline's resources."},
		"CodeBuildImage":  obj{"Type": "String", "Default": image, "Description": "The CodeBuild image that builds the app."},
	}
	res := obj{}
	out := obj{}
	var source obj
	switch o.Source {
	case SourceCodeCommit:
		res["SourceRepository"] = obj{"Type": "AWS::CodeCommit::Repository", "Properties": obj{
			"RepositoryName": ref("ApplicationName"), "RepositoryDescription": obj{"Fn::Sub": "Source code for ${ApplicationName}"},
		}}
		out["SourceRepoURL"] = obj{"Value": getAtt("SourceRepository", "CloneUrlHttp")}
		source = obj{
			"Name": "Source", "RunOrder": 1,
			"ActionTypeId":    obj{"Category": "Source", "Owner": "AWS", "Provider": "CodeCommit", "Version": "1"},
			"Configuration":   obj{"RepositoryName": getAtt("SourceRepository", "Name"), "BranchName": "main"},
			"OutputArtifacts": []any{obj{"Name": "SourceRepo"}},
		}
	case SourceGitHub:
		params["GithubOwner"] = obj{"Type": "String", "Description": "The GitHub owner (user or organization) of the repository."}
		params["GithubRepoName"] = obj{"Type": "String", "Description": "The name of the GitHub repository."}
		params["GithubPersonalToken"] = obj{"Type": "String", "NoEcho": true, "Description": "A GitHub personal access token with repo access; given when the stack is created, never stored in the template."}
		source = obj{
			"Name": "Source", "RunOrder": 1,
			"ActionTypeId": obj{"Category": "Source", "Owner": "ThirdParty", "Provider": "GitHub", "Version": "1"},
			"Configuration": obj{
				"Owner": ref("GithubOwner"), "Repo": ref("GithubRepoName"), "Branch": "main",
				"OAuthToken": ref("GithubPersonalToken"), "PollForSourceChanges": true,
			},
			"OutputArtifacts": []any{obj{"Name": "SourceRepo"}},
		}
	}
	assume := func(service string) obj {
		return obj{"Version": "2012-10-17", "Statement": []any{obj{"Effect": "Allow", "Principal": obj{"Service": service}, "Action": "sts:AssumeRole"}}}
	}
	bucketObjects := func(b string) obj { return obj{"Fn::Sub": "${" + b + ".Arn}/*"} }
	res["ApplicationBucket"] = obj{"Type": "AWS::S3::Bucket"}
	res["ArtifactBucketStore"] = obj{"Type": "AWS::S3::Bucket", "Properties": obj{"VersioningConfiguration": obj{"Status": "Enabled"}}}
	res["CodeBuildRole"] = obj{"Type": "AWS::IAM::Role", "Properties": obj{
		"AssumeRolePolicyDocument": assume("codebuild.amazonaws.com"),
		"Policies": []any{obj{"PolicyName": "DefaultPolicy", "PolicyDocument": obj{"Version": "2012-10-17", "Statement": []any{
			obj{"Effect": "Allow", "Action": []any{"logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"}, "Resource": "*"},
			obj{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:GetObjectVersion", "s3:PutObject"},
				"Resource": []any{bucketObjects("ApplicationBucket"), bucketObjects("ArtifactBucketStore")}},
		}}}},
	}}
	buildSource := obj{"Type": "CODEPIPELINE", "BuildSpec": string(spec)}
	if o.BuildspecFile != "" {
		buildSource["BuildSpec"] = strings.TrimPrefix(o.BuildspecFile, "./")
	}
	res["AppPackageBuild"] = obj{"Type": "AWS::CodeBuild::Project", "Properties": obj{
		"Artifacts": obj{"Type": "CODEPIPELINE"},
		"Environment": obj{"ComputeType": "BUILD_GENERAL1_SMALL", "Image": ref("CodeBuildImage"), "Type": "LINUX_CONTAINER",
			"EnvironmentVariables": []any{obj{"Name": "APP_S3_BUCKET", "Value": ref("ApplicationBucket")}}},
		"Name":        obj{"Fn::Sub": "${ApplicationName}Build"},
		"ServiceRole": getAtt("CodeBuildRole", "Arn"),
		"Source":      buildSource,
	}}
	res["CodePipelineRole"] = obj{"Type": "AWS::IAM::Role", "Properties": obj{
		"AssumeRolePolicyDocument": assume("codepipeline.amazonaws.com"),
		"Policies": []any{obj{"PolicyName": "DefaultPolicy", "PolicyDocument": obj{"Version": "2012-10-17", "Statement": []any{
			obj{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketVersioning", "s3:PutObject"}, "Resource": []any{
				getAtt("ArtifactBucketStore", "Arn"), bucketObjects("ArtifactBucketStore")}},
			obj{"Effect": "Allow", "Action": []any{"codecommit:GetBranch", "codecommit:GetCommit", "codecommit:UploadArchive",
				"codecommit:GetUploadArchiveStatus", "codecommit:CancelUploadArchive"}, "Resource": "*"},
			obj{"Effect": "Allow", "Action": []any{"codebuild:StartBuild", "codebuild:BatchGetBuilds"}, "Resource": getAtt("AppPackageBuild", "Arn")},
			obj{"Effect": "Allow", "Action": []any{"cloudformation:CreateChangeSet", "cloudformation:DescribeChangeSet", "cloudformation:ExecuteChangeSet",
				"cloudformation:DeleteChangeSet", "cloudformation:DescribeStacks"}, "Resource": "*"},
			obj{"Effect": "Allow", "Action": "iam:PassRole", "Resource": getAtt("CFNDeployRole", "Arn")},
		}}}},
	}}
	res["CFNDeployRole"] = obj{"Type": "AWS::IAM::Role", "Properties": obj{
		"AssumeRolePolicyDocument": assume("cloudformation.amazonaws.com"),
		"Policies": []any{obj{"PolicyName": "DeployAccess", "PolicyDocument": obj{"Version": "2012-10-17", "Statement": []any{
			obj{"Effect": "Allow", "Action": []any{"apigateway:*", "lambda:*", "events:*", "logs:*", "sns:Subscribe", "sns:Unsubscribe",
				"iam:GetRole", "iam:CreateRole", "iam:DeleteRole", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:GetRolePolicy",
				"iam:PassRole", "iam:TagRole", "iam:UntagRole", "cloudformation:CreateChangeSet"}, "Resource": "*"},
			obj{"Effect": "Allow", "Action": []any{"s3:GetObject", "s3:GetObjectVersion"}, "Resource": bucketObjects("ApplicationBucket")},
		}}}},
	}}
	res["AppPipeline"] = obj{"Type": "AWS::CodePipeline::Pipeline", "Properties": obj{
		"Name":          obj{"Fn::Sub": "${ApplicationName}Pipeline"},
		"RoleArn":       getAtt("CodePipelineRole", "Arn"),
		"ArtifactStore": obj{"Type": "S3", "Location": ref("ArtifactBucketStore")},
		"Stages": []any{
			obj{"Name": "Source", "Actions": []any{source}},
			obj{"Name": "Build", "Actions": []any{obj{
				"Name": "CodeBuild", "RunOrder": 1,
				"ActionTypeId":    obj{"Category": "Build", "Owner": "AWS", "Provider": "CodeBuild", "Version": "1"},
				"Configuration":   obj{"ProjectName": ref("AppPackageBuild")},
				"InputArtifacts":  []any{obj{"Name": "SourceRepo"}},
				"OutputArtifacts": []any{obj{"Name": "CompiledCFNTemplate"}},
			}}},
			obj{"Name": "Beta", "Actions": []any{
				obj{
					"Name": "CreateBetaChangeSet", "RunOrder": 1,
					"ActionTypeId": obj{"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"},
					"Configuration": obj{
						"ActionMode": "CHANGE_SET_REPLACE", "ChangeSetName": obj{"Fn::Sub": "${ApplicationName}ChangeSet"},
						"RoleArn": getAtt("CFNDeployRole", "Arn"), "Capabilities": "CAPABILITY_IAM",
						"StackName": obj{"Fn::Sub": "${ApplicationName}BetaStack"}, "TemplatePath": "CompiledCFNTemplate::transformed.yaml",
					},
					"InputArtifacts": []any{obj{"Name": "CompiledCFNTemplate"}},
				},
				obj{
					"Name": "ExecuteChangeSet", "RunOrder": 2,
					"ActionTypeId": obj{"Category": "Deploy", "Owner": "AWS", "Provider": "CloudFormation", "Version": "1"},
					"Configuration": obj{
						"ActionMode": "CHANGE_SET_EXECUTE", "ChangeSetName": obj{"Fn::Sub": "${ApplicationName}ChangeSet"},
						"StackName": obj{"Fn::Sub": "${ApplicationName}BetaStack"},
					},
					"OutputArtifacts": []any{obj{"Name": "AppDeploymentValues"}},
				},
			}},
		},
	}}
	out["S3ApplicationBucket"] = obj{"Value": ref("ApplicationBucket")}
	out["S3PipelineBucket"] = obj{"Value": ref("ArtifactBucketStore")}
	out["CodeBuildRoleArn"] = obj{"Value": getAtt("CodeBuildRole", "Arn")}
	out["CodePipelineRoleArn"] = obj{"Value": getAtt("CodePipelineRole", "Arn")}
	out["CFNDeployRoleArn"] = obj{"Value": getAtt("CFNDeployRole", "Arn")}
	return obj{
		"AWSTemplateFormatVersion": "2010-09-09",
		"Description":              fmt.Sprintf("CodePipeline for the Chalice app %s: CodeBuild packages it, CloudFormation deploys it to a beta stack", o.AppName),
		"Parameters":               params,
		"Resources":                res,
		"Outputs":                  out,
	}, nil
}
