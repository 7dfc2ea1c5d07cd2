package render

import (
	"fmt"
	"strings"

	"github.com/orgsync/orgsync/apply"
	"github.com/orgsync/orgsync/plan"
)

// ANSI SGR codes used by the text view.
const (
	sgrReset   = "\x1b[0m"
	sgrBold    = "1"
	sgrRed     = "31"
	sgrGreen   = "32"
	sgrYellow  = "33"
	sgrMagenta = "35"
	sgrCyan    = "36"
)

// style colours text when enabled and leaves it untouched otherwise, so a
// plan written to a file or a pipe carries no escape codes.
type style struct{ enabled bool }

func (s style) paint(text string, codes ...string) string {
	if !s.enabled || text == "" {
		return text
	}
	return "\x1b[" + strings.Join(codes, ";") + "m" + text + sgrReset
}

func (s style) bold(text string) string { return s.paint(text, sgrBold) }

// marker returns the change's marker in the colour of its action.
func (s style) marker(c plan.Change) string {
	m := marker(c)
	switch c.Action {
	case plan.Create:
		return s.paint(m, sgrGreen)
	case plan.Update, plan.Replace:
		return s.paint(m, sgrYellow)
	case plan.Delete:
		return s.paint(m, sgrRed)
	case plan.Manual:
		return s.paint(m, sgrMagenta)
	case plan.Wait:
		return s.paint(m, sgrCyan)
	}
	return m
}

// effect returns the label of an effect, red and bold when irreversible.
func (s style) effect(e plan.Effect) string {
	label := "[" + EffectLabel(e) + "]"
	if e == plan.EffectIrreversible {
		return s.paint(label, sgrBold, sgrRed)
	}
	return s.paint(label, sgrYellow)
}

// EffectLabel returns the words every view uses for an effect.
func EffectLabel(e plan.Effect) string {
	switch e {
	case plan.EffectIrreversible:
		return "irreversible"
	case plan.EffectSendsEmail:
		return "sends an email"
	}
	return string(e)
}

// status returns the status padded to the report's column, then coloured,
// so escape codes do not upset the padding.
func (s style) status(status apply.Status) string {
	padded := fmt.Sprintf("%-8s", status)
	switch status {
	case apply.Applied:
		return s.paint(padded, sgrGreen)
	case apply.Failed:
		return s.paint(padded, sgrBold, sgrRed)
	}
	return padded
}
