// Package plan defines the typed change plan that diff computes, views
// render and apply executes. A plan is data only: it holds no messages,
// and its order is part of its meaning.
package plan

import "time"

// Plan is the ordered list of changes that would make the live
// organisation match the spec, with what was observed along the way.
type Plan struct {
	// Organization is the organisation the plan was computed against.
	Organization Organization
	// Source is where the spec was read from.
	Source Source
	// Prune records whether removals were allowed when planning.
	Prune bool
	// Changes are in execution order; see Step.
	Changes []Change
	// Notes are observations that need no change, such as an invite that
	// is still pending with the declared role.
	Notes []Note
	// Unmanaged lists live objects the plan leaves alone because the spec
	// does not declare them and pruning is off or does not reach them.
	Unmanaged []Unmanaged
	// Blocked lists safety rules the plan breaks. A blocked plan is never
	// applied.
	Blocked []Block
	// Ignored counts what the spec's ignore patterns left out.
	Ignored Ignored
	// Warnings are risks the plan carries although no rule blocks it.
	Warnings []Warning
}

// WarningCode classifies a Warning.
type WarningCode string

const (
	// WarnProtectedForced: a protected person is removed or demoted because
	// --force lifted the rule; the step runs last.
	WarnProtectedForced WarningCode = "protected_forced"
	// WarnAboveOrgLimit: a workspace rate limit exceeds the organisation's
	// own limit, so the lower organisation limit applies.
	WarnAboveOrgLimit WarningCode = "rate_limit_above_org"
)

// Warning is a risk a plan carries.
type Warning struct {
	Code  WarningCode
	Email string
	// Workspace, Target and LimitType name a rate limit; Value and Limit
	// are the workspace's and the organisation's values.
	Workspace string
	Target    string
	LimitType string
	Value     int64
	Limit     int64
}

// Source is the provenance of a spec: a local path, or a repository, the
// ref asked for and the commit read. Repository never holds credentials.
type Source struct {
	// Path is the spec's path: on disk, or inside the repository.
	Path       string
	Repository string
	Ref        string
	Commit     string
}

// Organization identifies the live organisation.
type Organization struct {
	ID   string
	Name string
}

// Kind is the kind of object a change targets.
type Kind string

const (
	KindWorkspace Kind = "workspace"
	// KindPerson covers a person's whole journey: invited, pending,
	// member. Inviting, re-inviting, changing the role and removing are
	// all changes to the one person.
	KindPerson Kind = "person"
	KindMember Kind = "workspace_member"
	// KindRateLimit is one rate-limit group's overrides in one workspace.
	KindRateLimit Kind = "workspace_rate_limit"
	// KindSpendLimit is a spend limit of the organisation, a workspace or
	// a person.
	KindSpendLimit Kind = "spend_limit"
	// KindCompliance is the Compliance API switch.
	KindCompliance Kind = "compliance"
	// KindAPIKey is an API key's status.
	KindAPIKey Kind = "api_key"
	// KindRBACGroup is an Enterprise RBAC group.
	KindRBACGroup Kind = "rbac_group"
	// KindRBACMember is a person's membership of an RBAC group.
	KindRBACMember Kind = "rbac_group_member"
)

// Action is the operation a change performs.
type Action string

const (
	// Create makes a workspace, sends an invite or adds a workspace member.
	Create Action = "create"
	// Update changes fields of an existing object.
	Update Action = "update"
	// Replace deletes a pending invite and sends a new one, because an
	// invite cannot be edited.
	Replace Action = "replace"
	// Delete removes a person, deletes a pending invite or removes a
	// workspace member.
	Delete Action = "delete"
	// Manual is a change the Admin API cannot make; a person must make it
	// in the Console. It is never sent.
	Manual Action = "manual"
	// Wait is a workspace membership that can be added only after the
	// person accepts their invite. It is never sent and is not pending.
	Wait Action = "wait"
)

// Reason is why a change is in the plan.
type Reason string

const (
	ReasonMissing           Reason = "missing"             // declared but absent live
	ReasonInviteExpired     Reason = "invite_expired"      // declared; the only invite expired
	ReasonRoleDiffers       Reason = "role_differs"        // live role differs from the spec
	ReasonInviteRoleDiffers Reason = "invite_role_differs" // a pending invite carries another role
	ReasonFieldsDiffer      Reason = "fields_differ"       // workspace name or colour differs
	ReasonNotDeclared       Reason = "not_declared"        // live but absent from the spec, and pruning
	ReasonWaitingForInvite  Reason = "waiting_for_invite"  // the person has not joined yet
	// ReasonAdminNotAssignable: the API cannot invite anyone as admin or
	// promote anyone to admin.
	ReasonAdminNotAssignable Reason = "admin_not_assignable"
	// ReasonRoleReadOnly: the API cannot change or remove a member whose
	// role is admin or an owner role.
	ReasonRoleReadOnly Reason = "role_read_only"
	// ReasonBillingNotAssignable: the API cannot add anyone to a
	// workspace as workspace_billing.
	ReasonBillingNotAssignable Reason = "workspace_billing_not_assignable"
	// ReasonCreatorGone: an active API key's creator is no longer a member.
	ReasonCreatorGone Reason = "creator_not_member"
)

// Change is one step of a plan.
type Change struct {
	Kind   Kind
	Action Action
	Reason Reason
	// Email is the person's address as the spec spells it, or as the API
	// spells it for people the spec does not declare.
	Email string
	// Workspace is the workspace name for workspace and member changes.
	Workspace string
	// WorkspaceID is the live workspace id; empty when this plan creates
	// the workspace.
	WorkspaceID string
	// UserID is the live user id, when the person is a member.
	UserID string
	// InviteID is the invite that a Delete or Replace removes, or the
	// expired invite a Create follows up.
	InviteID string
	// Target names what a settings change concerns, for people to read: a
	// rate-limit group, a spend-limit scope, an API key or an RBAC group.
	Target string
	// TargetID is the id a settings change is sent with: a workspace
	// rate_limit_id, a spend limit, an API key or an RBAC group id. It is
	// empty for an RBAC group this plan creates.
	TargetID string
	// Tags is the complete tag map a workspace change sets, when it sets tags.
	Tags map[string]string
	// RBACGroups are the groups an invite adds the person to once they
	// accept. A group this plan creates has no ID yet.
	RBACGroups []GroupRef
	// Fields are the values before and after the change, in a fixed order.
	Fields []Field
}

// GroupRef names an RBAC group by id, or by name when it does not exist yet.
type GroupRef struct {
	ID   string
	Name string
}

// Field is one attribute of a change. An empty Before means the value is
// new; an empty After means it goes away.
type Field struct {
	Name   string
	Before string
	After  string
}

// Field returns the named field and whether it exists.
func (c Change) Field(name string) (Field, bool) {
	for _, f := range c.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return Field{}, false
}

// Sent reports whether executing the change calls the API.
func (c Change) Sent() bool {
	return c.Action != Manual && c.Action != Wait
}

// NoteCode classifies a Note.
type NoteCode string

const (
	// NoteInvitePending: a pending invite with the declared role exists,
	// so nothing is sent.
	NoteInvitePending NoteCode = "invite_pending"
	// NoteInviteStatusStale: an invite is listed as pending but its
	// expiry date has passed; the date is trusted and it counts as expired.
	NoteInviteStatusStale NoteCode = "invite_status_stale"
	// NoteRateLimitDelay: the API applies rate-limit changes within about
	// an hour.
	NoteRateLimitDelay NoteCode = "rate_limit_delay"
	// NoteOrphanedKey: an active API key's creator is no longer a member,
	// and the spec only reports such keys.
	NoteOrphanedKey NoteCode = "orphaned_api_key"
	// NoteGroupNotManageable: an RBAC group is managed by SCIM, so the API
	// cannot change it.
	NoteGroupNotManageable NoteCode = "rbac_group_not_manageable"
)

// Note is an observation that needs no change.
type Note struct {
	Code      NoteCode
	Email     string
	InviteID  string
	Role      string
	ExpiresAt time.Time
	// Target and TargetID name an API key or RBAC group.
	Target   string
	TargetID string
}

// Unmanaged is a live object outside the plan's reach.
type Unmanaged struct {
	Kind Kind
	// Email, Workspace and ID identify the object; which are set depends
	// on Kind.
	Email     string
	Workspace string
	ID        string
	// Role is the live organisation or workspace role, when the object has one.
	Role string
	// Invite is true for a person who is only invited.
	Invite bool
	// Target names the RBAC group of an unmanaged group member.
	Target string
	// CreatedAt is when an unmanaged workspace was created, so that a
	// workspace something keeps re-creating shows as new on every run.
	CreatedAt time.Time
}

// BlockRule names a safety rule.
type BlockRule string

const (
	// BlockEmptySection: pruning against an empty or missing section
	// would remove everything of that kind.
	BlockEmptySection BlockRule = "empty_section"
	// BlockRemovalLimit: the plan removes more of a kind than the removal
	// limits allow.
	BlockRemovalLimit BlockRule = "removal_limit"
	// BlockProtected: the plan would remove or demote a protected person.
	BlockProtected BlockRule = "protected"
	// BlockAdminChange: the plan demotes or removes an admin, which needs
	// an explicit flag.
	BlockAdminChange BlockRule = "admin_change"
	// BlockNoAdminLeft: after the plan no admin would remain. Nothing
	// lifts this rule.
	BlockNoAdminLeft BlockRule = "no_admin_left"
)

// Block is a safety rule that the plan breaks.
type Block struct {
	Rule BlockRule
	// Kind, Workspace and Email name what the rule concerns.
	Kind      Kind
	Workspace string
	Email     string
	// Removals of Total objects would be removed.
	Removals int
	Total    int
	// Limit is the number of removals the broken limit allows.
	Limit int
	// Override names the spec setting or flag that lifts the block, or is
	// empty when nothing does.
	Override string
}

// Ignored counts live objects that match the spec's ignore patterns. They
// are never changed and appear in a plan only as these counts.
type Ignored struct {
	People, Invites, Members, Workspaces int
}

// Counts tallies the changes of a plan by action.
type Counts struct {
	Create, Update, Replace, Delete, Manual, Wait int
}

// Counts tallies the plan's changes by action.
func (p *Plan) Counts() Counts {
	var n Counts
	for _, c := range p.Changes {
		switch c.Action {
		case Create:
			n.Create++
		case Update:
			n.Update++
		case Replace:
			n.Replace++
		case Delete:
			n.Delete++
		case Manual:
			n.Manual++
		case Wait:
			n.Wait++
		}
	}
	return n
}

// Pending reports whether the organisation differs from the spec in a way
// that needs action: any change except a membership waiting on an invite.
// Manual steps count, because the organisation differs until a person acts.
func (p *Plan) Pending() bool {
	for _, c := range p.Changes {
		if c.Action != Wait {
			return true
		}
	}
	return false
}
