package sandbox_test

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/anthropics/anthropic-sdk-go/v2/option"
	"github.com/anthropics/anthropic-sdk-go/v2/packages/respjson"

	"github.com/orgsync/orgsync/sandbox"
)

const testKey = "sk-ant-admin01-test"

// fixtureJSON is the organization most tests start from. The clock is
// frozen at 2026-12-01T09:00:00Z.
const fixtureJSON = `{
  "organization": {"id": "3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11", "name": "Acme"},
  "now": "2026-12-01T09:00:00Z",
  "next_id": 100,
  "users": [
    {"id": "user_01", "email": "ada@acme.example", "name": "Ada", "role": "admin", "added_at": "2025-01-10T09:00:00Z"},
    {"id": "user_02", "email": "Cy@Acme.example", "name": "Cy", "role": "developer", "added_at": "2025-03-02T09:00:00Z"},
    {"id": "user_03", "email": "dee@acme.example", "name": "Dee", "role": "billing", "added_at": "2025-04-01T09:00:00Z"},
    {"id": "user_04", "email": "eve@acme.example", "name": "Eve", "role": "user", "added_at": "2025-05-01T09:00:00Z"},
    {"id": "user_05", "email": "fay@acme.example", "name": "Fay", "role": "claude_code_user", "added_at": "2025-05-01T09:00:00Z"},
    {"id": "user_06", "email": "gus@acme.example", "name": "Gus", "role": "owner", "added_at": "2024-12-01T09:00:00Z"}
  ],
  "invites": [
    {"id": "invite_01", "email": "bo@acme.example", "role": "developer", "status": "pending",
     "invited_at": "2026-11-20T09:00:00Z", "expires_at": "2026-12-11T09:00:00Z", "accepted_at": null},
    {"id": "invite_02", "email": "old@acme.example", "role": "user", "status": "pending",
     "invited_at": "2026-10-01T09:00:00Z", "accepted_at": null},
    {"id": "invite_03", "email": "cy@acme.example", "role": "developer", "status": "accepted",
     "invited_at": "2025-03-01T09:00:00Z", "accepted_at": "2025-03-02T09:00:00Z"},
    {"id": "invite_04", "email": "gone@acme.example", "role": "user", "status": "deleted",
     "invited_at": "2026-11-01T09:00:00Z", "accepted_at": null}
  ],
  "workspaces": [
    {"id": "wrkspc_00", "name": "Default", "display_color": "#000000",
     "created_at": "2025-01-10T09:00:00Z", "archived_at": null, "default": true, "members": []},
    {"id": "wrkspc_01", "name": "research", "display_color": "#6C5BB9",
     "created_at": "2025-02-01T09:00:00Z", "archived_at": null, "default": false,
     "members": [{"user_id": "user_02", "workspace_role": "workspace_developer"}]},
    {"id": "wrkspc_02", "name": "ops", "display_color": "#123456",
     "created_at": "2025-02-01T09:00:00Z", "archived_at": "2026-06-01T09:00:00Z", "default": false,
     "members": [{"user_id": "user_04", "workspace_role": "workspace_user"}]},
    {"id": "wrkspc_03", "name": "research", "display_color": "#ABCDEF",
     "created_at": "2025-06-01T09:00:00Z", "archived_at": null, "default": false,
     "tags": {"team": "ml"},
     "data_residency": {"workspace_geo": "us", "allowed_inference_geos": ["us"], "default_inference_geo": "us"},
     "members": []}
  ]
}`

// fixtureNow is the frozen business clock of fixtureJSON.
var fixtureNow = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func fixture(t *testing.T) *sandbox.State {
	t.Helper()
	st, err := sandbox.ParseState("fixture.json", []byte(fixtureJSON))
	if err != nil {
		t.Fatalf("ParseState(fixture) = %v", err)
	}
	return st
}

// startServer serves st over HTTP. Unless opts sets them, the test key is
// the only accepted key and the rate limit is off.
func startServer(t *testing.T, st *sandbox.State, opts sandbox.Options) (*sandbox.Server, *httptest.Server) {
	t.Helper()
	if opts.AdminKeys == nil {
		opts.AdminKeys = []string{testKey}
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1
	}
	srv := sandbox.New(st, opts)
	hs := httptest.NewServer(srv)
	t.Cleanup(hs.Close)
	return srv, hs
}

// newClient returns an SDK client for the server that never retries.
func newClient(hs *httptest.Server, key string) anthropic.Client {
	return anthropic.NewClient(
		option.WithoutEnvironmentDefaults(),
		option.WithBaseURL(hs.URL),
		option.WithAPIKey(key),
		option.WithMaxRetries(0),
	)
}

// startFixture serves the fixture and returns an SDK client for it.
func startFixture(t *testing.T, opts sandbox.Options) (*sandbox.Server, anthropic.Client) {
	t.Helper()
	srv, hs := startServer(t, fixture(t), opts)
	return srv, newClient(hs, testKey)
}

// apiError is the status, error type and error code of an API error.
type apiError struct {
	Status int
	Type   string
	Code   string
}

// asAPIError extracts the API error from err, failing the test when err is
// nil or not an *anthropic.Error.
func asAPIError(t *testing.T, err error) apiError {
	t.Helper()
	if err == nil {
		t.Fatal("request succeeded, want an API error")
	}
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an *anthropic.Error", err)
	}
	if apiErr.RequestID == "" {
		t.Errorf("error %v has no request ID", err)
	}
	return apiError{Status: apiErr.StatusCode, Type: string(apiErr.Type()), Code: string(apiErr.ErrorCode())}
}

// checkDecoded fails the test when the SDK object v lacks a field the SDK
// expects, holds a field of the wrong JSON type, or holds fields the SDK
// does not know. Nested SDK objects are checked too.
func checkDecoded(t *testing.T, label string, v any) {
	t.Helper()
	checkDecodedValue(t, label, reflect.ValueOf(v))
}

var fieldType = reflect.TypeOf(respjson.Field{})

func checkDecodedValue(t *testing.T, label string, v reflect.Value) {
	t.Helper()
	for v.Kind() == reflect.Pointer {
		v = v.Elem()
	}
	// A union holds one of several shapes, so its other members are absent.
	if v.Kind() != reflect.Struct || strings.HasSuffix(v.Type().Name(), "Union") {
		return
	}
	meta := v.FieldByName("JSON")
	if !meta.IsValid() || meta.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < meta.NumField(); i++ {
		name := meta.Type().Field(i).Name
		f := meta.Field(i)
		switch {
		case name == "ExtraFields":
			if f.Len() > 0 {
				t.Errorf("%s has fields the SDK does not know: %v", label, f.MapKeys())
			}
		case f.Type() == fieldType:
			field := f.Interface().(respjson.Field)
			if field.Raw() == respjson.Omitted {
				t.Errorf("%s.%s is missing", label, name)
			} else if field.Raw() != respjson.Null && !field.Valid() {
				t.Errorf("%s.%s = %s has the wrong JSON type", label, name, field.Raw())
			}
			if data := v.FieldByName(name); data.IsValid() {
				checkDecodedValue(t, label+"."+name, data)
			}
		}
	}
}

// rawResponse is a response read without the SDK.
type rawResponse struct {
	Status int
	Header http.Header
	Body   []byte
}

// rawResult is the status and error fields of a raw response.
type rawResult struct {
	Status    int
	ErrorType string
	ErrorCode string
}

func (r rawResponse) summary() rawResult {
	var body struct {
		Error struct {
			Type    string `json:"type"`
			Details struct {
				ErrorCode string `json:"error_code"`
			} `json:"details"`
		} `json:"error"`
	}
	json.Unmarshal(r.Body, &body)
	return rawResult{Status: r.Status, ErrorType: body.Error.Type, ErrorCode: body.Error.Details.ErrorCode}
}

// doRaw sends a request with plain net/http, for what the SDK cannot send.
func doRaw(t *testing.T, hs *httptest.Server, method, path, body string, headers map[string]string) rawResponse {
	t.Helper()
	req, err := http.NewRequest(method, hs.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatalf("building %s %s: %v", method, path, err)
	}
	for name, value := range headers {
		req.Header.Set(name, value)
	}
	res, err := hs.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	return rawResponse{Status: res.StatusCode, Header: res.Header, Body: data}
}

// authHeader is the header set of a request with the test key.
var authHeader = map[string]string{"x-api-key": testKey}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
