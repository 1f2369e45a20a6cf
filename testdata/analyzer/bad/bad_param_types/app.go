package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

type Body struct{ A string }

//chalice:route /a/{x}
func A(x []string) {}

//chalice:route /b/{x}
func B(x *int) {}

//chalice:route /c/{x}
func C(x Body) {}

//chalice:route /d
func D(ch chan int) {}

//chalice:route /e
func E(a Body, b map[string]any) {}

//chalice:route /f
func F(names ...string) {}

//chalice:route /g
func G(r *chalice.Request, ctx context.Context) {}

//chalice:route /h/{x}
func H(x complex128, y any) {}

//chalice:route /i
func I(b struct{ F func() }) {}

//chalice:route /j
func J(r chalice.Request) {}
