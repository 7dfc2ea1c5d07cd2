// Package redact removes credentials from text before it is printed,
// logged or written to a journal.
package redact

import (
	"regexp"
	"strings"
)

const mask = "[redacted]"

var patterns = []*regexp.Regexp{
	// Anthropic API and admin keys.
	regexp.MustCompile(`sk-ant-[A-Za-z0-9_\-]+`),
	// GitHub tokens as used in clone URLs and headers.
	regexp.MustCompile(`x-access-token:[^@\s/]+`),
	regexp.MustCompile(`gh[pousr]_[A-Za-z0-9]{20,}`),
	// Bearer credentials in echoed headers.
	regexp.MustCompile(`(?i)(bearer\s+)[^\s"',]+`),
	// Userinfo in URLs: scheme://user:password@host.
	regexp.MustCompile(`([a-zA-Z][a-zA-Z0-9+.\-]*://)[^/@\s]+@`),
}

// String returns s with every known credential pattern and every given
// secret replaced by "[redacted]". Empty secrets are ignored.
func String(s string, secrets ...string) string {
	for _, secret := range secrets {
		if secret != "" {
			s = strings.ReplaceAll(s, secret, mask)
		}
	}
	for i, p := range patterns {
		switch i {
		case 3:
			s = p.ReplaceAllString(s, "${1}"+mask)
		case 4:
			s = p.ReplaceAllString(s, "${1}"+mask+"@")
		default:
			s = p.ReplaceAllString(s, mask)
		}
	}
	return s
}
