// Functions in a VPC get the ENI permissions.
package main

import "context"

func InVPC(ctx context.Context) error   { return nil }
func Outside(ctx context.Context) error { return nil }

func main() {}
