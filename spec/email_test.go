package spec

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEmailKey(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		email  string
		want   string
	}{
		{
			name:   "lower case unchanged",
			reason: "a key of a lower-case address is the address",
			email:  "ann@example.com",
			want:   "ann@example.com",
		},
		{
			name:   "mixed case lowered",
			reason: "the API compares addresses ignoring case, local part included",
			email:  "Judy.Doe@Example.COM",
			want:   "judy.doe@example.com",
		},
		{
			name:   "plus tag kept",
			reason: "only case is normalised, so +tags stay distinct",
			email:  "Ann+Ops@example.com",
			want:   "ann+ops@example.com",
		},
		{
			name:   "dots kept",
			reason: "dots in the local part are not stripped",
			email:  "a.n.n@example.com",
			want:   "a.n.n@example.com",
		},
		{
			name:   "whitespace kept",
			reason: "EmailKey does not trim; Parse rejects such addresses instead",
			email:  " ann@example.com",
			want:   " ann@example.com",
		},
		{
			name:   "non-ASCII lowered",
			reason: "strings.ToLower lowers Unicode letters too",
			email:  "ÅSA@example.com",
			want:   "åsa@example.com",
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, EmailKey(tt.email)); diff != "" {
				t.Errorf("EmailKey(%q) mismatch (-want +got):\n%s\nreason: %s", tt.email, diff, tt.reason)
			}
		})
	}
}

func TestCheckEmail(t *testing.T) {
	tests := []struct {
		name   string
		reason string
		email  string
		want   string
	}{
		{
			name:   "plain address",
			reason: "a plain address passes",
			email:  "ann@example.com",
			want:   "",
		},
		{
			name:   "empty",
			reason: "an empty address is no address",
			email:  "",
			want:   "email must not be empty",
		},
		{
			name:   "trailing no-break space",
			reason: "NBSP is whitespace, so at the end it reads as trailing",
			email:  "ann@example.com\u00a0",
			want:   `email "ann@example.com\u00a0" ends with a no-break space (U+00A0); remove it`,
		},
		{
			name:   "zero-width joiner",
			reason: "U+200D is a format character",
			email:  "a\u200dnn@example.com",
			want:   `email "a\u200dnn@example.com" contains a zero-width joiner (U+200D) at character 2; remove it`,
		},
		{
			name:   "byte order mark",
			reason: "U+FEFF is a format character that editors insert",
			email:  "\ufeffann@example.com",
			want:   `email "\ufeffann@example.com" contains a byte order mark (U+FEFF) at character 1; remove it`,
		},
		{
			name:   "other format character",
			reason: "any Cf character is rejected, named by its category",
			email:  "ann@exam\u2062ple.com",
			want:   `email "ann@exam\u2062ple.com" contains an invisible format character (U+2062) at character 9; remove it`,
		},
		{
			name:   "display name without space",
			reason: "net/mail parses a name, so the address differs from the input",
			email:  "Ann<ann@example.com>",
			want:   `email "Ann<ann@example.com>" must be a plain address such as "ann@example.com", without a display name, comment or angle brackets`,
		},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, checkEmail(tt.email)); diff != "" {
				t.Errorf("checkEmail(%q) mismatch (-want +got):\n%s\nreason: %s", tt.email, diff, tt.reason)
			}
		})
	}
}
