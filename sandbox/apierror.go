package sandbox

import (
	"fmt"
	"net/http"
)

// apiError is an error response of the API: an HTTP status, a message and
// an optional error_code for error.details.
type apiError struct {
	status  int
	code    string
	message string
	// header holds extra response headers, such as retry-after.
	header http.Header
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, errorType(e.status), e.message)
}

// invalidRequest returns a 400 error without an error_code.
func invalidRequest(format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, message: fmt.Sprintf(format, args...)}
}

// invalidRequestCode returns a 400 error carrying error_code code.
func invalidRequestCode(code, format string, args ...any) *apiError {
	return &apiError{status: http.StatusBadRequest, code: code, message: fmt.Sprintf(format, args...)}
}

// notFound returns a 404 error.
func notFound(format string, args ...any) *apiError {
	return &apiError{status: http.StatusNotFound, message: fmt.Sprintf(format, args...)}
}

// errorType returns the error.type the API uses for status.
func errorType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "invalid_request_error"
	case http.StatusUnauthorized:
		return "authentication_error"
	case http.StatusPaymentRequired:
		return "billing_error"
	case http.StatusForbidden:
		return "permission_error"
	case http.StatusNotFound:
		return "not_found_error"
	case http.StatusConflict:
		return "conflict_error"
	case http.StatusRequestEntityTooLarge:
		return "request_too_large"
	case http.StatusTooManyRequests:
		return "rate_limit_error"
	case http.StatusGatewayTimeout:
		return "timeout_error"
	case 529:
		return "overloaded_error"
	}
	if status >= 500 {
		return "api_error"
	}
	return "invalid_request_error"
}

// errorBody is the JSON body of an error response.
type errorBody struct {
	Type      string        `json:"type"`
	Error     errorBodyInfo `json:"error"`
	RequestID string        `json:"request_id"`
}

type errorBodyInfo struct {
	Type    string            `json:"type"`
	Message string            `json:"message"`
	Details *errorBodyDetails `json:"details,omitempty"`
}

type errorBodyDetails struct {
	ErrorCode string `json:"error_code"`
}

func newErrorBody(e *apiError, requestID string) errorBody {
	body := errorBody{
		Type:      "error",
		Error:     errorBodyInfo{Type: errorType(e.status), Message: e.message},
		RequestID: requestID,
	}
	if e.code != "" {
		body.Error.Details = &errorBodyDetails{ErrorCode: e.code}
	}
	return body
}
