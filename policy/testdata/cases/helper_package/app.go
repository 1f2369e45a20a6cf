// SDK calls in a helper package of the app's module (not a blueprint).
package main

import (
	"context"

	"github.com/chalice-go/chalice/policy/testdata/cases/helper_package/storage"
)

var st = storage.New()

func Put(ctx context.Context, key string) error { return st.Put(ctx, key) }

func Get(ctx context.Context, key string) error { return st.Get(ctx, key) }

func main() {}
