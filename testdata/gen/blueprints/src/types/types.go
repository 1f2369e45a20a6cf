package types

type User struct {
	Name string `json:"name"`
}

type Page[T any] struct {
	Items []T `json:"items"`
}
