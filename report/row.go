package report

import "time"

// Kind is the report a command reads: token usage or cost.
type Kind string

const (
	// Usage counts tokens and requests.
	Usage Kind = "usage"
	// Cost is spend in US dollars.
	Cost Kind = "cost"
)

// Row is one row of a usage or cost report as the API returns it: the
// measures of one time bucket and one combination of dimension values.
type Row struct {
	// Start is the start of the row's time bucket, inclusive.
	Start time.Time
	// End is the end of the row's time bucket, exclusive.
	End   time.Time
	Group Group
	Measure
}

// Group holds the dimension values a row is broken out by. A value is ""
// when its dimension was not requested, or when the API reports null for
// it, such as the workspace of a Claude Enterprise organisation's default
// workspace or the API key of usage without one.
type Group struct {
	WorkspaceID string
	APIKeyID    string
	Model       string
	Actor       Actor
}

// Actor is the identity the API attributes usage to: a user, else a
// service account, else a federated identity, else the API key.
type Actor struct {
	// Type is user_actor, service_account_actor, federated_actor,
	// api_actor, or "" when no identity is attributed.
	Type string
	// UserID, Email, Name and Deleted describe a user_actor.
	UserID  string
	Email   string
	Name    string
	Deleted bool
	// APIKeyID is set for an api_actor.
	APIKeyID string
	// ServiceAccountID is set for a service_account_actor.
	ServiceAccountID string
	// Subject is the federated identity of a federated_actor.
	Subject string
}

// Actor types the API reports.
const (
	UserActor           = "user_actor"
	APIActor            = "api_actor"
	ServiceAccountActor = "service_account_actor"
	FederatedActor      = "federated_actor"
)

// Tokens is the token usage of a row.
type Tokens struct {
	UncachedInput int64 `json:"uncached_input"`
	// CacheCreation sums the 5-minute and 1-hour cache writes.
	CacheCreation int64 `json:"cache_creation"`
	CacheRead     int64 `json:"cache_read"`
	Output        int64 `json:"output"`
	Total         int64 `json:"total"`
}

// Measure is what a row or a group of rows adds up to. A usage report
// fills Tokens, and a cost report fills Cost and ListCost. Both count
// Requests.
type Measure struct {
	Tokens Tokens
	// Cost is the amount after discounts and before credits.
	Cost Money
	// ListCost is the amount at list price, before discounts.
	ListCost Money
	Requests int64
}

// Add returns the sum of m and o.
func (m Measure) Add(o Measure) Measure {
	return Measure{
		Tokens: Tokens{
			UncachedInput: m.Tokens.UncachedInput + o.Tokens.UncachedInput,
			CacheCreation: m.Tokens.CacheCreation + o.Tokens.CacheCreation,
			CacheRead:     m.Tokens.CacheRead + o.Tokens.CacheRead,
			Output:        m.Tokens.Output + o.Tokens.Output,
			Total:         m.Tokens.Total + o.Tokens.Total,
		},
		Cost:     m.Cost + o.Cost,
		ListCost: m.ListCost + o.ListCost,
		Requests: m.Requests + o.Requests,
	}
}
