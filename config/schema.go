package config

import (
	"bytes"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/chalice-go/chalice/internal/textdist"
)

// level is a bit set of the places a key may appear.
type level uint8

const (
	atTop level = 1 << iota
	atStage
	atFunction

	topOnly     = atTop
	topAndStage = atTop | atStage
	everywhere  = atTop | atStage | atFunction
)

func (l level) where() string {
	switch l {
	case atTop:
		return "at the top level"
	case atStage:
		return "in a stage"
	default:
		return "in a lambda_functions entry"
	}
}

func (l level) allowed() string {
	switch l {
	case topOnly:
		return "only at the top level"
	case topAndStage:
		return "at the top level and in a stage, not per function"
	default:
		return "at the top level, in a stage and per function"
	}
}

// keySpec describes one settings key. The order of keySpecs is the order
// Save writes keys in.
type keySpec struct {
	name   string
	levels level
	codec
}

var (
	namePattern   = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	envVarPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)

	logRetentionDays = []int{1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653}

	// Variables AWS Lambda sets itself and refuses in a function's
	// configuration.
	reservedEnvVars = map[string]bool{
		"AWS_REGION": true, "AWS_DEFAULT_REGION": true, "AWS_EXECUTION_ENV": true,
		"AWS_LAMBDA_FUNCTION_NAME": true, "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": true,
		"AWS_LAMBDA_FUNCTION_VERSION": true, "AWS_LAMBDA_INITIALIZATION_TYPE": true,
		"AWS_LAMBDA_LOG_GROUP_NAME": true, "AWS_LAMBDA_LOG_STREAM_NAME": true,
		"AWS_ACCESS_KEY": true, "AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true,
		"AWS_SESSION_TOKEN": true, "AWS_LAMBDA_RUNTIME_API": true,
		"LAMBDA_TASK_ROOT": true, "LAMBDA_RUNTIME_DIR": true,
	}
)

func validName(s string) bool { return namePattern.MatchString(s) }

// codec decodes a key's value into Settings and reads it back for Save.
type codec struct {
	decode func(d *decoder, n *node, path string, s *Settings)
	encode func(s *Settings) (any, bool)
}

func ptrCodec[T any](get func(*Settings) **T, parse func(d *decoder, n *node, path string) (T, bool)) codec {
	return codec{
		decode: func(d *decoder, n *node, p string, s *Settings) {
			if v, ok := parse(d, n, p); ok {
				*get(s) = &v
			}
		},
		encode: func(s *Settings) (any, bool) { return deref(*get(s)) },
	}
}

func strField(get func(*Settings) **string) codec {
	return ptrCodec(get, (*decoder).nonEmptyString)
}

func boolField(get func(*Settings) **bool) codec {
	return ptrCodec(get, (*decoder).boolean)
}

func enumField(get func(*Settings) **string, allowed ...string) codec {
	return ptrCodec(get, func(d *decoder, n *node, p string) (string, bool) { return d.enum(n, p, allowed...) })
}

func intField(get func(*Settings) **int, check func(d *decoder, n *node, p string, v int) bool) codec {
	return ptrCodec(get, func(d *decoder, n *node, p string) (int, bool) {
		v, ok := d.integer(n, p)
		return v, ok && check(d, n, p, v)
	})
}

func domainField(get func(*Settings) **CustomDomain, tls ...string) codec {
	return codec{
		decode: func(d *decoder, n *node, p string, s *Settings) {
			if v, ok := d.customDomain(n, p, tls); ok {
				*get(s) = v
			}
		},
		encode: func(s *Settings) (any, bool) {
			v := *get(s)
			return v, v != nil
		},
	}
}

func listField(get func(*Settings) *[]string) codec {
	return codec{
		decode: func(d *decoder, n *node, p string, s *Settings) {
			if v, ok := d.stringList(n, p); ok {
				*get(s) = v
			}
		},
		encode: func(s *Settings) (any, bool) {
			v := *get(s)
			return v, v != nil
		},
	}
}

func mapField(get func(*Settings) *map[string]string, check func(d *decoder, n *node, p, k, v string) bool) codec {
	return codec{
		decode: func(d *decoder, n *node, p string, s *Settings) {
			if v, ok := d.stringMap(n, p, check); ok {
				*get(s) = v
			}
		},
		encode: func(s *Settings) (any, bool) {
			v := *get(s)
			return v, v != nil
		},
	}
}

func between(lo, hi int) func(d *decoder, n *node, p string, v int) bool {
	return func(d *decoder, n *node, p string, v int) bool {
		if v < lo || v > hi {
			d.errorf(n.off, p, "must be between %d and %d, got %d", lo, hi, v)
			return false
		}
		return true
	}
}

var keySpecs []keySpec

func init() {
	add := func(name string, levels level, c codec) {
		keySpecs = append(keySpecs, keySpec{name: name, levels: levels, codec: c})
	}
	add("api_gateway_stage", topAndStage, ptrCodec(func(s *Settings) **string { return &s.APIGatewayStage }, func(d *decoder, n *node, p string) (string, bool) {
		v, ok := d.nonEmptyString(n, p)
		if ok && !validName(v) {
			d.errorf(n.off, p, "%q is not a valid API Gateway stage name: use letters, digits, '-' and '_'", v)
			return "", false
		}
		return v, ok
	}))
	add("api_gateway_endpoint_type", topOnly, enumField(func(s *Settings) **string { return &s.APIGatewayEndpointType }, "EDGE", "REGIONAL", "PRIVATE"))
	add("api_gateway_endpoint_vpce", topAndStage, codec{func(d *decoder, n *node, p string, s *Settings) {
		if n.kind == kindString {
			if v, ok := d.nonEmptyString(n, p); ok {
				s.APIGatewayEndpointVPCE, s.vpceString = []string{v}, true
			}
			return
		}
		if n.kind != kindArray {
			d.errorf(n.off, p, "expected string or array of strings, got %s", n.describe())
			return
		}
		if v, ok := d.stringList(n, p); ok {
			s.APIGatewayEndpointVPCE = v
		}
	}, func(s *Settings) (any, bool) {
		if s.APIGatewayEndpointVPCE == nil {
			return nil, false
		}
		if s.vpceString && len(s.APIGatewayEndpointVPCE) == 1 {
			return s.APIGatewayEndpointVPCE[0], true
		}
		return s.APIGatewayEndpointVPCE, true
	}})
	add("api_gateway_policy_file", topAndStage, strField(func(s *Settings) **string { return &s.APIGatewayPolicyFile }))
	add("api_gateway_custom_domain", topAndStage, domainField(func(s *Settings) **CustomDomain { return &s.APIGatewayCustomDomain }, "TLS_1_0", "TLS_1_2"))
	add("websocket_api_custom_domain", topAndStage, domainField(func(s *Settings) **CustomDomain { return &s.WebsocketAPICustomDomain }, "TLS_1_2"))
	// api_gateway_type picks the kind of API the routes deploy as: "rest"
	// (API Gateway v1) or "http" (an API Gateway v2 HTTP API). What an
	// HTTP API cannot express is refused by the deploy plan, which knows
	// the app's routes.
	add("api_gateway_type", topAndStage, enumField(func(s *Settings) **string { return &s.APIGatewayType }, "rest", "http"))
	add("minimum_compression_size", topAndStage, intField(func(s *Settings) **int { return &s.MinimumCompressionSize }, between(0, 10485760)))
	add("architecture", topAndStage, enumField(func(s *Settings) **string { return &s.Architecture }, "arm64", "x86_64"))
	add("automatic_layer", topAndStage, ptrCodec(func(s *Settings) **bool { return &s.AutomaticLayer }, func(d *decoder, n *node, p string) (bool, bool) {
		v, ok := d.boolean(n, p)
		if ok && v {
			d.warnf(n.off, p, "has no effect: a Go app is one static binary, with no dependency layer to build")
		}
		return v, ok
	}))
	add("autogen_policy", everywhere, boolField(func(s *Settings) **bool { return &s.AutogenPolicy }))
	add("environment_variables", everywhere, mapField(func(s *Settings) *map[string]string { return &s.EnvironmentVariables }, checkEnvVar))
	add("iam_policy_file", everywhere, strField(func(s *Settings) **string { return &s.IAMPolicyFile }))
	add("iam_role_arn", everywhere, strField(func(s *Settings) **string { return &s.IAMRoleARN }))
	add("lambda_memory_size", everywhere, intField(func(s *Settings) **int { return &s.LambdaMemorySize }, func(d *decoder, n *node, p string, v int) bool {
		if !between(128, 10240)(d, n, p, v) {
			return false
		}
		if v%64 != 0 {
			d.warnf(n.off, p, "%d is not a multiple of 64 MB", v)
		}
		return true
	}))
	add("lambda_timeout", everywhere, intField(func(s *Settings) **int { return &s.LambdaTimeout }, between(1, 900)))
	add("lambda_ephemeral_storage", everywhere, intField(func(s *Settings) **int { return &s.LambdaEphemeralStorage }, between(512, 10240)))
	add("layers", everywhere, listField(func(s *Settings) *[]string { return &s.Layers }))
	add("log_retention_in_days", everywhere, intField(func(s *Settings) **int { return &s.LogRetentionInDays }, func(d *decoder, n *node, p string, v int) bool {
		for _, ok := range logRetentionDays {
			if v == ok {
				return true
			}
		}
		vals := make([]string, len(logRetentionDays))
		for i, x := range logRetentionDays {
			vals[i] = strconv.Itoa(x)
		}
		d.errorf(n.off, p, "%d is not a retention CloudWatch Logs accepts (one of %s)", v, strings.Join(vals, ", "))
		return false
	}))
	add("manage_iam_role", everywhere, boolField(func(s *Settings) **bool { return &s.ManageIAMRole }))
	add("reserved_concurrency", everywhere, intField(func(s *Settings) **int { return &s.ReservedConcurrency }, func(d *decoder, n *node, p string, v int) bool {
		if v < 0 {
			d.errorf(n.off, p, "must not be negative, got %d", v)
			return false
		}
		return true
	}))
	add("security_group_ids", everywhere, listField(func(s *Settings) *[]string { return &s.SecurityGroupIDs }))
	add("subnet_ids", everywhere, listField(func(s *Settings) *[]string { return &s.SubnetIDs }))
	add("tags", everywhere, mapField(func(s *Settings) *map[string]string { return &s.Tags }, checkTag))
	add("xray", everywhere, boolField(func(s *Settings) **bool { return &s.XRay }))
	add("function_url", everywhere, functionURLField(func(s *Settings) **FunctionURL { return &s.FunctionURL }))
}

func deref[T any](p *T) (any, bool) {
	if p == nil {
		return nil, false
	}
	return *p, true
}

func checkEnvVar(d *decoder, n *node, p, k, _ string) bool {
	switch {
	case !envVarPattern.MatchString(k):
		d.errorf(n.off, p, "%q is not a valid environment variable name: start with a letter, then letters, digits and '_'", k)
		return false
	case reservedEnvVars[k]:
		d.errorf(n.off, p, "%s is reserved: AWS Lambda sets it", k)
		return false
	}
	return true
}

func checkTag(d *decoder, n *node, p, k, v string) bool {
	switch {
	case k == "":
		d.errorf(n.off, p, "tag keys must not be empty")
	case len(k) > 128:
		d.errorf(n.off, p, "tag key %q is longer than 128 characters", k)
	case strings.HasPrefix(strings.ToLower(k), "aws:"):
		d.errorf(n.off, p, "tag key %q uses the reserved aws: prefix", k)
	case len(v) > 256:
		d.errorf(n.off, p, "tag value of %q is longer than 256 characters", k)
	default:
		return true
	}
	return false
}

func lookupSpec(name string) *keySpec {
	for i := range keySpecs {
		if keySpecs[i].name == name {
			return &keySpecs[i]
		}
	}
	return nil
}

// knownKeys lists every key name, for "did you mean" suggestions.
func knownKeys() []string {
	out := []string{"version", "app_name", "stages", "lambda_functions"}
	for _, k := range keySpecs {
		out = append(out, k.name)
	}
	return out
}

type decoder struct {
	file  string
	data  []byte
	errs  []Diagnostic
	warns []Diagnostic
}

func (d *decoder) diag(off int, path, format string, args []any) Diagnostic {
	line, col := lineCol(d.data, off)
	return Diagnostic{File: d.file, Line: line, Col: col, Path: path, Msg: fmt.Sprintf(format, args...)}
}

func (d *decoder) errorf(off int, path, format string, args ...any) {
	d.errs = append(d.errs, d.diag(off, path, format, args))
}

func (d *decoder) warnf(off int, path, format string, args ...any) {
	d.warns = append(d.warns, d.diag(off, path, format, args))
}

func (d *decoder) expect(n *node, path, want string) {
	d.errorf(n.off, path, "expected %s, got %s", want, n.describe())
}

func (d *decoder) str(n *node, path string) (string, bool) {
	if n.kind != kindString {
		d.expect(n, path, "string")
		return "", false
	}
	return n.str, true
}

func (d *decoder) nonEmptyString(n *node, path string) (string, bool) {
	v, ok := d.str(n, path)
	if ok && strings.TrimSpace(v) == "" {
		d.errorf(n.off, path, "must not be empty")
		return "", false
	}
	return v, ok
}

func (d *decoder) enum(n *node, path string, allowed ...string) (string, bool) {
	v, ok := d.str(n, path)
	if !ok {
		return "", false
	}
	for _, a := range allowed {
		if v == a {
			return v, true
		}
	}
	q := make([]string, len(allowed))
	for i, a := range allowed {
		q[i] = strconv.Quote(a)
	}
	d.errorf(n.off, path, "must be one of %s, got %q", strings.Join(q, ", "), v)
	return "", false
}

func (d *decoder) integer(n *node, path string) (int, bool) {
	if n.kind != kindNumber {
		d.expect(n, path, "integer")
		return 0, false
	}
	v, err := strconv.ParseInt(n.num.String(), 10, 64)
	if err != nil {
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			d.errorf(n.off, path, "integer %s is out of range", n.num)
			return 0, false
		}
		d.expect(n, path, "integer")
		return 0, false
	}
	if int64(int(v)) != v {
		d.errorf(n.off, path, "integer %s is out of range", n.num)
		return 0, false
	}
	return int(v), true
}

func (d *decoder) boolean(n *node, path string) (bool, bool) {
	if n.kind != kindBool {
		d.expect(n, path, "boolean")
		return false, false
	}
	return n.boolean, true
}

func (d *decoder) stringList(n *node, path string) ([]string, bool) {
	if n.kind != kindArray {
		d.expect(n, path, "array of strings")
		return nil, false
	}
	out := make([]string, 0, len(n.elems))
	ok := true
	for i, e := range n.elems {
		ep := fmt.Sprintf("%s[%d]", path, i)
		v, vok := d.nonEmptyString(e, ep)
		ok = ok && vok
		out = append(out, v)
	}
	return out, ok
}

// members returns an object's members with duplicates removed (the last
// one wins, as in encoding/json), warning about each duplicate.
func (d *decoder) members(n *node, path string) []member {
	last := make(map[string]int, len(n.members))
	for i, m := range n.members {
		last[m.key] = i
	}
	out := make([]member, 0, len(last))
	for i, m := range n.members {
		if last[m.key] != i {
			d.warnf(m.off, joinPath(path, m.key), "duplicate key: the later value is used")
			continue
		}
		out = append(out, m)
	}
	return out
}

func (d *decoder) stringMap(n *node, path string, check func(d *decoder, n *node, p, k, v string) bool) (map[string]string, bool) {
	if n.kind != kindObject {
		d.expect(n, path, "object of strings")
		return nil, false
	}
	out := map[string]string{}
	ok := true
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		v, vok := d.str(m.val, mp)
		if vok && check != nil {
			vok = check(d, &node{off: m.off}, mp, m.key, v)
		}
		if !vok {
			ok = false
			continue
		}
		out[m.key] = v
	}
	return out, ok
}

func (d *decoder) customDomain(n *node, path string, tls []string) (*CustomDomain, bool) {
	if n.kind != kindObject {
		d.expect(n, path, "object")
		return nil, false
	}
	cd := &CustomDomain{}
	ok := true
	seen := map[string]bool{}
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		seen[m.key] = true
		var vok bool
		switch m.key {
		case "domain_name":
			cd.DomainName, vok = d.nonEmptyString(m.val, mp)
		case "certificate_arn":
			cd.CertificateARN, vok = d.nonEmptyString(m.val, mp)
		case "tls_version":
			cd.TLSVersion, vok = d.enum(m.val, mp, tls...)
		case "url_prefix":
			cd.URLPrefix, vok = d.str(m.val, mp)
		case "tags":
			cd.Tags, vok = d.stringMap(m.val, mp, checkTag)
		default:
			vok = true
			d.unknown(m, mp, []string{"domain_name", "certificate_arn", "tls_version", "url_prefix", "tags"})
			if cd.Extra == nil {
				cd.Extra = map[string][]byte{}
			}
			cd.Extra[m.key] = m.val.raw(d.data)
		}
		ok = ok && vok
	}
	for _, req := range []string{"domain_name", "certificate_arn"} {
		if !seen[req] {
			d.errorf(n.off, path, "missing required key %s", req)
			ok = false
		}
	}
	return cd, ok
}

func (d *decoder) unknown(m member, path string, known []string) {
	msg := "unknown key, ignored"
	if s := suggest(m.key, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	}
	d.warnf(m.off, path, "%s", msg)
}

// settings decodes one level's object into s.
func (d *decoder) settings(n *node, path string, at level, s *Settings) {
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		if m.key == "lambda_functions" && at != atFunction {
			s.LambdaFunctions = d.namedSettings(m.val, mp, "function", atFunction)
			continue
		}
		ks := lookupSpec(m.key)
		if ks == nil {
			switch m.key {
			case "version", "app_name", "stages":
				d.errorf(m.off, mp, "cannot be set %s; allowed only at the top level", at.where())
				continue
			case "lambda_functions":
				d.errorf(m.off, mp, "cannot be set %s; allowed at the top level and in a stage", at.where())
				continue
			}
			d.unknown(m, mp, knownKeys())
			if s.Extra == nil {
				s.Extra = map[string][]byte{}
			}
			s.Extra[m.key] = m.val.raw(d.data)
			continue
		}
		if ks.levels&at == 0 {
			d.errorf(m.off, mp, "cannot be set %s; allowed %s", at.where(), ks.levels.allowed())
			continue
		}
		if m.val.kind == kindNull {
			d.errorf(m.val.off, mp, "is null; remove the key to leave it unset")
			continue
		}
		ks.decode(d, m.val, mp, s)
		if why := notDeployedYet[m.key]; why != "" {
			d.warnf(m.off, mp, "has no effect yet: %s", why)
		}
	}
}

// notDeployedYet holds the spec's keys that Load accepts and validates but
// that neither deploy nor package acts on yet, with what that means for
// the user. Load warns wherever one is set, so a setting is never ignored
// silently; an entry goes when deploy/plan implements its key.
var notDeployedYet = map[string]string{}

// namedSettings decodes stages or lambda_functions: an object mapping
// names of what ("stage" or "function") to the settings of level at.
func (d *decoder) namedSettings(n *node, path, what string, at level) map[string]*Settings {
	if n.kind != kindObject {
		d.expect(n, path, "object mapping "+what+" names to settings")
		return nil
	}
	out := map[string]*Settings{}
	for _, m := range d.members(n, path) {
		mp := joinPath(path, m.key)
		if !validName(m.key) {
			d.errorf(m.off, mp, "%q is not a valid %s name: use letters, digits, '-' and '_'", m.key, what)
			continue
		}
		if m.val.kind != kindObject {
			d.expect(m.val, mp, "object")
			continue
		}
		s := &Settings{}
		d.settings(m.val, mp, at, s)
		out[m.key] = s
	}
	return out
}

// Parse validates the contents of a config.json; name is used in messages.
func Parse(name string, data []byte) (*File, error) {
	d := &decoder{file: name, data: data}
	if bytes.HasPrefix(data, []byte("\xef\xbb\xbf")) {
		// A UTF-8 byte order mark: blank it out, keeping offsets.
		d.data = append([]byte("   "), data[3:]...)
	}
	root, err := parseJSON(d.data)
	if err != nil {
		se := err.(*syntaxError)
		d.errorf(se.off, "", "%s", se.msg)
		return nil, &Error{d.errs}
	}
	if root.kind != kindObject {
		d.errorf(root.off, "", "expected a JSON object at the top level, got %s", root.describe())
		return nil, &Error{d.errs}
	}
	f := &File{Path: name}
	var settingsMembers []member
	for _, m := range d.members(root, "") {
		switch m.key {
		case "version":
			if v, ok := d.str(m.val, m.key); ok {
				if v != "1.0" && v != "2.0" {
					d.errorf(m.val.off, m.key, "unsupported version %q (supported: \"1.0\", \"2.0\")", v)
				}
				f.Version = v
			}
		case "app_name":
			if v, ok := d.nonEmptyString(m.val, m.key); ok {
				if !validName(v) {
					d.errorf(m.val.off, m.key, "%q is not a valid app name: use letters, digits, '-' and '_'", v)
				}
				f.AppName = v
			}
		case "stages":
			f.Stages = d.namedSettings(m.val, m.key, "stage", atStage)
		default:
			settingsMembers = append(settingsMembers, m)
		}
	}
	d.settings(&node{kind: kindObject, members: settingsMembers}, "", atTop, &f.Top)
	if len(d.errs) > 0 {
		sortDiags(d.errs)
		return nil, &Error{d.errs}
	}
	sortDiags(d.warns)
	f.Warnings = d.warns
	return f, nil
}

func sortDiags(ds []Diagnostic) {
	sort.SliceStable(ds, func(i, j int) bool {
		if ds[i].Line != ds[j].Line {
			return ds[i].Line < ds[j].Line
		}
		return ds[i].Col < ds[j].Col
	})
}

// joinPath appends key to a dotted key path, bracket-quoting keys that
// would make the path ambiguous.
func joinPath(path, key string) string {
	if !validName(key) {
		key = fmt.Sprintf("[%q]", key)
		return path + key
	}
	if path == "" {
		return key
	}
	return path + "." + key
}

// suggest returns the known key closest to key, if it is close enough to be
// a likely typo.
func suggest(key string, known []string) string {
	best, bestDist := "", len(key)/3+1
	if bestDist > 3 {
		bestDist = 3
	}
	for _, k := range known {
		if dist := textdist.Distance(strings.ToLower(key), k); dist <= bestDist && (best == "" || dist < textdist.Distance(strings.ToLower(key), best)) {
			best = k
		}
	}
	return best
}
