package users

import "context"

type profile struct{ Name string }

// Profile is exported as an alias of an unexported type.
type Profile = profile

//chalice:route /{name}
func get(ctx context.Context, name string) (map[string]string, error) { return nil, nil }

//chalice:route /me
func Me() profile { return profile{} }

//chalice:route POST /me
func Put(p *Profile) {}

//chalice:app debug
func Other() {}
