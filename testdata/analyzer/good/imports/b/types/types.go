package types

type Thing struct{ B int }
