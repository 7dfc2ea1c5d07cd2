package plan_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/plan"
)

func TestChangeEffects(t *testing.T) {
	absent := []plan.Field{{Name: "state", Before: "member", After: "absent"}}
	tests := []struct {
		name   string
		change plan.Change
		want   []plan.Effect
	}{
		{"removing a member is irreversible",
			plan.Change{Kind: plan.KindPerson, Action: plan.Delete, UserID: "user_1", Fields: absent},
			[]plan.Effect{plan.EffectIrreversible}},
		{"removing an admin in the Console is irreversible",
			plan.Change{Kind: plan.KindPerson, Action: plan.Manual, UserID: "user_1", Fields: absent},
			[]plan.Effect{plan.EffectIrreversible}},
		{"archiving a workspace is irreversible",
			plan.Change{Kind: plan.KindWorkspace, Action: plan.Delete, WorkspaceID: "wrkspc_1"},
			[]plan.Effect{plan.EffectIrreversible}},
		{"deleting a pending invite has no effect label",
			plan.Change{Kind: plan.KindPerson, Action: plan.Delete, InviteID: "invite_1"},
			nil},
		{"an invite sends an email",
			plan.Change{Kind: plan.KindPerson, Action: plan.Create},
			[]plan.Effect{plan.EffectSendsEmail}},
		{"a replaced invite sends an email",
			plan.Change{Kind: plan.KindPerson, Action: plan.Replace, InviteID: "invite_1"},
			[]plan.Effect{plan.EffectSendsEmail}},
		{"an invite in the Console sends an email",
			plan.Change{Kind: plan.KindPerson, Action: plan.Manual, Fields: []plan.Field{{Name: "state", Before: "absent", After: "invited"}}},
			[]plan.Effect{plan.EffectSendsEmail}},
		{"a role change in the Console has no effect label",
			plan.Change{Kind: plan.KindPerson, Action: plan.Manual, UserID: "user_1", Fields: []plan.Field{{Name: "role", Before: "developer", After: "admin"}}},
			nil},
		{"removing a workspace member has no effect label",
			plan.Change{Kind: plan.KindMember, Action: plan.Delete, UserID: "user_1", WorkspaceID: "wrkspc_1"},
			nil},
		{"a waiting membership has no effect label",
			plan.Change{Kind: plan.KindMember, Action: plan.Wait},
			nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, tt.change.Effects()); diff != "" {
				t.Errorf("Effects() (-want +got):\n%s", diff)
			}
		})
	}
}
