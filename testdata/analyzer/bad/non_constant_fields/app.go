package main

import (
	"os"

	"github.com/chalice-go/chalice"
)

func header() string { return "X-Custom" }

const base = "https://"

var fromEnv = chalice.CORSConfig{
	AllowOrigin:  os.Getenv("ORIGIN"),
	AllowHeaders: []string{"X-A", header()},
	MaxAge:       len(os.Args),
}

var computed = newCORS()

func newCORS() chalice.CORSConfig { return chalice.CORSConfig{} }

var fine = &chalice.CORSConfig{AllowOrigin: base + "example.com", ExposeHeaders: nil}

var headers = []string{"X-B"}

var sliceVar = chalice.CORSConfig{AllowHeaders: headers}

var pool = chalice.CognitoUserPoolAuthorizer{Name: "pool", ProviderARNs: []string{os.Getenv("ARN")}}

//chalice:route /a cors=fromEnv
func A() {}

//chalice:route /b cors=computed
func B() {}

//chalice:route /c cors=fine
func C() {}

//chalice:route /d cors=sliceVar
func D() {}

//chalice:route /e authorizer=pool
func E() {}
