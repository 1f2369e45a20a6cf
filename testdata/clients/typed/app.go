// The typed app of the client goldens: every Go type rule the OpenAPI
// description and the generated clients follow, a blueprint with a greedy
// path, multi-method routes, one path with two handlers, authorizers and an
// API key.
//
//chalice:blueprint github.com/chalice-go/chalice/testdata/clients/typed/users url_prefix=/users
//chalice:app cors
package main

import (
	"context"
	"encoding/json"
	"net/netip"
	"time"

	"github.com/chalice-go/chalice"

	"github.com/chalice-go/chalice/testdata/clients/typed/users"
)

// Audit is embedded: its fields are promoted.
type Audit struct {
	Created time.Time  `json:"created"`
	Updated *time.Time `json:"updated,omitempty"`
	Note    string     `json:"-"`
	hidden  int
}

// Node is recursive.
type Node struct {
	Name     string  `json:"name"`
	Children []*Node `json:"children,omitempty"`
	Parent   *Node   `json:"parent"`
}

// Color is a named string.
type Color string

// Page is generic.
type Page[T any] struct {
	Items []T `json:"items"`
	Next  *string
}

// Item is what the API stores.
type Item struct {
	Audit
	ID       int64             `json:"id,string"`
	Name     string            `json:"name"`
	Tags     []string          `json:"tags,omitempty"`
	Labels   map[string]string `json:"labels"`
	Color    Color             `json:"color"`
	Raw      []byte            `json:"raw,omitzero"`
	Extra    json.RawMessage   `json:"extra,omitempty"`
	Any      any               `json:"any"`
	Addr     netip.Addr        `json:"addr"`
	Tree     Node              `json:"tree"`
	Score    float64           `json:"score"`
	Count    uint16            `json:"count"`
	Fixed    [2]int8           `json:"fixed"`
	Owner    *users.User       `json:"owner"`
	Untagged bool
}

// sample is what the handlers answer: every field filled as a real
// handler would (the client tests check answers against the schemas).
func sample(id int64) Item {
	return Item{
		Audit:  Audit{Created: time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)},
		ID:     id,
		Name:   "thing",
		Labels: map[string]string{"a": "b"},
		Color:  "red",
		Addr:   netip.MustParseAddr("127.0.0.1"),
		Tree:   Node{Name: "root", Children: []*Node{{Name: "leaf"}}},
		Score:  1.5,
		Count:  3,
		Fixed:  [2]int8{1, -1},
		Owner:  &users.User{Name: "ann", Friends: []users.Friend{}},
	}
}

//chalice:route GET /items
func listItems() (Page[Item], error) { return Page[Item]{Items: []Item{sample(1)}}, nil }

//chalice:route POST /items content_types=application/json,application/merge-patch+json
func createItem(item Item) (Item, error) { return item, nil }

//chalice:route GET /items/{id}
func getItem(ctx context.Context, id int64) (*Item, error) {
	if id == 0 {
		return nil, chalice.NotFoundError("no item 0")
	}
	it := sample(id)
	return &it, nil
}

//chalice:route PUT,PATCH /items/{id} name=replaceItem
func putItem(id int64, item *Item) Item {
	item.ID = id
	return *item
}

//chalice:route DELETE /items/{id}
func deleteItem(id int64) error { return nil }

//chalice:route GET /at/{when}/{ip}
func at(when time.Time, ip netip.Addr) map[string]any {
	return map[string]any{"when": when, "ip": ip}
}

//chalice:route GET /raw
func raw() *chalice.Response { return &chalice.Response{Body: "x"} }

//chalice:route POST /upload content_types=application/octet-stream
func upload(req *chalice.Request) {}

//chalice:route GET /keyed api_key_required
func keyed() []Color { return []Color{"red"} }

var iam = chalice.IAMAuthorizer{}

//chalice:route GET /iam authorizer=iam
func iamOnly() map[string]int { return map[string]int{"iam": 1} }

var pool = chalice.CognitoUserPoolAuthorizer{Name: "MyPool", ProviderARNs: []string{"arn:aws:cognito-idp:us-west-2:123456789012:userpool/us-west-2_abc"}}

//chalice:route GET /pool authorizer=pool
func poolOnly() map[string]int { return map[string]int{"pool": 1} }

//chalice:authorizer header=X-Token
func tokenAuth(ctx context.Context, req chalice.AuthRequest) (chalice.AuthResponse, error) {
	if req.Token != "let-me-in" {
		return chalice.AuthResponse{PrincipalID: "u"}, nil
	}
	return chalice.AuthResponse{Routes: chalice.AllowPaths("/mine"), PrincipalID: "u"}, nil
}

//chalice:route GET /mine authorizer=tokenAuth api_key_required
func mine() []users.User { return []users.User{{Name: "me", Friends: []users.Friend{}}} }
