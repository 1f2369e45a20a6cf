package main

import (
	"context"

	"github.com/chalice-go/chalice"
)

type S struct{}

//chalice:route /a
//chalice:schedule rate(1 hour)
func A(ctx context.Context, e chalice.CloudWatchEvent) error { return nil }

//chalice:route /m
func (S) M() {}

//chalice:route /g
func G[T any]() {}

//chalice:route /one
//chalice:route /two
func Two() {}
