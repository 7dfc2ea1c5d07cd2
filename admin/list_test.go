package admin

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2/packages/pagination"
	"github.com/google/go-cmp/cmp"
)

// pagesOf returns a pageFunc that serves pages in order and records the
// afterID of each call. It fails the test when more pages are read than
// exist.
func pagesOf(t *testing.T, pages []pagination.Page[string], afterIDs *[]string) pageFunc[string] {
	t.Helper()
	next := 0
	return func(_ context.Context, afterID string) (*pagination.Page[string], error) {
		*afterIDs = append(*afterIDs, afterID)
		if next >= len(pages) {
			t.Fatalf("page %d read, but only %d exist", next+1, len(pages))
		}
		page := pages[next]
		next++
		return &page, nil
	}
}

func TestReadListFollowsPages(t *testing.T) {
	pages := []pagination.Page[string]{
		{Data: []string{"a", "b"}, HasMore: true, LastID: "b"},
		{Data: []string{"c"}, HasMore: true, LastID: "c"},
		{Data: []string{"d"}, HasMore: false, LastID: "d"},
	}
	var afterIDs []string
	c := New(Options{MaxPages: 3})

	got, err := readList(context.Background(), c, "users", pagesOf(t, pages, &afterIDs))
	if err != nil {
		t.Fatalf("readList: %v", err)
	}
	if diff := cmp.Diff([]string{"a", "b", "c", "d"}, got); diff != "" {
		t.Errorf("items (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"", "b", "c"}, afterIDs); diff != "" {
		t.Errorf("after_id per request (-want +got):\n%s", diff)
	}
}

func TestReadListRejectsBrokenPages(t *testing.T) {
	tests := []struct {
		name     string
		maxPages int
		pages    []pagination.Page[string]
		wantErr  string
	}{
		{
			name: "empty page with has_more",
			pages: []pagination.Page[string]{
				{Data: []string{"a"}, HasMore: true, LastID: "a"},
				{HasMore: true, LastID: "a"},
			},
			wantErr: "users page 2: has_more is true but the page is empty",
		},
		{
			name: "missing last_id with has_more",
			pages: []pagination.Page[string]{
				{Data: []string{"a"}, HasMore: true},
			},
			wantErr: "users page 1: has_more is true but last_id is empty",
		},
		{
			name: "last_id that does not advance",
			pages: []pagination.Page[string]{
				{Data: []string{"a"}, HasMore: true, LastID: "a"},
				{Data: []string{"a"}, HasMore: true, LastID: "a"},
			},
			wantErr: `users page 2: last_id "a" repeats the previous page's`,
		},
		{
			name:     "more pages than MaxPages",
			maxPages: 2,
			pages: []pagination.Page[string]{
				{Data: []string{"a"}, HasMore: true, LastID: "a"},
				{Data: []string{"b"}, HasMore: true, LastID: "b"},
			},
			wantErr: "users page 2: has_more is true after the maximum of 2 pages",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var afterIDs []string
			c := New(Options{MaxPages: tt.maxPages})

			got, err := readList(context.Background(), c, "users", pagesOf(t, tt.pages, &afterIDs))
			if err == nil {
				t.Fatalf("readList returned %q and no error, want error %q", got, tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error = %q, want %q", err, tt.wantErr)
			}
			if got != nil {
				t.Errorf("items = %q, want nil", got)
			}
		})
	}
}

func TestReadListWrapsRequestError(t *testing.T) {
	cause := errors.New("connection reset")
	fetch := func(_ context.Context, afterID string) (*pagination.Page[string], error) {
		if afterID == "" {
			return &pagination.Page[string]{Data: []string{"a"}, HasMore: true, LastID: "a"}, nil
		}
		return nil, cause
	}

	_, err := readList(context.Background(), New(Options{}), "invites", fetch)
	if !errors.Is(err, cause) {
		t.Errorf("error %v does not wrap %v", err, cause)
	}
	if want := "invites page 2: "; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error = %v, want prefix %q", err, want)
	}
}

func TestErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *Error
		want string
	}{
		{
			name: "every field",
			err:  &Error{Op: "create invite", Status: 400, Type: "invalid_request_error", Code: "already_member", Message: "already a member", RequestID: "req_1"},
			want: "create invite: 400 invalid_request_error already_member: already a member (request-id req_1)",
		},
		{
			name: "no code",
			err:  &Error{Op: "users page 2", Status: 429, Type: "rate_limit_error", Message: "slow down", RequestID: "req_0007"},
			want: "users page 2: 429 rate_limit_error: slow down (request-id req_0007)",
		},
		{
			name: "status only",
			err:  &Error{Op: "remove user", Status: 502},
			want: "remove user: 502",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.err.Error(); got != tt.want {
				t.Errorf("Error() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSecretRedacts(t *testing.T) {
	const key = "sk-ant-admin01-TESTSECRET"
	s := Secret(key)
	opts := Options{APIKey: s}
	for _, format := range []string{"%v", "%s", "%q", "%x", "%#v", "%+v"} {
		for _, arg := range []any{s, opts, &opts} {
			if got := fmt.Sprintf(format, arg); strings.Contains(got, key) {
				t.Errorf("Sprintf(%q, %T) = %q, contains the key", format, arg, got)
			}
		}
	}
	data, err := json.Marshal(opts)
	if err != nil {
		t.Fatalf("marshal options: %v", err)
	}
	if strings.Contains(string(data), key) {
		t.Errorf("JSON of options = %s, contains the key", data)
	}
	var logs bytes.Buffer
	slog.New(slog.NewTextHandler(&logs, nil)).Info("configured", "key", s, "options", opts)
	if strings.Contains(logs.String(), key) {
		t.Errorf("log output %q contains the key", logs.String())
	}
	if got := s.Reveal(); got != key {
		t.Errorf("Reveal() = %q, want %q", got, key)
	}
}
