package sandbox_test

import (
	"net/http"
	"testing"

	"github.com/anthropics/anthropic-sdk-go/v2"
	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/sandbox"
)

func TestComplianceSettingsUpdate(t *testing.T) {
	srv, client := startFixture(t, sandbox.Options{})
	got, err := client.Organization.ComplianceSettings.Get(background)
	if err != nil {
		t.Fatalf("ComplianceSettings.Get: %v", err)
	}
	if got.State.Type != "disabled" || got.Type != "compliance_settings" {
		t.Errorf("default settings = %s, want state disabled", got.RawJSON())
	}

	enabled := anthropic.OrganizationComplianceSettingUpdateParams{
		State: anthropic.ComplianceSettingsStateParamUnion{OfEnabled: &anthropic.ComplianceSettingsStateEnabledParam{}},
	}
	for range 2 {
		got, err = client.Organization.ComplianceSettings.Update(background, enabled)
		if err != nil {
			t.Fatalf("ComplianceSettings.Update: %v", err)
		}
		if got.State.Type != "enabled" {
			t.Errorf("state after enabling = %s, want enabled", got.State.Type)
		}
	}
	if st := srv.Snapshot().ComplianceState; st != "enabled" {
		t.Errorf("stored state = %q, want enabled", st)
	}
}

func TestComplianceSettingsBodies(t *testing.T) {
	tests := []struct {
		name      string
		body      string
		want      rawResult
		wantState string
	}{
		{"object form", `{"state":{"type":"enabled"}}`, rawResult{Status: 200}, "enabled"},
		{"string form", `{"state":"enabled"}`, rawResult{Status: 200}, "enabled"},
		{"current value", `{"state":"disabled"}`, rawResult{Status: 200}, "disabled"},
		{"unknown value", `{"state":"paused"}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
		{"unknown object value", `{"state":{"type":"paused"}}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
		{"object without type", `{"state":{}}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
		{"object with another field", `{"state":{"type":"enabled","since":"now"}}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
		{"boolean", `{"state":true}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
		{"state missing", `{}`, rawResult{400, "invalid_request_error", ""}, "disabled"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, hs := startServer(t, fixture(t), sandbox.Options{})
			res := doRaw(t, hs, http.MethodPost, "/v1/organizations/compliance_settings", tt.body, authHeader)
			if diff := cmp.Diff(tt.want, res.summary()); diff != "" {
				t.Errorf("response (-want +got):\n%s\nbody: %s", diff, res.Body)
			}
			client := newClient(hs, testKey)
			got, err := client.Organization.ComplianceSettings.Get(background)
			if err != nil {
				t.Fatalf("ComplianceSettings.Get: %v", err)
			}
			if got.State.Type != tt.wantState {
				t.Errorf("state = %s, want %s", got.State.Type, tt.wantState)
			}
		})
	}
}
