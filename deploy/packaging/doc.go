// Package packaging turns a Chalice app's package main into the Lambda
// deployment package: a cross-compiled `bootstrap` for the provided.al2023
// runtime, zipped alone, byte for byte the same for the same source.
//
// It is the Go rendering of the spec's "App Packaging": app.py and
// chalicelib/ become the compiled package (chalicelib/ data files are
// //go:embed'ed into it), requirements.txt becomes go.mod, and vendor/ is Go
// vendoring, which go build uses by itself. Nothing else from the project
// directory enters the zip.
//
//	art, err := packaging.Package(ctx, packaging.Options{Dir: appDir, Arch: cfg.Architecture})
//	// art.ZipPath, art.SHA256, art.CodeSHA256() (Lambda's CodeSha256), art.ZipSize, art.BinarySize
//
// Build and Zip are the two halves, for callers that want only one of them.
// See docs/packaging.md for the decisions behind the flags and the zip
// layout.
package packaging
