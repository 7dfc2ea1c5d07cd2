package diff

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/spec"
)

// spendTarget is one scope a spend limit may be set on.
type spendTarget struct {
	scopeType string
	scopeID   string
	// label names the scope for people: "organization", a workspace or a person.
	label       string
	workspace   string
	workspaceID string
	email       string
	period      string
	want        *spec.Money
}

// spendLimits plans the spend limits of the organisation, of declared
// workspaces and of declared people.
func (d *differ) spendLimits() error {
	if !ManagesSpendLimits(d.desired) {
		return nil
	}
	if !d.state.Settings.SpendLimitsRead {
		return fmt.Errorf("spend limits were not read")
	}
	targets := []spendTarget{{scopeType: "organization", label: "the organization", period: "monthly", want: d.desired.Settings.SpendLimits.Organization}}
	for _, m := range d.matched {
		t := spendTarget{scopeType: "workspace", label: "workspace " + m.spec.Name, workspace: m.spec.Name, period: "monthly", want: m.spec.Settings.SpendLimit}
		if m.live != nil {
			t.scopeID, t.workspaceID = m.live.ID, m.live.ID
		}
		targets = append(targets, t)
	}
	people := map[string]spec.PersonSpend{}
	for _, ps := range d.desired.Settings.SpendLimits.People {
		people[spec.EmailKey(ps.Email)+" "+ps.Period] = ps
	}
	for _, u := range d.desired.Users {
		for _, period := range []string{"daily", "weekly", "monthly"} {
			ps, ok := people[spec.EmailKey(u.Email)+" "+period]
			var want *spec.Money
			if ok {
				want = &ps.Amount
			}
			t := spendTarget{scopeType: "user", label: u.Email, email: u.Email, period: period, want: want}
			if lu, member := d.usersByKey[spec.EmailKey(u.Email)]; member {
				t.scopeID = lu.ID
			} else if ok {
				d.add(plan.Change{Kind: plan.KindSpendLimit, Action: plan.Wait, Reason: plan.ReasonWaitingForInvite, Email: u.Email,
					Target: u.Email, Fields: []plan.Field{{Name: "amount", After: formatMoney(ps.Amount)}, {Name: "period", After: period}}})
				continue
			}
			targets = append(targets, t)
		}
	}
	existing := map[string]*live.SpendLimit{}
	for i, l := range d.state.Settings.SpendLimits {
		existing[l.ScopeType+" "+l.ScopeID+" "+l.Period] = &d.state.Settings.SpendLimits[i]
	}
	for _, t := range targets {
		var have *live.SpendLimit
		if t.scopeID != "" || t.scopeType == "organization" {
			have = existing[t.scopeType+" "+t.scopeID+" "+t.period]
		}
		if err := d.spendLimit(t, have); err != nil {
			return err
		}
	}
	return nil
}

// spendLimit plans the limit of one scope and period.
func (d *differ) spendLimit(t spendTarget, have *live.SpendLimit) error {
	c := plan.Change{Kind: plan.KindSpendLimit, Target: t.label, Workspace: t.workspace, WorkspaceID: t.workspaceID, Email: t.email, UserID: t.scopeID}
	if t.scopeType != "user" {
		c.UserID = ""
	}
	if t.want == nil {
		if have == nil || !d.prunes(d.own.SpendLimits) {
			return nil
		}
		c.Action, c.Reason, c.TargetID = plan.Delete, plan.ReasonNotDeclared, have.ID
		c.Fields = []plan.Field{{Name: "amount", Before: formatMinor(have.Amount, have.Currency)}, {Name: "period", Before: have.Period}}
		d.add(c)
		return nil
	}
	want := strconv.FormatInt(t.want.Minor, 10)
	if have != nil && have.Currency != "" && !strings.EqualFold(have.Currency, t.want.Currency) {
		return fmt.Errorf("%s:%d: spend limit of %s is in %s, but the organization's limits are in %s; write the amount in %s",
			t.want.Pos.File, t.want.Pos.Line, t.label, t.want.Currency, have.Currency, have.Currency)
	}
	if have != nil && have.Amount == want {
		return nil
	}
	c.Action, c.Reason = plan.Update, plan.ReasonFieldsDiffer
	before := ""
	if have != nil {
		before = formatMinor(have.Amount, have.Currency)
		c.TargetID = have.ID
	} else {
		c.Action, c.Reason = plan.Create, plan.ReasonMissing
	}
	c.Fields = []plan.Field{
		{Name: "amount", Before: before, After: formatMoney(*t.want)},
		{Name: "amount_minor", Before: haveAmount(have), After: want},
		{Name: "period", Before: havePeriod(have), After: t.period},
	}
	d.add(c)
	return nil
}

func haveAmount(l *live.SpendLimit) string {
	if l == nil {
		return ""
	}
	return l.Amount
}

func havePeriod(l *live.SpendLimit) string {
	if l == nil {
		return ""
	}
	return l.Period
}

// formatMoney writes an amount as "500.00 USD".
func formatMoney(m spec.Money) string {
	return formatMinor(strconv.FormatInt(m.Minor, 10), m.Currency)
}

// formatMinor writes an amount in minor units with two decimals, or as
// given when it is not a whole number.
//
// NOTE: currencies without two decimal places, such as JPY, display
// wrongly here; the amounts sent are right, because they stay in minor units.
func formatMinor(minor, currency string) string {
	if minor == "" {
		return "no limit"
	}
	n, err := strconv.ParseInt(minor, 10, 64)
	if err != nil {
		return minor + " " + currency
	}
	return fmt.Sprintf("%d.%02d %s", n/100, n%100, currency)
}
