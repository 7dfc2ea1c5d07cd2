package diff

import (
	"fmt"
	"strings"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// managed pairs a declared workspace with its live counterpart, if any.
type managed struct {
	spec spec.Workspace
	live *live.Workspace
}

// workspaces matches declared workspaces to live ones and plans creates
// and updates. Undeclared workspaces are reported, never archived.
func (d *differ) workspaces() error {
	byID := map[string]*live.Workspace{}
	byName := map[string][]*live.Workspace{}
	for i := range d.state.Workspaces {
		w := &d.state.Workspaces[i]
		byID[w.ID] = w
		byName[w.Name] = append(byName[w.Name], w)
	}
	matched := map[string]bool{}
	for _, w := range d.desired.Workspaces {
		lw, err := match(w, byID, byName)
		if err != nil {
			return err
		}
		d.matched = append(d.matched, managed{spec: w, live: lw})
		if lw == nil {
			d.createWorkspace(w)
			continue
		}
		matched[lw.ID] = true
		d.updateWorkspace(w, lw)
	}
	for _, w := range d.state.Workspaces {
		switch {
		case matched[w.ID]:
		case spec.MatchPattern(d.desired.Ignore.Workspaces, w.Name):
			d.plan.Ignored.Workspaces++
		case d.prunes(d.own.Workspaces):
			d.add(plan.Change{Kind: plan.KindWorkspace, Action: plan.Delete, Reason: plan.ReasonNotDeclared,
				Workspace: w.Name, WorkspaceID: w.ID, Fields: []plan.Field{{Name: "state", Before: "active", After: "archived"}}})
		default:
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindWorkspace, Workspace: w.Name, ID: w.ID})
		}
	}
	return nil
}

// match returns the live workspace a declared one refers to:
// by id when pinned, else by name; nil when none exists.
func match(w spec.Workspace, byID map[string]*live.Workspace, byName map[string][]*live.Workspace) (*live.Workspace, error) {
	if w.ID != "" {
		lw, ok := byID[w.ID]
		if !ok {
			return nil, fmt.Errorf("%s:%d: workspace %q is pinned to id %s, which is not an active workspace (archived workspaces cannot be restored): %w",
				w.Pos.File, w.Pos.Line, w.Name, w.ID, ErrNoWorkspace)
		}
		return lw, nil
	}
	candidates := byName[w.Name]
	switch len(candidates) {
	case 0:
		return nil, nil
	case 1:
		return candidates[0], nil
	}
	ids := make([]string, len(candidates))
	for i, c := range candidates {
		ids[i] = c.ID
	}
	return nil, fmt.Errorf("%s:%d: workspace %q matches %d active workspaces (%s); pin one with id: %w",
		w.Pos.File, w.Pos.Line, w.Name, len(candidates), strings.Join(ids, ", "), ErrAmbiguous)
}

func (d *differ) createWorkspace(w spec.Workspace) {
	fields := []plan.Field{{Name: "name", After: w.Name}}
	if w.DisplayColor != "" {
		fields = append(fields, plan.Field{Name: "display_color", After: w.DisplayColor})
	}
	d.add(plan.Change{Kind: plan.KindWorkspace, Action: plan.Create, Reason: plan.ReasonMissing,
		Workspace: w.Name, Fields: fields})
}

func (d *differ) updateWorkspace(w spec.Workspace, lw *live.Workspace) {
	var fields []plan.Field
	if w.Name != lw.Name {
		fields = append(fields, plan.Field{Name: "name", Before: lw.Name, After: w.Name})
	}
	if w.DisplayColor != "" && !strings.EqualFold(w.DisplayColor, lw.DisplayColor) {
		fields = append(fields, plan.Field{Name: "display_color", Before: lw.DisplayColor, After: w.DisplayColor})
	}
	if len(fields) == 0 {
		return
	}
	d.add(plan.Change{Kind: plan.KindWorkspace, Action: plan.Update, Reason: plan.ReasonFieldsDiffer,
		Workspace: w.Name, WorkspaceID: lw.ID, Fields: fields})
}
