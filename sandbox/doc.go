// Package sandbox serves an imitation of the Anthropic Admin API over a JSON
// state, so that orgsync and its tests never reach the real API.
//
// The server implements the parts orgsync uses: GET /v1/organizations/me,
// users (list, get, role update, remove), invites (create, get, list,
// delete), workspaces (create, get, update, list, archive) and workspace
// members (list, get, add, update, remove). It enforces the documented rules
// of a Claude Console organization rather than echoing requests, and its
// responses decode with the official Go SDK.
//
// # Requests and errors
//
// A request must carry one of Options.AdminKeys in x-api-key or as
// "Authorization: Bearer KEY" (the SDK sends the bearer form); otherwise it
// gets 401. Every response carries a request-id header ("req_" and a
// counter). Errors have the API's body:
//
//	{"type":"error","error":{"type":"invalid_request_error","message":"...",
//	 "details":{"error_code":"invite_already_exists"}},"request_id":"req_000007"}
//
// where details is present only when there is an error_code. Request bodies
// are strict: malformed JSON, unknown fields and missing required fields get
// 400. An unknown path gets 404 and a known path with another method 405.
//
// Requests are limited to Options.RateLimit per fixed 60-second window. A
// request past the limit gets 429, with retry-after set to the whole seconds
// until the window ends.
//
// # Faults
//
// Faults added with Server.AddFault, POST /_sandbox/faults or the --fault
// flag of "orgsync sandbox serve" act on matching requests (by method,
// exact path and query parameter) after authentication and the rate
// limit, and before the handler runs. Skip lets the first matches through
// and Times limits how many are affected. Each fault has an action:
//
//   - error (the default): an error response with Status, and optionally
//     retry-after and an error_code, such as 429, 500 or 529;
//   - reset: the connection is closed and the request is not handled;
//   - lose_response: the request is handled and any change saved, then the
//     connection is closed without a response;
//   - lag: a read is served from the state as it was lag_writes writes ago
//     or lag_for ago on the wall clock (the last 256 states are kept);
//   - delay: the response is only delayed.
//
// Latency delays the response of any action, on the real clock. Server.Requests
// records a reset connection with Reset set, and with status 0 when the
// request was not handled.
//
// # Lists
//
// All four lists take limit (default 20, 1 to 1000), after_id and before_id,
// and return data, has_more, first_id and last_id (null when data is empty).
// A cursor that is not in the filtered list gets 400. Array filters accept
// both roles[]=a (the SDK's form) and roles=a. Orders:
//
//   - users: most recently added first, ties by ascending ID;
//   - invites: most recently invited first, ties by ascending ID;
//   - workspaces: oldest created first, ties by ascending ID;
//   - workspace members: ascending user ID.
//
// # Workspaces and invites
//
// A workspace created without display_color gets #6C5BB9, no tags, and data
// residency us/unrestricted/global. An organization holds at most 100
// workspaces that are not archived, and the default workspace does not
// count toward that cap. Names need not be unique. The sandbox has no
// external keys or user profiles, so a request that sets external_key_id or
// user_profile_id to a new value gets 400.
//
// Accepting an invite creates a user whose name is the part of the email
// address before the "@", because an invite carries no name.
//
// # Implicit workspace members
//
// Organization admins and owners (roles admin, owner, primary_owner) hold
// workspace_admin, and billing users hold workspace_billing, in every
// workspace without a stored membership. The member list and get show them
// with that role, while add, update and remove reject them with 400. Whether
// the real API lists implicit members is not documented. Listing them makes
// clients prove that they ignore them.
//
// # Clocks and IDs
//
// The business clock dates invites, users and workspaces. When the state has
// "now" the clock is frozen there and moves only by Server.AdvanceClock or
// POST /_sandbox/clock, which update "now". Otherwise it is the wall clock
// (Options.Now) plus the advances so far, which are saved as
// "clock_advance". Invites expire 21 days after invited_at; a pending invite
// whose expires_at has passed is marked expired.
//
// New objects get deterministic IDs: a prefix and the zero-padded counter
// "next_id" (invite_0100, user_0101, wrkspc_0102), skipping IDs already in
// use.
//
// # Sandbox routes
//
// Routes under /_sandbox/ need the same authentication but are neither rate
// limited, faulted nor recorded by Server.Requests:
//
//	POST /_sandbox/invites/{invite_id}/accept  accept a pending invite as the invitee
//	POST /_sandbox/clock   {"advance":"72h"}   move the business clock forward
//	GET  /_sandbox/state                       the current state, in the file format
//	POST /_sandbox/faults  {"path":"/v1/organizations/users","status":529,"times":1}
//	POST /_sandbox/faults  {"method":"POST","path":"/v1/organizations/invites","action":"lose_response","times":1}
//	POST /_sandbox/faults  {"method":"GET","action":"lag","lag_writes":2}
//
// # State file
//
// The state file is the JSON form of State. Unknown fields are rejected.
//
//	{
//	  "organization": {"id": "3f6e2a52-3c39-4c55-9a59-3a1d7f0c2b11", "name": "Acme"},
//	  "now": "2026-12-01T09:00:00Z",
//	  "next_id": 100,
//	  "users": [
//	    {"id": "user_01", "email": "ada@acme.example", "name": "Ada", "role": "admin",
//	     "added_at": "2025-01-10T09:00:00Z"},
//	    {"id": "user_02", "email": "cy@acme.example", "name": "Cy", "role": "developer",
//	     "added_at": "2025-03-02T09:00:00Z"}
//	  ],
//	  "invites": [
//	    {"id": "invite_01", "email": "bo@acme.example", "role": "developer", "status": "pending",
//	     "invited_at": "2026-11-20T09:00:00Z", "expires_at": "2026-12-11T09:00:00Z",
//	     "accepted_at": null}
//	  ],
//	  "workspaces": [
//	    {"id": "wrkspc_00", "name": "Default", "display_color": "#6C5BB9",
//	     "created_at": "2025-01-10T09:00:00Z", "archived_at": null, "default": true,
//	     "members": []},
//	    {"id": "wrkspc_01", "name": "research", "display_color": "#6C5BB9",
//	     "created_at": "2025-02-01T09:00:00Z", "archived_at": null, "default": false,
//	     "members": [{"user_id": "user_02", "workspace_role": "workspace_developer"}]}
//	  ]
//	}
//
// Optional fields and their defaults:
//
//   - "now": absent means the business clock follows the wall clock;
//   - "clock_advance": a Go duration such as "72h", used only without "now";
//   - an invite's "expires_at": invited_at plus 21 days;
//   - a workspace's "tags": {}; "data_residency": workspace_geo "us",
//     allowed_inference_geos "unrestricted", default_inference_geo "global";
//     "external_key_id" and "user_profile_id": null; "compartment_id":
//     "cmpt_" and the workspace ID without its "wrkspc_" prefix.
//
// Invite statuses are pending, accepted, expired and deleted. Deleted invites
// are kept but never listed. At most one workspace may be the default; lists
// hide it unless include_default=true, and it cannot be renamed or archived.
package sandbox
