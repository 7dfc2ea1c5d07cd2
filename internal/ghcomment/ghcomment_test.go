package ghcomment_test

import (
	"testing"

	"github.com/orgsync/orgsync/internal/ghcomment"
)

func TestMarker(t *testing.T) {
	tests := []struct {
		name string
		key  string
		want string
	}{
		{"file", "org.yaml", "<!-- orgsync-plan: org.yaml -->"},
		{"credentials dropped", "https://x-access-token:secret@example.com/acme/org.git//org.yaml", "<!-- orgsync-plan: https://example.com/acme/org.git//org.yaml -->"},
		{"comment end escaped", "a--b.yaml", "<!-- orgsync-plan: a-\u200b-b.yaml -->"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ghcomment.Marker(tt.key); got != tt.want {
				t.Errorf("Marker(%q) = %q, want %q", tt.key, got, tt.want)
			}
		})
	}
}
