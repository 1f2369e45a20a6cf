package main

import "github.com/chalice-go/chalice"

//chalice:route /
func Index() (*chalice.Response, error) {
	return nil, undefinedHelper()
}

//chalice:route /x
func X() string { return 1 }
