package redact

import "testing"

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
		secrets        []string
	}{
		{"admin key", "401 for key sk-ant-admin01-TESTSECRET here", "401 for key [redacted] here", nil},
		{"github token in url", "clone https://x-access-token:ghs_abc@github.example/o/r.git failed",
			"clone https://[redacted]@github.example/o/r.git failed", nil},
		{"url userinfo", "fetch https://bob:hunter2@git.example/r.git", "fetch https://[redacted]@git.example/r.git", nil},
		{"bearer header", `"Authorization": "Bearer abc.def"`, `"Authorization": "Bearer [redacted]"`, nil},
		{"explicit secret", "token plain-secret-value leaked", "token [redacted] leaked", []string{"plain-secret-value"}},
		{"empty secret ignored", "nothing here", "nothing here", []string{""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in, tt.secrets...); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
