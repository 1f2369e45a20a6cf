package config

// FunctionURL is the value of function_url: a Lambda Function URL for a
// function (top level and stage values apply to every function; the most
// specific level's object replaces the others whole, as custom domains do).
type FunctionURL struct {
	AuthType string // NONE or AWS_IAM (required: a public URL is never a default)
	CORS     *FunctionURLCORS
	Extra    map[string][]byte
}

// FunctionURLCORS is function_url.cors, Lambda's own CORS configuration
// of a Function URL.
type FunctionURLCORS struct {
	AllowOrigins     []string
	AllowMethods     []string
	AllowHeaders     []string
	ExposeHeaders    []string
	MaxAge           *int // seconds, 0–86400
	AllowCredentials bool
}

func functionURLField(get func(*Settings) **FunctionURL) codec {
	return codec{
		decode: func(d *decoder, n *node, p string, s *Settings) {
			if v, ok := d.functionURL(n, p); ok {
				*get(s) = v
			}
		},
		encode: func(s *Settings) (any, bool) {
			v := *get(s)
			if v == nil {
				return nil, false
			}
			var o obj
			o.add("auth_type", v.AuthType)
			if c := v.CORS; c != nil {
				var co obj
				for _, l := range []struct {
					k string
					v []string
				}{{"allow_origins", c.AllowOrigins}, {"allow_methods", c.AllowMethods}, {"allow_headers", c.AllowHeaders}, {"expose_headers", c.ExposeHeaders}} {
					if l.v != nil {
						co.add(l.k, l.v)
					}
				}
				if c.MaxAge != nil {
					co.add("max_age", *c.MaxAge)
				}
				if c.AllowCredentials {
					co.add("allow_credentials", true)
				}
				o.add("cors", co)
			}
			return append(o, extraObj(v.Extra)...), true
		},
	}
}

func (d *decoder) functionURL(n *node, path string) (*FunctionURL, bool) {
	if n.kind != kindObject {
		d.expect(n, path, "object")
		return nil, false
	}
	fu := &FunctionURL{}
	ok, seen := true, false
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		var vok bool
		switch m.key {
		case "auth_type":
			fu.AuthType, vok = d.enum(m.val, mp, "NONE", "AWS_IAM")
			seen = true
		case "cors":
			fu.CORS, vok = d.functionURLCORS(m.val, mp)
		default:
			vok = true
			d.unknown(m, mp, []string{"auth_type", "cors"})
			if fu.Extra == nil {
				fu.Extra = map[string][]byte{}
			}
			fu.Extra[m.key] = m.val.raw(d.data)
		}
		ok = ok && vok
	}
	if !seen {
		d.errorf(n.off, path, `missing required key auth_type ("NONE" for a public URL, "AWS_IAM" for signed requests)`)
		ok = false
	}
	return fu, ok
}

func (d *decoder) functionURLCORS(n *node, path string) (*FunctionURLCORS, bool) {
	if n.kind != kindObject {
		d.expect(n, path, "object")
		return nil, false
	}
	c := &FunctionURLCORS{}
	ok := true
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		var vok bool
		switch m.key {
		case "allow_origins":
			c.AllowOrigins, vok = d.stringList(m.val, mp)
		case "allow_methods":
			c.AllowMethods, vok = d.stringList(m.val, mp)
		case "allow_headers":
			c.AllowHeaders, vok = d.stringList(m.val, mp)
		case "expose_headers":
			c.ExposeHeaders, vok = d.stringList(m.val, mp)
		case "max_age":
			var v int
			if v, vok = d.integer(m.val, mp); vok {
				if v < 0 || v > 86400 {
					d.errorf(m.val.off, mp, "must be between 0 and 86400 seconds, got %d", v)
					vok = false
				}
				c.MaxAge = &v
			}
		case "allow_credentials":
			c.AllowCredentials, vok = d.boolean(m.val, mp)
		default:
			vok = false
			d.errorf(m.off, mp, "unknown key: a Function URL's cors takes allow_origins, allow_methods, allow_headers, expose_headers, max_age and allow_credentials")
		}
		ok = ok && vok
	}
	return c, ok
}

func firstFunctionURL(chain []*Settings) *FunctionURL {
	v := first(chain, func(x *Settings) *FunctionURL { return x.FunctionURL })
	if v == nil {
		return nil
	}
	c := *v
	c.Extra = nil
	return &c
}
