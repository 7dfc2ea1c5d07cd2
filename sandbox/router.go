package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
)

// maxBodyBytes caps request bodies; a larger body gets 413.
const maxBodyBytes = 1 << 20

// route binds a method and a path pattern to a handler. Pattern segments
// written as {name} match any non-empty segment and are passed to the
// handler by name.
type route struct {
	method  string
	pattern string
	// write marks routes that change the state, so it is saved after them.
	write  bool
	handle func(s *Server, c *call) (int, any, error)
}

// call is one request with its path parameters and parsed query.
type call struct {
	req    *http.Request
	params map[string]string
	query  url.Values
}

// routeTable lists every route: the core organisation routes, then the
// settings and report routes, each kept in its own file.
func routeTable() []route {
	return slices.Concat(coreRoutes(), settingsRoutes(), reportRoutes())
}

func coreRoutes() []route {
	const users = "/v1/organizations/users"
	const invites = "/v1/organizations/invites"
	const workspaces = "/v1/organizations/workspaces"
	const members = workspaces + "/{workspace_id}/members"
	return []route{
		{method: "GET", pattern: "/v1/organizations/me", handle: (*Server).getOrganization},

		{method: "GET", pattern: users, handle: (*Server).listUsers},
		{method: "GET", pattern: users + "/{user_id}", handle: (*Server).getUser},
		{method: "POST", pattern: users + "/{user_id}", write: true, handle: (*Server).updateUser},
		{method: "DELETE", pattern: users + "/{user_id}", write: true, handle: (*Server).removeUser},

		{method: "GET", pattern: invites, handle: (*Server).listInvites},
		{method: "POST", pattern: invites, write: true, handle: (*Server).createInvite},
		{method: "GET", pattern: invites + "/{invite_id}", handle: (*Server).getInvite},
		{method: "DELETE", pattern: invites + "/{invite_id}", write: true, handle: (*Server).deleteInvite},

		{method: "GET", pattern: workspaces, handle: (*Server).listWorkspaces},
		{method: "POST", pattern: workspaces, write: true, handle: (*Server).createWorkspace},
		{method: "GET", pattern: workspaces + "/{workspace_id}", handle: (*Server).getWorkspace},
		{method: "POST", pattern: workspaces + "/{workspace_id}", write: true, handle: (*Server).updateWorkspace},
		{method: "POST", pattern: workspaces + "/{workspace_id}/archive", write: true, handle: (*Server).archiveWorkspace},

		{method: "GET", pattern: members, handle: (*Server).listMembers},
		{method: "POST", pattern: members, write: true, handle: (*Server).addMember},
		{method: "GET", pattern: members + "/{user_id}", handle: (*Server).getMember},
		{method: "POST", pattern: members + "/{user_id}", write: true, handle: (*Server).updateMember},
		{method: "DELETE", pattern: members + "/{user_id}", write: true, handle: (*Server).removeMember},

		{method: "POST", pattern: sandboxPrefix + "invites/{invite_id}/accept", write: true, handle: (*Server).acceptInviteRoute},
		{method: "POST", pattern: sandboxPrefix + "clock", write: true, handle: (*Server).advanceClockRoute},
		{method: "GET", pattern: sandboxPrefix + "state", handle: (*Server).stateRoute},
		{method: "POST", pattern: sandboxPrefix + "faults", handle: (*Server).addFaultRoute},
	}
}

// match finds the route for the request. A path that no route has gets 404;
// a known path with another method gets 405 with an Allow header.
func (s *Server) match(r *http.Request) (route, map[string]string, *apiError) {
	var allowed []string
	for _, rt := range s.routes {
		params, ok := matchPattern(rt.pattern, r.URL.Path)
		if !ok {
			continue
		}
		if rt.method == r.Method {
			return rt, params, nil
		}
		allowed = append(allowed, rt.method)
	}
	if len(allowed) == 0 {
		return route{}, nil, notFound("no route for %s %s", r.Method, r.URL.Path)
	}
	sort.Strings(allowed)
	return route{}, nil, &apiError{
		status:  http.StatusMethodNotAllowed,
		message: "method " + r.Method + " is not allowed on " + r.URL.Path,
		header:  http.Header{"Allow": {strings.Join(allowed, ", ")}},
	}
}

func matchPattern(pattern, path string) (map[string]string, bool) {
	want := strings.Split(pattern, "/")
	got := strings.Split(path, "/")
	if len(want) != len(got) {
		return nil, false
	}
	params := map[string]string{}
	for i, segment := range want {
		name, isParam := strings.CutPrefix(segment, "{")
		if isParam {
			if got[i] == "" {
				return nil, false
			}
			params[strings.TrimSuffix(name, "}")] = got[i]
			continue
		}
		if segment != got[i] {
			return nil, false
		}
	}
	return params, true
}

// decodeBody decodes the JSON request body into v. Unknown fields, trailing
// data and a missing body are invalid requests; allowEmpty lets a request
// with no body through, leaving v untouched.
func decodeBody(c *call, v any, allowEmpty bool) error {
	data, err := io.ReadAll(http.MaxBytesReader(nil, c.req.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return &apiError{status: http.StatusRequestEntityTooLarge, message: "request body is larger than 1 MiB"}
		}
		return invalidRequest("request body could not be read: %v", err)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		if allowEmpty {
			return nil
		}
		return invalidRequest("request body is missing: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return invalidRequest("request body is invalid: %v", err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return invalidRequest("request body is invalid: unexpected data after the JSON object")
	}
	return nil
}

// queryValues returns the values of an array parameter, accepting both the
// bracket form the SDK sends (roles[]=a) and the bare form (roles=a).
func queryValues(q url.Values, name string) []string {
	return append(append([]string(nil), q[name+"[]"]...), q[name]...)
}
