package spec

import (
	"fmt"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// decoder walks a YAML node tree strictly, collecting every error with the
// position of the node that caused it.
type decoder struct {
	file string
	errs Errors
}

func (d *decoder) pos(n *yaml.Node) Position {
	return Position{File: d.file, Line: n.Line, Column: n.Column}
}

func (d *decoder) errorf(n *yaml.Node, format string, args ...any) {
	d.errorAt(d.pos(n), format, args...)
}

func (d *decoder) errorAt(pos Position, format string, args ...any) {
	d.errs = append(d.errs, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// resolve follows an alias to the node its anchor names, so that "*name"
// reads as the anchored value. YAML does not let an alias carry an anchor,
// so the loop ends after one step.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null"
}

// fields checks that n is a mapping whose keys are all in known and appear
// once, and returns the value node of each key present. kindMsg is the
// error when n is not a mapping, and where names the place of n, such as
// "in a user". ok is false only when n is not a mapping.
func (d *decoder) fields(n *yaml.Node, kindMsg, where string, known []string) (values map[string]*yaml.Node, ok bool) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "%s", kindMsg)
		return nil, false
	}

	values = make(map[string]*yaml.Node)
	keys := make(map[string]*yaml.Node)
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := resolve(n.Content[i]), n.Content[i+1]
		name := key.Value

		if first, dup := keys[name]; dup {
			d.errorf(key, "duplicate field %q; it is already set at %s", name, d.pos(first))
			continue
		}
		keys[name] = key

		if name == "<<" {
			d.errorf(key, "merge keys (<<) are not supported %s; write the fields out", where)
			continue
		}
		if !slices.Contains(known, name) {
			if why := unsupportedField(where, name); why != "" {
				d.errorf(key, "%s is not supported: %s", name, why)
				continue
			}
			d.errorf(key, "unknown field %q %s; %s", name, where, suggestField(name, known))
			continue
		}
		values[name] = value
	}
	return values, true
}

// str reads n as a string field called name.
func (d *decoder) str(n *yaml.Node, name string) (string, bool) {
	n = resolve(n)
	switch {
	case n.Kind != yaml.ScalarNode:
		d.errorf(n, "%s must be a string", name)
		return "", false
	case isNull(n):
		d.errorf(n, "%s has no value; write one", name)
		return "", false
	case n.Tag != "!!str":
		d.errorf(n, "%s must be a string, but %s reads as YAML %s; quote it", name, n.Value, strings.TrimPrefix(n.Tag, "!!"))
		return "", false
	}
	return n.Value, true
}

// list reads n as a list field called name and returns its items.
func (d *decoder) list(n *yaml.Node, name string) ([]*yaml.Node, bool) {
	n = resolve(n)
	switch {
	case isNull(n):
		d.errorf(n, "%s has no value; write \"%s: []\" for an empty list", name, name)
		return nil, false
	case n.Kind != yaml.SequenceNode:
		d.errorf(n, "%s must be a list", name)
		return nil, false
	}
	return n.Content, true
}

// boolean reads n as a true or false field called name.
func (d *decoder) boolean(n *yaml.Node, name string) (bool, bool) {
	n = resolve(n)
	var b bool
	if n.Kind != yaml.ScalarNode || n.Tag != "!!bool" || n.Decode(&b) != nil {
		d.errorf(n, "%s must be true or false", name)
		return false, false
	}
	return b, true
}

// suggestField names the known field closest to a mistyped one, or lists
// the known fields when none is close. Close means fewer than 3 edits and
// fewer than half the name's length plus one, so that a short unrelated
// key such as "x" gets the list rather than a guess.
func suggestField(name string, known []string) string {
	best, bestDistance := "", min(3, len(name)/2+1)
	for _, k := range known {
		if dist := editDistance(strings.ToLower(name), k); dist < bestDistance {
			best, bestDistance = k, dist
		}
	}
	if best != "" {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "known fields are " + strings.Join(known, ", ")
}

// editDistance returns the Levenshtein distance between a and b, counted
// in bytes, which is enough for the ASCII field names it compares.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
