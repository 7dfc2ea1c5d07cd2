package sandbox

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"time"
)

// reportModel is a model the sandbox reports usage of, with its list
// prices in cents per million tokens.
type reportModel struct {
	name                                       string
	input, output, cacheRead, cache5m, cache1h int64
}

// reportModels are the models of generated usage. The prices follow the
// published per-million-token list prices of these models (input, output,
// cache read at 0.1x input, 5-minute cache write at 1.25x, 1-hour at 2x).
var reportModels = []reportModel{
	{name: "claude-opus-4-5", input: 500, output: 2500, cacheRead: 50, cache5m: 625, cache1h: 1000},
	{name: "claude-sonnet-4-5", input: 300, output: 1500, cacheRead: 30, cache5m: 375, cache1h: 600},
	{name: "claude-haiku-4-5", input: 100, output: 500, cacheRead: 10, cache5m: 125, cache1h: 200},
}

// departedCreatorID is the creator of the generated API keys whose
// creator is no longer a member: no user of a state has this ID.
const departedCreatorID = "user_former_01"

// reportKey is an API key that usage is generated for.
type reportKey struct {
	ID          string
	Name        string
	WorkspaceID string
	// CreatedByUserID is "" for a key without a user creator.
	CreatedByUserID string
	CreatedAt       time.Time
}

// usageSource is one identity whose usage the sandbox generates, in one
// workspace, through one API key or none.
type usageSource struct {
	seed        string
	workspaceID string
	apiKeyID    string
	actor       any
	product     string
	// weight scales the source's traffic.
	weight int64
	// from and until bound when the source has usage; a zero until means
	// no end.
	from, until time.Time
}

// usageRecord is the usage of one source and model in one hour, dated at
// a minute within the hour.
type usageRecord struct {
	at                                                      time.Time
	source                                                  *usageSource
	model                                                   *reportModel
	uncached, output, cacheRead, cache5m, cache1h, requests int64
}

// reportKeys returns the API keys of generated usage: the state's active
// keys, or, when the state has no keys at all, keys derived from the
// workspaces. Then each workspace that is not the default gets a
// "-service" key created by its first developer or admin member (or by no
// user when it has none), and the first two also get a "-legacy" key
// created by departedCreatorID. The API key list does not show derived
// keys, so reports can only give their IDs.
func (st *State) reportKeys() []reportKey {
	if len(st.APIKeys) > 0 {
		var keys []reportKey
		for _, k := range st.APIKeys {
			if k.Status != "active" {
				continue
			}
			key := reportKey{ID: k.ID, Name: k.Name, WorkspaceID: k.WorkspaceID, CreatedAt: k.CreatedAt}
			if k.CreatedBy != nil && k.CreatedBy.Type == "user" {
				key.CreatedByUserID = k.CreatedBy.ID
			}
			keys = append(keys, key)
		}
		return keys
	}
	var keys []reportKey
	n := 0
	for _, ws := range st.Workspaces {
		if ws.Default {
			continue
		}
		suffix := ws.ID[len("wrkspc_"):]
		keys = append(keys, reportKey{
			ID:              "apikey_rpt" + suffix + "s",
			Name:            ws.Name + "-service",
			WorkspaceID:     ws.ID,
			CreatedByUserID: firstBuilder(ws),
			CreatedAt:       ws.CreatedAt,
		})
		if n < 2 {
			keys = append(keys, reportKey{
				ID:              "apikey_rpt" + suffix + "l",
				Name:            ws.Name + "-legacy",
				WorkspaceID:     ws.ID,
				CreatedByUserID: departedCreatorID,
				CreatedAt:       ws.CreatedAt,
			})
		}
		n++
	}
	return keys
}

// firstBuilder returns the first explicit member of ws who may create
// keys (workspace_developer or workspace_admin), or "".
func firstBuilder(ws Workspace) string {
	for _, m := range ws.Members {
		if m.WorkspaceRole == "workspace_developer" || m.WorkspaceRole == "workspace_admin" {
			return m.UserID
		}
	}
	return ""
}

// usageSources returns the sources of generated usage: every generated
// API key, attributed to the key (api_actor), and every user who is not a
// billing user, attributed to the user (user_actor) with product
// claude_code and no API key, in the first workspace that lists the user
// as a member, else the default workspace.
func (st *State) usageSources() []usageSource {
	archived := map[string]time.Time{}
	defaultID := ""
	for _, ws := range st.Workspaces {
		if ws.ArchivedAt != nil {
			archived[ws.ID] = *ws.ArchivedAt
		}
		if ws.Default {
			defaultID = ws.ID
		}
	}
	var sources []usageSource
	for i, k := range st.reportKeys() {
		sources = append(sources, usageSource{
			seed:        k.ID,
			workspaceID: k.WorkspaceID,
			apiKeyID:    k.ID,
			actor:       map[string]any{"type": "api_actor", "api_key_id": k.ID},
			product:     "messages_api",
			weight:      int64(6 - 2*(i%3)),
			from:        k.CreatedAt,
			until:       archived[k.WorkspaceID],
		})
	}
	for _, u := range st.Users {
		if u.Role == "billing" {
			continue
		}
		ws := defaultID
		for _, w := range st.Workspaces {
			if w.ArchivedAt == nil && hasMember(w, u.ID) {
				ws = w.ID
				break
			}
		}
		sources = append(sources, usageSource{
			seed:        u.ID,
			workspaceID: ws,
			actor: map[string]any{"type": "user_actor", "user_id": u.ID, "email_address": u.Email,
				"name": u.Name, "deleted": false},
			product: "claude_code",
			weight:  1 + int64(hashOf(u.ID)%3),
			from:    u.AddedAt,
		})
	}
	return sources
}

func hasMember(ws Workspace, userID string) bool {
	for _, m := range ws.Members {
		if m.UserID == userID {
			return true
		}
	}
	return false
}

// usageRecords returns the usage of every source in the hours that
// overlap [from, to), dated before now. The same state and hour always
// give the same records: each is derived from a hash of the organisation
// ID, the source, the model and the hour.
func (st *State) usageRecords(from, to, now time.Time) []usageRecord {
	sources := st.usageSources()
	var out []usageRecord
	for hour := from.Truncate(time.Hour); hour.Before(to); hour = hour.Add(time.Hour) {
		busy := hour.Weekday() != time.Saturday && hour.Weekday() != time.Sunday && hour.Hour() >= 8 && hour.Hour() < 18
		for i := range sources {
			src := &sources[i]
			if hour.Before(src.from) || (!src.until.IsZero() && !hour.Before(src.until)) {
				continue
			}
			preferred := hashOf(st.Organization.ID, src.seed) % uint64(len(reportModels))
			for m := range reportModels {
				v := hashOf(st.Organization.ID, src.seed, reportModels[m].name, hour.Unix())
				chance := uint64(4)
				if busy {
					chance = 30
				}
				if uint64(m) != preferred {
					chance /= 3
				}
				if v%100 >= chance {
					continue
				}
				at := hour.Add(time.Duration((v>>48)%60) * time.Minute)
				if at.Before(from) || !at.Before(to) || !at.Before(now) {
					continue
				}
				requests := src.weight * int64(1+(v>>8)%12)
				out = append(out, usageRecord{
					at:        at,
					source:    src,
					model:     &reportModels[m],
					requests:  requests,
					uncached:  requests * int64(200+(v>>12)%900),
					output:    requests * int64(50+(v>>20)%500),
					cacheRead: requests * int64((v>>28)%1500),
					cache5m:   requests * int64((v>>36)%200),
					cache1h:   requests * int64((v>>44)%16),
				})
			}
		}
	}
	return out
}

// total returns the record's total tokens.
func (r usageRecord) total() int64 {
	return r.uncached + r.output + r.cacheRead + r.cache5m + r.cache1h
}

// costs returns the record's cost in millionths of a cent by token type.
// A price in cents per million tokens times a token count is exactly
// that unit.
func (r usageRecord) costs() []tokenCost {
	m := r.model
	return []tokenCost{
		{"uncached_input_tokens", r.uncached * m.input},
		{"output_tokens", r.output * m.output},
		{"cache_read_input_tokens", r.cacheRead * m.cacheRead},
		{"cache_creation.ephemeral_5m_input_tokens", r.cache5m * m.cache5m},
		{"cache_creation.ephemeral_1h_input_tokens", r.cache1h * m.cache1h},
	}
}

// tokenCost is the cost of one token type in millionths of a cent.
type tokenCost struct {
	tokenType string
	micro     int64
}

// hashOf returns the FNV-1a hash of the parts, mixed with the SplitMix64
// finalizer so that every bit range is usable on its own.
func hashOf(parts ...any) uint64 {
	h := fnv.New64a()
	for _, p := range parts {
		switch v := p.(type) {
		case int64:
			var b [8]byte
			binary.BigEndian.PutUint64(b[:], uint64(v))
			h.Write(b[:])
		default:
			fmt.Fprint(h, v)
		}
		h.Write([]byte{0})
	}
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}
