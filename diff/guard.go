package diff

import "github.com/orgsync/orgsync/plan"

// guard blocks pruning against an empty or missing section: a truncated
// or badly generated file must not remove everybody. The spec lifts the
// block with allow_empty: true.
func (d *differ) guard() {
	if !d.opts.Prune || d.desired.AllowEmpty {
		return
	}
	if len(d.desired.Users) == 0 {
		removals := 0
		for _, c := range d.plan.Changes {
			if c.Kind == plan.KindPerson && c.Action == plan.Delete {
				removals++
			}
		}
		if removals > 0 {
			d.plan.Blocked = append(d.plan.Blocked, plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindPerson,
				Removals: removals, Total: len(d.state.Users) + len(d.pending), Override: "allow_empty: true"})
		}
	}
	for _, m := range d.matched {
		if m.live == nil || len(m.spec.Members) > 0 {
			continue
		}
		if n := d.liveMembers(m.live); n > 0 {
			d.plan.Blocked = append(d.plan.Blocked, plan.Block{Rule: plan.BlockEmptySection, Kind: plan.KindMember,
				Workspace: m.spec.Name, Removals: n, Total: n, Override: "allow_empty: true"})
		}
	}
}
