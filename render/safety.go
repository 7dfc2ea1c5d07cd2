package render

import (
	"fmt"

	"github.com/orgsync/orgsync/plan"
)

// kindNoun names the objects a block counts.
func kindNoun(k plan.Kind) string {
	switch k {
	case plan.KindPerson:
		return "people"
	case plan.KindMember:
		return "workspace members"
	case plan.KindWorkspace:
		return "workspaces"
	}
	return string(k)
}

// describeSafetyRule returns the sentence for the removal, protection
// and admin rules, and false for rules it does not describe.
func describeSafetyRule(bl plan.Block) (string, bool) {
	switch bl.Rule {
	case plan.BlockRemovalLimit:
		return fmt.Sprintf("the plan removes %d of %d %s, over the limit of %d for one run. To allow it, use %s.",
			bl.Removals, bl.Total, kindNoun(bl.Kind), bl.Limit, bl.Override), true
	case plan.BlockProtected:
		return fmt.Sprintf("the plan removes or demotes %s, who is listed under protect. To allow it, use %s; the change then runs last.",
			bl.Email, bl.Override), true
	case plan.BlockAdminChange:
		return fmt.Sprintf("the plan demotes or removes the admin %s. To allow it, use %s.", bl.Email, bl.Override), true
	case plan.BlockNoAdminLeft:
		who := fmt.Sprintf("all %d admins", bl.Total)
		if bl.Total == 1 {
			who = "the only admin"
		}
		return fmt.Sprintf("the plan demotes or removes %s, which would leave the organization without one. Nothing lifts this rule; keep at least one admin in the spec.",
			who), true
	}
	return "", false
}

// DescribeWarning returns the sentence for a warning.
func DescribeWarning(w plan.Warning) string {
	switch w.Code {
	case plan.WarnAboveOrgLimit:
		return fmt.Sprintf("the %s limit of %q in %q (%d) is above the organization's own (%d); the lower organization limit applies.",
			w.LimitType, w.Target, w.Workspace, w.Value, w.Limit)
	case plan.WarnProtectedForced:
		return fmt.Sprintf("%s is protected and is removed or demoted because of --force; the change runs last. "+
			"API keys they created stay active, because keys belong to the organization, but if orgsync runs with their rights, later runs may fail.", w.Email)
	}
	return string(w.Code)
}

// DescribeIgnored returns a line counting what ignore patterns left out,
// or "" when nothing was ignored.
func DescribeIgnored(ig plan.Ignored) string {
	if ig == (plan.Ignored{}) {
		return ""
	}
	people := plural(ig.People, "member")
	return fmt.Sprintf("Ignored by the spec's ignore patterns, left alone: %s, %s, %s, %s.",
		people, plural(ig.Invites, "pending invite"), plural(ig.Members, "workspace member"), plural(ig.Workspaces, "workspace"))
}
