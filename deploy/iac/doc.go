// Package iac renders a deploy plan as infrastructure as code: a SAM
// (CloudFormation) template and a Terraform JSON configuration. The plan
// decides every resource and setting; this package only chooses the
// template syntax and the stable logical names users reference from merge
// templates and Terraform state (documented in docs/iac.md).
//
// Both renderers build a tree of maps, lists and scalars whose leaves may
// be plan.Values; the references in those are printed last, as
// CloudFormation intrinsics (Ref, Fn::GetAtt, Fn::Sub) or Terraform
// interpolations.
package iac
