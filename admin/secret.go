package admin

import "log/slog"

// redacted replaces a Secret's value wherever it is printed, logged or
// marshalled.
const redacted = "[redacted]"

// Secret is a credential such as an Admin API key. Printing, logging or
// marshalling it yields "[redacted]", and only Reveal returns the value.
type Secret string

// String returns "[redacted]".
func (s Secret) String() string { return redacted }

// GoString returns a redacted Go literal, so that %#v hides the value too.
func (s Secret) GoString() string { return `admin.Secret("` + redacted + `")` }

// LogValue returns "[redacted]" as the value slog records.
func (s Secret) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalText returns "[redacted]", so that JSON and YAML output hide the
// value.
func (s Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// Reveal returns the secret value. Call it only where the value is sent.
func (s Secret) Reveal() string { return string(s) }
