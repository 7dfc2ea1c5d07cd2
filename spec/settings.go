package spec

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

var (
	settingsFields      = []string{"defaults", "spend_limits", "compliance_api", "api_keys", "rbac_groups"}
	defaultsFields      = []string{"rate_limits"}
	rateLimitFields     = []string{"group", "limits"}
	spendLimitsFields   = []string{"organization", "people"}
	personSpendFields   = []string{"email", "amount", "period"}
	apiKeysFields       = []string{"orphaned", "keys"}
	apiKeyFields        = []string{"id", "status"}
	rbacGroupFields     = []string{"name", "id", "members"}
	dataResidencyFields = []string{"workspace_geo", "allowed_inference_geos", "default_inference_geo"}
	workspaceSettings   = []string{"tags", "data_residency", "rate_limits", "spend_limit"}
)

// unsupported names settings that no Admin API endpoint can change, with
// where to change them instead. A spec that sets one is rejected, so the
// setting is never silently ignored.
var unsupported = map[string]string{
	"allowed_ip_ranges":   "allowed IP ranges cannot be set through the Admin API; an admin sets them in the Console or claude.ai organization settings",
	"plan":                "the organization's plan cannot be changed through the Admin API; change it in the Console billing settings or with the account team",
	"default_rate_limits": "the organization's own rate limits come from its usage tier and cannot be set through the Admin API; set per-workspace limits with defaults.rate_limits instead",
	"rate_limits":         "the organization's own rate limits come from its usage tier and cannot be set through the Admin API; set per-workspace limits with defaults.rate_limits or a workspace's rate_limits instead",
}

// unsupportedOrganization names organization fields no endpoint changes.
var unsupportedOrganization = map[string]string{
	"rename": "the organization's name cannot be changed through the Admin API; rename it in the Console (organization.name only checks which organization the key belongs to)",
	"plan":   "the organization's plan cannot be changed through the Admin API; change it in the Console billing settings or with the account team",
}

// settings decodes the top-level organisation settings.
func (d *decoder) settings(s *Spec, fields map[string]*yaml.Node) {
	if n, ok := fields["defaults"]; ok {
		if f, ok := d.fields(n, "defaults must be a mapping with rate_limits", "in defaults", defaultsFields); ok && f["rate_limits"] != nil {
			s.Settings.Defaults.RateLimits = d.rateLimits(f["rate_limits"], "defaults.rate_limits")
		}
	}
	if n, ok := fields["spend_limits"]; ok {
		d.spendLimits(&s.Settings.SpendLimits, n)
	}
	if n, ok := fields["compliance_api"]; ok {
		if v, ok := d.str(n, "compliance_api"); ok {
			if v != "enabled" && v != "disabled" {
				d.errorf(resolve(n), "compliance_api must be enabled or disabled, not %q", v)
			}
			s.Settings.Compliance = v
		}
	}
	if n, ok := fields["api_keys"]; ok {
		d.apiKeys(&s.Settings.APIKeys, n)
	}
	if n, ok := fields["rbac_groups"]; ok {
		s.Settings.RBACGroupsDeclared = true
		s.Settings.RBACGroups = d.rbacGroups(n)
	}
}

// unsupportedField returns why a field no endpoint can change is rejected,
// or "" when the field is simply unknown.
func unsupportedField(where, name string) string {
	switch where {
	case "at the top level":
		return unsupported[name]
	case "in organization":
		return unsupportedOrganization[name]
	}
	return ""
}

func (d *decoder) rateLimits(n *yaml.Node, name string) []RateLimit {
	items, ok := d.list(n, name)
	if !ok {
		return nil
	}
	var out []RateLimit
	groups := map[string]Position{}
	for _, item := range items {
		f, ok := d.fields(item, "each rate limit must be a mapping with group and limits", "in a rate limit", rateLimitFields)
		if !ok {
			continue
		}
		rl := RateLimit{Pos: d.pos(resolve(item))}
		if f["group"] == nil {
			d.errorf(resolve(item), "rate limit is missing group: a group id (rlg_...) or a model group name such as \"Claude Sonnet 4.x\"")
		} else if g, ok := d.str(f["group"], "group"); ok {
			rl.Group = g
			if first, dup := groups[strings.ToLower(g)]; dup {
				d.errorf(resolve(f["group"]), "rate limit group %q is already set at %s", g, first)
			}
			groups[strings.ToLower(g)] = d.pos(resolve(f["group"]))
		}
		if f["limits"] == nil {
			d.errorf(resolve(item), "rate limit is missing limits, such as {requests_per_minute: 1000}")
		} else {
			rl.Limits = d.limitValues(f["limits"])
		}
		out = append(out, rl)
	}
	return out
}

func (d *decoder) limitValues(n *yaml.Node) []LimitValue {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "limits must be a mapping of limit types to whole numbers, such as {requests_per_minute: 1000}")
		return nil
	}
	var out []LimitValue
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := resolve(n.Content[i]), resolve(n.Content[i+1])
		if !slices.Contains(LimitTypes, key.Value) {
			d.errorf(key, "unknown limit type %q; known types are %s", key.Value, strings.Join(LimitTypes, ", "))
			continue
		}
		v := int64(d.integer(value, "limit "+key.Value, 1, 1<<62))
		out = append(out, LimitValue{Type: key.Value, Value: v})
	}
	return out
}

// moneyPattern matches "500.00 USD" and "500 USD".
var moneyPattern = regexp.MustCompile(`^(\d{1,15})(?:\.(\d{1,3}))? ([A-Z]{3})$`)

// minorDigits gives the decimal places of currencies without two (ISO 4217).
var minorDigits = map[string]int{"JPY": 0, "KRW": 0, "BHD": 3, "KWD": 3, "OMR": 3, "JOD": 3, "TND": 3}

func (d *decoder) money(n *yaml.Node, name string) *Money {
	v, ok := d.str(n, name)
	if !ok {
		return nil
	}
	m := moneyPattern.FindStringSubmatch(v)
	if m == nil {
		d.errorf(resolve(n), "%s %q is not an amount; write it as money, such as \"500.00 USD\"", name, v)
		return nil
	}
	digits, ok := minorDigits[m[3]]
	if !ok {
		digits = 2
	}
	if len(m[2]) > digits {
		d.errorf(resolve(n), "%s %q has more decimals than %s allows (%d)", name, v, m[3], digits)
		return nil
	}
	whole, _ := strconv.ParseInt(m[1], 10, 64)
	frac := m[2] + strings.Repeat("0", digits-len(m[2]))
	minor := whole
	for range digits {
		minor *= 10
	}
	if frac != "" {
		f, _ := strconv.ParseInt(frac, 10, 64)
		minor += f
	}
	return &Money{Minor: minor, Currency: m[3], Pos: d.pos(resolve(n))}
}

func (d *decoder) spendLimits(sl *SpendLimits, n *yaml.Node) {
	f, ok := d.fields(n, "spend_limits must be a mapping with organization and people", "in spend_limits", spendLimitsFields)
	if !ok {
		return
	}
	if v, ok := f["organization"]; ok {
		sl.Organization = d.money(v, "spend_limits.organization")
	}
	if v, ok := f["people"]; ok {
		items, ok := d.list(v, "spend_limits.people")
		if !ok {
			return
		}
		for _, item := range items {
			pf, ok := d.fields(item, "each person's spend limit must be a mapping with email, amount and period", "in a person's spend limit", personSpendFields)
			if !ok {
				continue
			}
			ps := PersonSpend{Period: "monthly", Pos: d.pos(resolve(item))}
			ps.Email, _ = d.email(item, pf["email"], "spend limit")
			if pf["amount"] == nil {
				d.errorf(resolve(item), "spend limit is missing amount, such as \"100.00 USD\"")
			} else if m := d.money(pf["amount"], "amount"); m != nil {
				ps.Amount = *m
			}
			if v, ok := pf["period"]; ok {
				if p, ok := d.str(v, "period"); ok {
					if p != "daily" && p != "weekly" && p != "monthly" {
						d.errorf(resolve(v), "period must be daily, weekly or monthly, not %q", p)
					}
					ps.Period = p
				}
			}
			sl.People = append(sl.People, ps)
		}
	}
}

func (d *decoder) apiKeys(p *APIKeyPolicy, n *yaml.Node) {
	f, ok := d.fields(n, "api_keys must be a mapping with orphaned and keys", "in api_keys", apiKeysFields)
	if !ok {
		return
	}
	if v, ok := f["orphaned"]; ok {
		if s, ok := d.str(v, "api_keys.orphaned"); ok {
			if s != "deactivate" && s != "report" {
				d.errorf(resolve(v), "api_keys.orphaned must be deactivate or report, not %q", s)
			}
			p.Orphaned = s
		}
	}
	if v, ok := f["keys"]; ok {
		items, ok := d.list(v, "api_keys.keys")
		if !ok {
			return
		}
		seen := map[string]Position{}
		for _, item := range items {
			kf, ok := d.fields(item, "each key must be a mapping with id and status", "in a key", apiKeyFields)
			if !ok {
				continue
			}
			k := APIKeyStatus{Pos: d.pos(resolve(item))}
			if kf["id"] == nil {
				d.errorf(resolve(item), "key is missing id (apikey_...)")
			} else if id, ok := d.str(kf["id"], "id"); ok {
				if !strings.HasPrefix(id, "apikey_") {
					d.errorf(resolve(kf["id"]), "key id %q must start with apikey_", id)
				}
				if first, dup := seen[id]; dup {
					d.errorf(resolve(kf["id"]), "key %s is already listed at %s", id, first)
				}
				seen[id] = d.pos(resolve(kf["id"]))
				k.ID = id
			}
			if kf["status"] == nil {
				d.errorf(resolve(item), "key is missing status: active, inactive or archived")
			} else if st, ok := d.str(kf["status"], "status"); ok {
				if st != "active" && st != "inactive" && st != "archived" {
					d.errorf(resolve(kf["status"]), "key status must be active, inactive or archived, not %q (expired keys cannot be set)", st)
				}
				k.Status = st
			}
			p.Keys = append(p.Keys, k)
		}
	}
}

func (d *decoder) rbacGroups(n *yaml.Node) []RBACGroup {
	items, ok := d.list(n, "rbac_groups")
	if !ok {
		return nil
	}
	var out []RBACGroup
	ids := map[string]Position{}
	for _, item := range items {
		f, ok := d.fields(item, "each RBAC group must be a mapping with name, id and members", "in an RBAC group", rbacGroupFields)
		if !ok {
			continue
		}
		g := RBACGroup{Pos: d.pos(resolve(item))}
		if f["name"] == nil {
			d.errorf(resolve(item), "RBAC group is missing name")
		} else if name, ok := d.str(f["name"], "name"); ok {
			if len(name) < 1 || len(name) > 255 {
				d.errorf(resolve(f["name"]), "RBAC group name must have 1 to 255 characters")
			}
			g.Name = name
		}
		if v, ok := f["id"]; ok {
			if id, ok := d.str(v, "id"); ok {
				if !strings.HasPrefix(id, "rbac_group_") {
					d.errorf(resolve(v), "RBAC group id %q must start with rbac_group_", id)
				}
				if first, dup := ids[id]; dup {
					d.errorf(resolve(v), "RBAC group %s is already declared at %s", id, first)
				}
				ids[id] = d.pos(resolve(v))
				g.ID = id
			}
		}
		if v, ok := f["members"]; ok {
			members, ok := d.list(v, "members")
			if ok {
				for _, m := range members {
					if email, ok := d.str(m, "member"); ok {
						if msg := checkEmail(email); msg != "" {
							d.errorf(resolve(m), "%s", msg)
							continue
						}
						g.Members = append(g.Members, email)
					}
				}
			}
		}
		out = append(out, g)
	}
	return out
}

// workspaceSettings decodes a workspace's settings fields.
func (d *decoder) workspaceSettings(ws *WorkspaceSettings, fields map[string]*yaml.Node) {
	if v, ok := fields["tags"]; ok {
		ws.Tags = d.tags(v)
	}
	if v, ok := fields["data_residency"]; ok {
		ws.DataResidency = d.dataResidency(v)
	}
	if v, ok := fields["rate_limits"]; ok {
		ws.RateLimits = d.rateLimits(v, "rate_limits")
	}
	if v, ok := fields["spend_limit"]; ok {
		ws.SpendLimit = d.money(v, "spend_limit")
	}
}

func (d *decoder) tags(n *yaml.Node) map[string]string {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		d.errorf(n, "tags must be a mapping of names to text, such as {team: research}")
		return nil
	}
	tags := map[string]string{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key := resolve(n.Content[i])
		if strings.HasPrefix(strings.ToLower(key.Value), "anthropic") {
			d.errorf(key, "tag %q is reserved: tag names may not begin with \"anthropic\"", key.Value)
			continue
		}
		if v, ok := d.str(n.Content[i+1], "tag "+key.Value); ok {
			tags[key.Value] = v
		}
	}
	return tags
}

func (d *decoder) dataResidency(n *yaml.Node) *DataResidency {
	f, ok := d.fields(n, "data_residency must be a mapping with workspace_geo, allowed_inference_geos and default_inference_geo", "in data_residency", dataResidencyFields)
	if !ok {
		return nil
	}
	dr := &DataResidency{Pos: d.pos(resolve(n))}
	geo := func(v *yaml.Node, name string, allowed ...string) string {
		s, ok := d.str(v, name)
		if ok && !slices.Contains(allowed, s) {
			d.errorf(resolve(v), "%s must be one of %s, not %q", name, strings.Join(allowed, ", "), s)
		}
		return s
	}
	if v, ok := f["workspace_geo"]; ok {
		dr.WorkspaceGeo = geo(v, "workspace_geo", "us")
	}
	if v, ok := f["allowed_inference_geos"]; ok {
		if r := resolve(v); r.Kind == yaml.ScalarNode {
			dr.AllowedInferenceGeos = []string{geo(v, "allowed_inference_geos", "unrestricted")}
		} else if items, ok := d.list(v, "allowed_inference_geos"); ok {
			for _, item := range items {
				dr.AllowedInferenceGeos = append(dr.AllowedInferenceGeos, geo(item, "allowed inference geo", "global", "us"))
			}
		}
	}
	if v, ok := f["default_inference_geo"]; ok {
		dr.DefaultInferenceGeo = geo(v, "default_inference_geo", "global", "us")
		allowed := dr.AllowedInferenceGeos
		if len(allowed) > 0 && allowed[0] != "unrestricted" && !slices.Contains(allowed, dr.DefaultInferenceGeo) {
			d.errorf(resolve(v), "default_inference_geo %q must be one of allowed_inference_geos (%s)", dr.DefaultInferenceGeo, strings.Join(allowed, ", "))
		}
	}
	return dr
}

// checkSettings runs the settings checks that need the whole spec.
func (d *decoder) checkSettings(s *Spec) {
	declared := map[string]bool{}
	for _, u := range s.Users {
		declared[EmailKey(u.Email)] = true
	}
	for _, ps := range s.Settings.SpendLimits.People {
		if !declared[EmailKey(ps.Email)] {
			d.errorAt(ps.Pos, "spend limit for %s, who is not declared in users", ps.Email)
		}
	}
	seen := map[string]Position{}
	for _, ps := range s.Settings.SpendLimits.People {
		key := EmailKey(ps.Email) + " " + ps.Period
		if first, dup := seen[key]; dup {
			d.errorAt(ps.Pos, "%s already has a %s spend limit at %s", ps.Email, ps.Period, first)
		}
		seen[key] = ps.Pos
	}
	for _, g := range s.Settings.RBACGroups {
		for _, m := range g.Members {
			if !declared[EmailKey(m)] {
				d.errorAt(g.Pos, "RBAC group %q lists %s, who is not declared in users", g.Name, m)
			}
		}
	}
}
