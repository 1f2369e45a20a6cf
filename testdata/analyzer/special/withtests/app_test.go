package main

import "testing"

// A directive in a test file never reaches the deployed app.
//
//chalice:route /test-only
func testOnly() {}

// Test files may use what the generated file declares; that is no error.
func TestIndex(t *testing.T) {
	_ = generatedClient()
	_ = testOnly
}
