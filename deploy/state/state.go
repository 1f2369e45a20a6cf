// Package state reads and writes the record of what a deploy created:
// .chalice/deployed/<stage>.json, in the spec's schema 2.0 shape. The file
// is always replaced atomically (a temporary file in the same directory,
// synced, then renamed), so a crash or a failed AWS call never leaves it
// half-written.
package state

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/chalice-go/chalice/config"
)

// SchemaVersion is the version of the file's shape.
const SchemaVersion = "2.0"

// Resource types as the file records them.
const (
	TypeIAMRole         = "iam_role"
	TypeLambdaFunction  = "lambda_function"
	TypeRestAPI         = "rest_api"
	TypeWebsocketAPI    = "websocket_api"
	TypeHTTPAPI         = "http_api"
	TypeCloudWatchEvent = "cloudwatch_event"
	TypeS3Event         = "s3_event"
	TypeSNSEvent        = "sns_event"
	TypeSQSEvent        = "sqs_event"
	TypeKinesisEvent    = "kinesis_event"
	TypeDynamoDBEvent   = "dynamodb_event"
	TypeDomainName      = "domain_name"
	TypeFunctionURL     = "function_url"
)

// Resource is one deployed resource. Name and Type identify it; the other
// fields are set according to Type. Keys the file holds that this package
// does not know are kept in Extra and written back unchanged.
type Resource struct {
	Name string `json:"name"`
	Type string `json:"resource_type"`

	RoleName string `json:"role_name,omitempty"` // iam_role
	RoleARN  string `json:"role_arn,omitempty"`

	LambdaARN string `json:"lambda_arn,omitempty"` // lambda_function, s3/sns/sqs events

	RestAPIID  string `json:"rest_api_id,omitempty"` // rest_api
	RestAPIURL string `json:"rest_api_url,omitempty"`

	WebsocketAPIID  string `json:"websocket_api_id,omitempty"` // websocket_api
	WebsocketAPIURL string `json:"websocket_api_url,omitempty"`

	HTTPAPIID  string `json:"http_api_id,omitempty"` // http_api (api_gateway_type "http")
	HTTPAPIURL string `json:"http_api_url,omitempty"`

	// DeploymentPending (rest_api, websocket_api) is set before a deploy
	// changes the API and cleared once its stage serves a new deployment:
	// a deploy that died in between leaves it set, so the next one
	// deploys the stage even when it finds nothing else to change.
	DeploymentPending bool `json:"deployment_pending,omitempty"`

	FunctionURL string `json:"function_url,omitempty"` // function_url (with lambda_arn)

	// domain_name (api_gateway_custom_domain, websocket_api_custom_domain):
	// the alias target to point DNS at.
	DomainName      string `json:"domain_name,omitempty"`
	AliasDomainName string `json:"alias_domain_name,omitempty"`
	HostedZoneID    string `json:"hosted_zone_id,omitempty"`
	// APIGatewayV2 marks a domain created with the API Gateway v2 API (a
	// websocket or HTTP API's); delete removes it with the same API.
	APIGatewayV2 bool `json:"api_gateway_v2,omitempty"`

	RuleName string `json:"rule_name,omitempty"` // cloudwatch_event

	Bucket string `json:"bucket,omitempty"` // s3_event

	Topic           string `json:"topic,omitempty"` // sns_event
	TopicARN        string `json:"topic_arn,omitempty"`
	SubscriptionARN string `json:"subscription_arn,omitempty"`

	Queue     string `json:"queue,omitempty"` // sqs_event
	QueueARN  string `json:"queue_arn,omitempty"`
	StreamARN string `json:"stream_arn,omitempty"` // kinesis_event, dynamodb_event
	EventUUID string `json:"event_uuid,omitempty"` // event source mappings

	Extra map[string]json.RawMessage `json:"-"`
}

type plainResource Resource

// MarshalJSON writes the known keys in a fixed order, then Extra's keys
// sorted.
func (r Resource) MarshalJSON() ([]byte, error) {
	known, err := json.Marshal(plainResource(r))
	if err != nil {
		return nil, err
	}
	if len(r.Extra) == 0 {
		return known, nil
	}
	keys := make([]string, 0, len(r.Extra))
	for k := range r.Extra {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.Write(known[:len(known)-1])
	for _, k := range keys {
		kb, _ := json.Marshal(k)
		b.WriteByte(',')
		b.Write(kb)
		b.WriteByte(':')
		b.Write(r.Extra[k])
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON reads the known keys and keeps the others in Extra.
func (r *Resource) UnmarshalJSON(data []byte) error {
	var p plainResource
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for k, v := range all {
		if !slices.Contains(knownKeys, k) {
			if p.Extra == nil {
				p.Extra = map[string]json.RawMessage{}
			}
			p.Extra[k] = v
		}
	}
	*r = Resource(p)
	return nil
}

// State is the content of .chalice/deployed/<stage>.json.
type State struct {
	Resources     []Resource `json:"resources"`
	SchemaVersion string     `json:"schema_version"`
	Backend       string     `json:"backend"`
}

// New returns an empty state.
func New() *State {
	return &State{Resources: []Resource{}, SchemaVersion: SchemaVersion, Backend: "api"}
}

// Path is the state file of a stage in a project.
func Path(projectDir, stage string) string {
	if stage == "" {
		stage = config.DefaultStage
	}
	return filepath.Join(projectDir, config.Dir, "deployed", stage+".json")
}

// ErrNotDeployed is returned (wrapped) by Load when the stage has no state
// file.
var ErrNotDeployed = errors.New("not deployed")

// Load reads a stage's state. A missing file is an error wrapping both
// ErrNotDeployed and fs.ErrNotExist.
func Load(projectDir, stage string) (*State, error) {
	p := Path(projectDir, stage)
	data, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		deploy := "chalicegen deploy"
		if st := stageName(stage); st != config.DefaultStage {
			deploy += " --stage " + st
		}
		return nil, notDeployedError(fmt.Sprintf("stage %s is not deployed (no %s): run %s first", stageName(stage), filepath.Join(config.Dir, "deployed", stageName(stage)+".json"), deploy))
	}
	if err != nil {
		return nil, fmt.Errorf("reading deployed resources: %w", err)
	}
	return Parse(p, data)
}

// notDeployedError is Load's error for a missing state file: it is both
// ErrNotDeployed and fs.ErrNotExist, and its text says what to do.
type notDeployedError string

func (e notDeployedError) Error() string { return string(e) }

func (e notDeployedError) Is(target error) bool {
	return target == ErrNotDeployed || target == fs.ErrNotExist
}

func stageName(s string) string {
	if s == "" {
		return config.DefaultStage
	}
	return s
}

// Parse decodes a state file's content; name is used in errors.
func Parse(name string, data []byte) (*State, error) {
	var s State
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if s.SchemaVersion != SchemaVersion {
		return nil, fmt.Errorf("%s: schema_version %q is not supported (this chalicegen reads %q)", name, s.SchemaVersion, SchemaVersion)
	}
	if s.Resources == nil {
		s.Resources = []Resource{}
	}
	if s.Backend == "" {
		s.Backend = "api"
	}
	return &s, nil
}

// Marshal returns the file content: indented JSON with a trailing newline.
func (s *State) Marshal() ([]byte, error) {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// Save writes the state atomically.
func (s *State) Save(projectDir, stage string) error {
	b, err := s.Marshal()
	if err != nil {
		return err
	}
	if err := config.WriteFileAtomic(Path(projectDir, stage), b, 0o644); err != nil {
		return fmt.Errorf("recording deployed resources: %w", err)
	}
	return nil
}

// Remove deletes a stage's state file; a missing file is not an error.
func Remove(projectDir, stage string) error {
	err := os.Remove(Path(projectDir, stage))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("removing the deployed resources record: %w", err)
	}
	return nil
}

// Get returns the recorded resource with the given name, or nil.
func (s *State) Get(name string) *Resource {
	for i := range s.Resources {
		if s.Resources[i].Name == name {
			return &s.Resources[i]
		}
	}
	return nil
}

// Put records r, replacing the resource of the same name in place or
// appending it.
func (s *State) Put(r Resource) {
	for i := range s.Resources {
		if s.Resources[i].Name == r.Name {
			s.Resources[i] = r
			return
		}
	}
	s.Resources = append(s.Resources, r)
}

// Delete forgets the resource with the given name.
func (s *State) Delete(name string) {
	s.Resources = slices.DeleteFunc(s.Resources, func(r Resource) bool { return r.Name == name })
}

// Lookup returns the recorded resource of the given type and name, or nil.
func (s *State) Lookup(typ, name string) *Resource {
	if r := s.Get(name); r != nil && r.Type == typ {
		return r
	}
	return nil
}

// RestAPIURL returns the recorded REST API URL, or "".
func (s *State) RestAPIURL() string {
	for _, r := range s.Resources {
		if r.Type == TypeRestAPI {
			return r.RestAPIURL
		}
	}
	return ""
}

// FunctionURLs returns the recorded Function URLs by logical function
// name (the record's lambda_arn's function, under <logical>-function-url).
func (s *State) FunctionURLs() map[string]string {
	out := map[string]string{}
	for _, r := range s.Resources {
		if r.Type == TypeFunctionURL {
			out[strings.TrimSuffix(r.Name, "-function-url")] = r.FunctionURL
		}
	}
	return out
}

// HTTPAPIURL returns the recorded HTTP API URL, or "".
func (s *State) HTTPAPIURL() string {
	for _, r := range s.Resources {
		if r.Type == TypeHTTPAPI {
			return r.HTTPAPIURL
		}
	}
	return ""
}

// WebsocketAPIURL returns the recorded websocket API URL, or "".
func (s *State) WebsocketAPIURL() string {
	for _, r := range s.Resources {
		if r.Type == TypeWebsocketAPI {
			return r.WebsocketAPIURL
		}
	}
	return ""
}

// LambdaARN returns the ARN of the recorded function with the given
// logical name, or "".
func (s *State) LambdaARN(logical string) string {
	if r := s.Lookup(TypeLambdaFunction, logical); r != nil {
		return r.LambdaARN
	}
	return ""
}

var knownKeys = func() []string {
	t := reflect.TypeFor[plainResource]()
	var out []string
	for f := range t.Fields() {
		tag := f.Tag.Get("json")
		name, _, _ := strings.Cut(tag, ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}()
