package main

import "github.com/chalice-go/chalice"

var origin = "https://example.com"

const limit = 5

type T struct{}

var auth = chalice.CORSConfig{}

var cors = chalice.IAMAuthorizer{}

//chalice:route /a cors=origin
func A() {}

//chalice:route /b authorizer=limit
func B() {}

//chalice:route /c cors=T
func C() {}

//chalice:route /d cors=C
func D() {}

//chalice:route /e authorizer=auth
func E() {}

//chalice:route /f cors=cors
func F() {}
