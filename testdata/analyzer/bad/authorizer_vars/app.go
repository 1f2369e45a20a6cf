package main

import "github.com/chalice-go/chalice"

var pool = chalice.CognitoUserPoolAuthorizer{Name: "pool"}

var custom = &chalice.CustomAuthorizer{Name: "custom", TTLSeconds: 60}

var noName = chalice.CustomAuthorizer{AuthorizerURI: "arn:aws:apigateway:us-west-2:lambda:path/fn"}

var nilPtr *chalice.IAMAuthorizer

var poolA = chalice.CognitoUserPoolAuthorizer{Name: "shared", ProviderARNs: []string{"arn:a"}}

var poolB = chalice.CognitoUserPoolAuthorizer{Name: "shared", ProviderARNs: []string{"arn:b"}}

var tooLong = chalice.CustomAuthorizer{Name: "long", AuthorizerURI: "arn:x", TTLSeconds: 7200}

//chalice:route /a authorizer=pool
func A() {}

//chalice:route /b authorizer=custom
func B() {}

//chalice:route /c authorizer=noName
func C() {}

//chalice:route /d authorizer=nilPtr
func D() {}

//chalice:route /e authorizer=poolA
func E() {}

//chalice:route /f authorizer=poolB
func F() {}

//chalice:route /g authorizer=tooLong
func G() {}
