// Package diff compares a spec with the live organisation and returns a
// plan. It is pure: it calls no API, prints nothing, and reads the time
// only from its Options.
//
// People are keyed by spec.EmailKey, workspaces by name unless the spec
// pins an id. Memberships the API derives from organisation roles (admins
// are workspace_admin everywhere, billing members workspace_billing) are
// never planned. Changes are ordered by Step and then by kind and key, so
// the same inputs always give the same plan.
package diff
