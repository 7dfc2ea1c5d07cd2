package diff

import (
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// guard checks the plan against the safety rules and records each rule it
// breaks. All checks run before anything is applied: apply refuses a plan
// with any block.
func (d *differ) guard() {
	d.guardEmptySections()
	d.guardRemovalLimits()
	d.guardProtected()
	d.guardAdmins()
}

// guardEmptySections blocks pruning against an empty or missing section:
// a truncated or badly generated file must not remove everybody. The
// spec lifts the block with allow_empty: true.
func (d *differ) guardEmptySections() {
	if !d.opts.Prune || d.desired.AllowEmpty {
		return
	}
	if len(d.desired.Users) == 0 {
		if removals := d.count(isUserRemoval); removals > 0 {
			d.block(plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindPerson,
				Removals: removals, Total: d.totalUsers(), Override: "allow_empty: true"})
		}
	}
	if len(d.desired.Workspaces) == 0 {
		if removals := d.count(isWorkspaceArchive); removals > 0 {
			d.block(plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindWorkspace,
				Removals: removals, Total: removals, Override: "allow_empty: true"})
		}
	}
	for _, m := range d.matched {
		if m.live == nil || len(m.spec.Members) > 0 {
			continue
		}
		removals := 0
		for _, c := range d.plan.Changes {
			if c.Kind == plan.KindMember && c.Action == plan.Delete && c.WorkspaceID == m.live.ID {
				removals++
			}
		}
		if removals > 0 {
			d.block(plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindMember,
				Workspace: m.spec.Name, Removals: removals, Total: d.liveMembers(m.live), Override: "allow_empty: true"})
		}
	}
}

// guardRemovalLimits blocks a plan that removes more of a kind than the
// removal limits allow.
func (d *differ) guardRemovalLimits() {
	if d.opts.Force {
		return
	}
	kinds := []struct {
		kind   plan.Kind
		counts func(plan.Change) bool
		total  int
	}{
		{plan.KindPerson, isUserRemoval, d.totalUsers()},
		{plan.KindPerson, isInviteDeletion, d.totalInvites()},
		{plan.KindMember, isMemberRemoval, d.totalMembers()},
		{plan.KindWorkspace, isWorkspaceArchive, d.totalWorkspaces()},
	}
	for _, k := range kinds {
		removals := d.count(k.counts)
		limit := d.removalLimit(k.total)
		if removals > limit {
			d.block(plan.Block{Rule: plan.BlockRemovalLimit, Kind: k.kind, Removals: removals, Total: k.total, Limit: limit,
				Override: "removal_limits in the spec, --max-removals N or --force"})
		}
	}
}

// removalLimit returns how many objects of a kind with total live objects
// one run may remove.
func (d *differ) removalLimit(total int) int {
	if d.opts.MaxRemovals > 0 {
		return d.opts.MaxRemovals
	}
	limits := d.desired.RemovalLimits
	limit := total
	if limits.MaxCount > 0 {
		limit = min(limit, limits.MaxCount)
	}
	switch {
	case total < spec.MinForPercent:
		// Small kinds: more than half is blocked, but one removal never is.
		limit = min(limit, max(1, total/2))
	case limits.MaxPercent > 0:
		limit = min(limit, total*limits.MaxPercent/100)
	}
	return limit
}

// guardProtected blocks removing or demoting a protected person. Under
// --force the change stays, moved to the end of the plan, with a warning.
func (d *differ) guardProtected() {
	for _, c := range d.plan.Changes {
		if c.Kind != plan.KindPerson || !d.isProtected(c.Email) || !demotes(c) {
			continue
		}
		if d.opts.Force {
			d.plan.Warnings = append(d.plan.Warnings, plan.Warning{Code: plan.WarnProtectedForced, Email: c.Email})
			continue
		}
		d.block(plan.Block{Rule: plan.BlockProtected, Kind: plan.KindPerson, Email: c.Email, Override: "--force"})
	}
}

// guardAdmins blocks demoting or removing admins unless allowed, and
// blocks a plan after which no admin would remain. A spec that states it
// is meant to be empty (allow_empty) does not count its admins' removals
// toward that rule, because the emptiness is intended and the API cannot
// remove admins anyway, so those removals stay manual steps.
func (d *differ) guardAdmins() {
	admins, leaving := 0, 0
	for _, u := range d.state.Users {
		if u.Role == "admin" {
			admins++
		}
	}
	for _, c := range d.plan.Changes {
		role, _ := c.Field("role")
		if c.Kind != plan.KindPerson || role.Before != "admin" || role.After == "admin" {
			continue
		}
		if !removes(c) || !d.desired.AllowEmpty {
			leaving++
		}
		if !d.opts.AllowAdminChanges {
			d.block(plan.Block{Rule: plan.BlockAdminChange, Kind: plan.KindPerson, Email: c.Email, Override: "--allow-admin-changes"})
		}
	}
	if admins > 0 && leaving == admins {
		d.block(plan.Block{Rule: plan.BlockNoAdminLeft, Kind: plan.KindPerson, Removals: leaving, Total: admins})
	}
}

func (d *differ) block(b plan.Block) { d.plan.Blocked = append(d.plan.Blocked, b) }

func (d *differ) isProtected(email string) bool {
	key := spec.EmailKey(email)
	for _, p := range d.desired.Protect {
		if spec.EmailKey(p.Email) == key {
			return true
		}
	}
	return false
}

// demotes reports whether a person change removes them or lowers their
// role. Any role change of a member counts, since roles are not ranked
// except admin.
func demotes(c plan.Change) bool {
	role, _ := c.Field("role")
	return removes(c) || (c.UserID != "" && role.Before != "" && role.After != role.Before && role.After != "admin")
}

func (d *differ) count(match func(plan.Change) bool) int {
	n := 0
	for _, c := range d.plan.Changes {
		if match(c) {
			n++
		}
	}
	return n
}

func isUserRemoval(c plan.Change) bool {
	return c.Kind == plan.KindPerson && c.Action == plan.Delete && c.UserID != ""
}

func isInviteDeletion(c plan.Change) bool {
	return c.Kind == plan.KindPerson && c.Action == plan.Delete && c.UserID == ""
}

func isMemberRemoval(c plan.Change) bool {
	return c.Kind == plan.KindMember && c.Action == plan.Delete
}

func isWorkspaceArchive(c plan.Change) bool {
	return c.Kind == plan.KindWorkspace && c.Action == plan.Delete
}

func (d *differ) totalUsers() int { return len(d.state.Users) - d.plan.Ignored.People }

func (d *differ) totalInvites() int { return len(d.pending) - d.plan.Ignored.Invites }

func (d *differ) totalWorkspaces() int { return len(d.state.Workspaces) - d.plan.Ignored.Workspaces }

func (d *differ) totalMembers() int {
	n := 0
	for _, m := range d.matched {
		if m.live != nil {
			n += d.liveMembers(m.live)
		}
	}
	return n - d.plan.Ignored.Members
}

// protectedLast moves forced changes to protected people to the end of
// the plan, so everything else applies before the run may lose access.
func (d *differ) protectedLast() {
	var rest, last []plan.Change
	for _, c := range d.plan.Changes {
		if c.Kind == plan.KindPerson && d.isProtected(c.Email) && demotes(c) {
			last = append(last, c)
			continue
		}
		rest = append(rest, c)
	}
	d.plan.Changes = append(rest, last...)
}
