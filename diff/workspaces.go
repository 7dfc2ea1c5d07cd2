package diff

import (
	"fmt"
	"maps"
	"slices"
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
		if err := d.updateWorkspace(w, lw); err != nil {
			return err
		}
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
			d.plan.Unmanaged = append(d.plan.Unmanaged, plan.Unmanaged{Kind: plan.KindWorkspace, Workspace: w.Name, ID: w.ID, CreatedAt: w.CreatedAt})
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
	c := plan.Change{Kind: plan.KindWorkspace, Action: plan.Create, Reason: plan.ReasonMissing, Workspace: w.Name}
	if w.Settings.Tags != nil {
		fields = append(fields, plan.Field{Name: "tags", After: formatTags(w.Settings.Tags)})
		c.Tags = w.Settings.Tags
	}
	if dr := w.Settings.DataResidency; dr != nil {
		fields = appendIf(fields, plan.Field{Name: "workspace_geo", After: dr.WorkspaceGeo})
		fields = appendIf(fields, plan.Field{Name: "allowed_inference_geos", After: strings.Join(dr.AllowedInferenceGeos, ", ")})
		fields = appendIf(fields, plan.Field{Name: "default_inference_geo", After: dr.DefaultInferenceGeo})
	}
	c.Fields = fields
	d.add(c)
}

// appendIf appends f when it has a value.
func appendIf(fields []plan.Field, f plan.Field) []plan.Field {
	if f.After == "" {
		return fields
	}
	return append(fields, f)
}

func (d *differ) updateWorkspace(w spec.Workspace, lw *live.Workspace) error {
	var fields []plan.Field
	if w.Name != lw.Name {
		fields = append(fields, plan.Field{Name: "name", Before: lw.Name, After: w.Name})
	}
	if w.DisplayColor != "" && !strings.EqualFold(w.DisplayColor, lw.DisplayColor) {
		fields = append(fields, plan.Field{Name: "display_color", Before: lw.DisplayColor, After: w.DisplayColor})
	}
	c := plan.Change{Kind: plan.KindWorkspace, Action: plan.Update, Reason: plan.ReasonFieldsDiffer, Workspace: w.Name, WorkspaceID: lw.ID}
	if tags := w.Settings.Tags; tags != nil && !maps.Equal(tags, lw.Tags) && !(len(tags) == 0 && len(lw.Tags) == 0) {
		fields = append(fields, plan.Field{Name: "tags", Before: formatTags(lw.Tags), After: formatTags(tags)})
		c.Tags = tags
	}
	if dr := w.Settings.DataResidency; dr != nil {
		have := lw.DataResidency
		if dr.WorkspaceGeo != "" && have.WorkspaceGeo != "" && dr.WorkspaceGeo != have.WorkspaceGeo {
			return fmt.Errorf("%s:%d: workspace %q: workspace_geo cannot change from %s to %s, because the geo is fixed when a workspace is created; create a new workspace for the new geo: %w",
				dr.Pos.File, dr.Pos.Line, w.Name, have.WorkspaceGeo, dr.WorkspaceGeo, ErrImmutable)
		}
		if want := strings.Join(dr.AllowedInferenceGeos, ", "); want != "" && want != strings.Join(have.AllowedInferenceGeos, ", ") {
			fields = append(fields, plan.Field{Name: "allowed_inference_geos", Before: strings.Join(have.AllowedInferenceGeos, ", "), After: want})
		}
		if dr.DefaultInferenceGeo != "" && dr.DefaultInferenceGeo != have.DefaultInferenceGeo {
			fields = append(fields, plan.Field{Name: "default_inference_geo", Before: have.DefaultInferenceGeo, After: dr.DefaultInferenceGeo})
		}
	}
	if len(fields) == 0 {
		return nil
	}
	c.Fields = fields
	d.add(c)
	return nil
}

// formatTags writes tags as "k=v" pairs sorted by name, for display.
func formatTags(tags map[string]string) string {
	keys := slices.Sorted(maps.Keys(tags))
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + "=" + tags[k]
	}
	return strings.Join(parts, ", ")
}
