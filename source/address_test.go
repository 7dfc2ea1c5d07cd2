package source_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/source"
)

func TestParseAddress(t *testing.T) {
	tests := []struct {
		name string
		addr string
		want source.Request
	}{
		{"https with path and ref", "https://example.com/acme/org-config.git//org.yaml?ref=main",
			source.Request{Repository: "https://example.com/acme/org-config.git", Path: "org.yaml", Ref: "main"}},
		{"https without path", "https://example.com/acme/org-config.git",
			source.Request{Repository: "https://example.com/acme/org-config.git"}},
		{"ssh URL with directory", "ssh://git@example.com/acme/org.git//specs/?ref=v1.2.0",
			source.Request{Repository: "ssh://git@example.com/acme/org.git", Path: "specs", Ref: "v1.2.0"}},
		{"scp-like", "git@example.com:acme/org.git//org.yaml",
			source.Request{Repository: "git@example.com:acme/org.git", Path: "org.yaml"}},
		{"file URL", "file:///srv/git/org//org.yaml?ref=0123456789abcdef0123456789abcdef01234567",
			source.Request{Repository: "file:///srv/git/org", Path: "org.yaml", Ref: "0123456789abcdef0123456789abcdef01234567"}},
		{"local path", "/srv/git/org//people/all.yaml",
			source.Request{Repository: "/srv/git/org", Path: "people/all.yaml"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := source.ParseAddress(tt.addr)
			if err != nil {
				t.Fatalf("ParseAddress(%q): %v", tt.addr, err)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseAddress(%q) (-want +got):\n%s", tt.addr, diff)
			}
		})
	}
}

func TestParseAddressErrors(t *testing.T) {
	tests := []struct{ name, addr string }{
		{"unknown parameter", "https://example.com/org.git//org.yaml?branch=main"},
		{"missing repository", "//org.yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, err := source.ParseAddress(tt.addr); err == nil {
				t.Fatalf("ParseAddress(%q) = %+v, want an error", tt.addr, got)
			}
		})
	}
}

func TestIsAddress(t *testing.T) {
	tests := []struct {
		arg  string
		want bool
	}{
		{"https://example.com/org.git", true},
		{"file:///srv/git/org", true},
		{"git@example.com:acme/org.git", true},
		{"/srv/git/org//org.yaml", true},
		{"org.yaml", false},
		{"examples/acme/org.yaml", false},
		{"./dir:with/colon.yaml", false},
	}
	for _, tt := range tests {
		t.Run(tt.arg, func(t *testing.T) {
			if got := source.IsAddress(tt.arg); got != tt.want {
				t.Errorf("IsAddress(%q) = %v, want %v", tt.arg, got, tt.want)
			}
		})
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"https token and user", "https://user:secret@example.com/org.git", "https://example.com/org.git"},
		{"https token as user", "https://ghp_abc@example.com/org.git", "https://example.com/org.git"},
		{"ssh user kept", "ssh://git@example.com/org.git", "ssh://git@example.com/org.git"},
		{"ssh password removed", "ssh://git:secret@example.com/org.git", "ssh://git@example.com/org.git"},
		{"no userinfo", "https://example.com/a@b/org.git", "https://example.com/a@b/org.git"},
		{"local path", "/srv/git/org", "/srv/git/org"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := source.Redact(tt.in); got != tt.want {
				t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
