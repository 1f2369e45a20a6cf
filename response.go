package chalice

// Response gives a handler full control of the HTTP response.
type Response struct {
	StatusCode        int // 0 means 200
	Headers           map[string]string
	MultiValueHeaders map[string][]string
	// Body is a string, a []byte, or any other value, which is encoded as JSON.
	// A []byte body with a binary Content-Type is sent base64-encoded.
	Body any
}
