package live

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"slices"
	"strings"
	"time"
)

// Fingerprint returns a digest of everything a plan depends on in the
// state, independent of the order the API listed things in and of
// ReadAt. Two reads of an unchanged organisation give the same value.
func (s *State) Fingerprint() string {
	type member struct {
		UserID, Role string
	}
	type workspace struct {
		ID, Name, DisplayColor string
		MembersRead            bool
		Members                []member
	}
	canonical := struct {
		Organization Organization
		Users        [][3]string
		Invites      [][5]string
		Workspaces   []workspace
	}{Organization: s.Organization}

	for _, u := range s.Users {
		canonical.Users = append(canonical.Users, [3]string{u.ID, strings.ToLower(u.Email), u.Role})
	}
	for _, inv := range s.Invites {
		canonical.Invites = append(canonical.Invites, [5]string{inv.ID, strings.ToLower(inv.Email), inv.Role, inv.Status, inv.ExpiresAt.UTC().Format(time.RFC3339)})
	}
	for _, w := range s.Workspaces {
		cw := workspace{ID: w.ID, Name: w.Name, DisplayColor: strings.ToLower(w.DisplayColor), MembersRead: w.MembersRead}
		for _, m := range w.Members {
			cw.Members = append(cw.Members, member{m.UserID, m.Role})
		}
		slices.SortFunc(cw.Members, func(a, b member) int { return cmp.Compare(a.UserID, b.UserID) })
		canonical.Workspaces = append(canonical.Workspaces, cw)
	}
	slices.SortFunc(canonical.Users, func(a, b [3]string) int { return cmp.Compare(a[0], b[0]) })
	slices.SortFunc(canonical.Invites, func(a, b [5]string) int { return cmp.Compare(a[0], b[0]) })
	slices.SortFunc(canonical.Workspaces, func(a, b workspace) int { return cmp.Compare(a.ID, b.ID) })

	data, err := json.Marshal(canonical)
	if err != nil {
		panic("live: fingerprint of plain data cannot fail to marshal: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
