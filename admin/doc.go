// Package admin is orgsync's only link to the Anthropic Admin API. It
// reads the live organisation into a live.State and implements the writes
// of apply.Client, all through the official Go SDK.
//
// A read returns either a complete State or an error wrapping
// ErrIncomplete. An API error response becomes an *Error. The API key is a
// Secret, which redacts itself, and no error or log line built here
// contains it.
package admin
