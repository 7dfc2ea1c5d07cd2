package plan

// Effect labels a consequence of a change that a reviewer must not miss.
// Effects describe the change however it is carried out, so a manual step
// that removes a person in the Console is irreversible too.
type Effect string

const (
	// EffectIrreversible: the change cannot be undone. A removed person
	// loses their account and can only be invited again as a new user, and
	// an archived workspace cannot be brought back.
	EffectIrreversible Effect = "irreversible"
	// EffectSendsEmail: the change emails someone, as sending an invite does.
	EffectSendsEmail Effect = "sends_email"
)

// Effects returns the labels of the change's irreversible and
// human-visible consequences, in a fixed order, or nil when it has none.
func (c Change) Effects() []Effect {
	var effects []Effect
	if c.removesPerson() || c.archivesWorkspace() || c.archivesKey() {
		effects = append(effects, EffectIrreversible)
	}
	if c.sendsInvite() {
		effects = append(effects, EffectSendsEmail)
	}
	return effects
}

// removesPerson reports whether the change removes a member from the
// organisation. Deleting a pending invite removes no account, so it is
// not counted.
func (c Change) removesPerson() bool {
	if c.Kind != KindPerson {
		return false
	}
	switch c.Action {
	case Delete:
		return c.UserID != ""
	case Manual:
		state, _ := c.Field("state")
		return c.UserID != "" && state.After == "absent"
	}
	return false
}

// archivesKey reports whether the change archives an API key, which
// cannot be made active again.
func (c Change) archivesKey() bool {
	status, _ := c.Field("status")
	return c.Kind == KindAPIKey && status.After == "archived"
}

// archivesWorkspace reports whether the change archives a workspace. The
// Admin API has no way to delete a workspace, only to archive it.
func (c Change) archivesWorkspace() bool {
	return c.Kind == KindWorkspace && c.Action == Delete
}

// sendsInvite reports whether the change sends an invite email: a new
// invite, a replacement invite, or an invite to send in the Console.
func (c Change) sendsInvite() bool {
	if c.Kind != KindPerson {
		return false
	}
	switch c.Action {
	case Create, Replace:
		return true
	case Manual:
		return c.UserID == ""
	}
	return false
}
