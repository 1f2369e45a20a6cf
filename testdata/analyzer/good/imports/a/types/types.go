package types

type Thing struct{ A int }
