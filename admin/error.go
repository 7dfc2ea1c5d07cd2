package admin

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/anthropics/anthropic-sdk-go/v2"

	"github.com/orgsync/orgsync/apply"
)

// ErrIncomplete is wrapped by every error ReadState returns: the live
// state could not be read completely, so no State is returned.
var ErrIncomplete = errors.New("live state incomplete")

// ErrRetryPastDeadline is wrapped by an *Error whose request was not
// retried because the server's retry-after ended past the deadline.
var ErrRetryPastDeadline = errors.New("retry-after ends past the deadline")

var _ apply.APIError = (*Error)(nil)

// Error is an error response from the Admin API. Its text contains the
// operation, status, error type and code, the message and the request id,
// and never the request URL, its headers or the API key.
type Error struct {
	// Op names the failed operation, such as "create invite" or
	// "users page 2".
	Op string
	// Status is the HTTP status code.
	Status int
	// Type is error.type from the response body, such as
	// "rate_limit_error", or empty when the body has none.
	Type string
	// Code is error.details.error_code, such as "already_member", or empty
	// when absent.
	Code string
	// Message is error.message. Its wording may change, so branch on Code.
	Message string
	// RequestID is the request-id response header, or the body's
	// request_id when the header is missing.
	RequestID string
	// Retried reports whether the failed response answered a resent
	// request, so an earlier attempt may have been applied.
	Retried bool
	// NotRetried, when set, says why the client gave up on a response it
	// would otherwise have retried.
	NotRetried string
}

// Error formats the error as "OP: STATUS TYPE CODE: MESSAGE (request-id ID)",
// leaving out the parts that are empty.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Op)
	b.WriteString(": ")
	b.WriteString(strconv.Itoa(e.Status))
	for _, part := range []string{e.Type, e.Code} {
		if part != "" {
			b.WriteString(" ")
			b.WriteString(part)
		}
	}
	if e.Message != "" {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.RequestID != "" {
		b.WriteString(" (request-id ")
		b.WriteString(e.RequestID)
		b.WriteString(")")
	}
	if e.NotRetried != "" {
		b.WriteString("; not retried: ")
		b.WriteString(e.NotRetried)
	}
	return b.String()
}

// Unwrap returns ErrRetryPastDeadline when the client gave up on a retry
// because of the deadline, and nil otherwise.
func (e *Error) Unwrap() error {
	if e.NotRetried != "" {
		return ErrRetryPastDeadline
	}
	return nil
}

// HTTPStatus returns the HTTP status code.
func (e *Error) HTTPStatus() int { return e.Status }

// APIRequestID returns the request id of the failed response.
func (e *Error) APIRequestID() string { return e.RequestID }

// APIErrorCode returns error.details.error_code, or "" when absent.
func (e *Error) APIErrorCode() string { return e.Code }

// wrapError converts an SDK error into an *Error named op. Other errors,
// such as connection and context errors, are wrapped with op and %w.
func wrapError(op string, err error) error {
	var apiErr *anthropic.Error
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("%s: %w", op, err)
	}
	requestID := apiErr.RequestID
	if requestID == "" {
		requestID = bodyRequestID(apiErr.RawJSON())
	}
	e := &Error{
		Op:        op,
		Status:    apiErr.StatusCode,
		Type:      string(apiErr.Type()),
		Code:      string(apiErr.ErrorCode()),
		Message:   apiErr.Message,
		RequestID: requestID,
	}
	if res := apiErr.Response; res != nil {
		e.NotRetried = res.Header.Get(retryStoppedHeader)
		if req := res.Request; req != nil {
			e.Retried = retryCount(req) > 0
		}
	}
	return e
}

// bodyRequestID returns the request_id field of an error body, or "".
func bodyRequestID(body string) string {
	var fields struct {
		RequestID string `json:"request_id"`
	}
	if json.Unmarshal([]byte(body), &fields) != nil {
		return ""
	}
	return fields.RequestID
}

// retryCount returns the attempt number the SDK sent in req: 0 for the
// first attempt.
func retryCount(req *http.Request) int {
	n, _ := strconv.Atoi(req.Header.Get("X-Stainless-Retry-Count"))
	return n
}
