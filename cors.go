package chalice

// CORSConfig sets the CORS headers of a route (//chalice:route ... cors=IDENT)
// or of the whole app (//chalice:app cors=IDENT). The generator reads a
// package-level var of this type statically, so its fields must be constants.
type CORSConfig struct {
	// AllowOrigin is "*" when empty. Several origins may be listed, separated
	// by spaces or commas; the request's Origin is echoed when it is one of them.
	AllowOrigin      string
	AllowHeaders     []string // added to the built-in allowed headers
	ExposeHeaders    []string
	MaxAge           int // seconds; 0 leaves Access-Control-Max-Age out
	AllowCredentials bool
}
