package report

import (
	"fmt"
	"strings"
)

// Dimension is what a report groups its spend by.
type Dimension string

const (
	ByWorkspace Dimension = "workspace"
	// ByPerson groups by the identity the API attributes usage to: a
	// user, or else the service account, federated identity or API key.
	ByPerson Dimension = "person"
	ByAPIKey Dimension = "api-key"
	ByModel  Dimension = "model"
	// ByDay groups by UTC day only.
	ByDay Dimension = "day"
)

// Dimensions lists every Dimension in the order help text shows them.
var Dimensions = []Dimension{ByWorkspace, ByPerson, ByAPIKey, ByModel, ByDay}

// ParseDimension returns the Dimension named s.
func ParseDimension(s string) (Dimension, error) {
	for _, d := range Dimensions {
		if string(d) == s {
			return d, nil
		}
	}
	names := make([]string, len(Dimensions))
	for i, d := range Dimensions {
		names[i] = string(d)
	}
	return "", fmt.Errorf("group %q is invalid: use %s", s, strings.Join(names, ", "))
}

// Endpoint group_by values.
const (
	groupWorkspace = "workspace_id"
	groupActor     = "actor"
	groupAPIKey    = "api_key_id"
	groupModel     = "model"
)

// GroupBy returns the group_by values to request for a report grouped by
// d. A report joined with a spec also needs the workspace and the API key
// of every row, to find spend in undeclared workspaces and through keys
// whose creator has left.
func GroupBy(d Dimension, joined bool) []string {
	var out []string
	switch d {
	case ByWorkspace:
		out = append(out, groupWorkspace)
	case ByPerson:
		out = append(out, groupActor)
	case ByAPIKey:
		out = append(out, groupAPIKey)
	case ByModel:
		out = append(out, groupModel)
	}
	if joined {
		for _, g := range []string{groupWorkspace, groupAPIKey} {
			if !contains(out, g) {
				out = append(out, g)
			}
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
