package sandbox

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
)

// complianceStates are the values of State.ComplianceState. An empty
// value means disabled.
var complianceStates = map[string]bool{"enabled": true, "disabled": true}

type complianceSettingsJSON struct {
	State complianceStateJSON `json:"state"`
	Type  string              `json:"type"`
}

type complianceStateJSON struct {
	Type string `json:"type"`
}

// complianceState returns whether the Compliance API is enabled or
// disabled.
func (s *State) complianceState() string {
	if s.ComplianceState == "" {
		return "disabled"
	}
	return s.ComplianceState
}

func (s *Server) complianceSettingsJSON() complianceSettingsJSON {
	return complianceSettingsJSON{State: complianceStateJSON{Type: s.st.complianceState()}, Type: "compliance_settings"}
}

func (s *Server) getComplianceSettings(c *call) (int, any, error) {
	return http.StatusOK, s.complianceSettingsJSON(), nil
}

// updateComplianceSettings sets the state from {"state":{"type":"enabled"}}
// or the shorthand {"state":"enabled"}. Setting the current value succeeds
// and changes nothing.
func (s *Server) updateComplianceSettings(c *call) (int, any, error) {
	var body struct {
		State json.RawMessage `json:"state"`
	}
	if err := decodeBody(c, &body, false); err != nil {
		return 0, nil, err
	}
	if body.State == nil {
		return 0, nil, invalidRequest("state is required: send {\"type\": \"enabled\"} or {\"type\": \"disabled\"}")
	}
	state, err := parseComplianceState(body.State)
	if err != nil {
		return 0, nil, err
	}
	s.st.ComplianceState = state
	return http.StatusOK, s.complianceSettingsJSON(), nil
}

// parseComplianceState reads the object form or the string shorthand of a
// compliance state. The object form takes no field but type.
func parseComplianceState(raw json.RawMessage) (string, error) {
	var state string
	if err := json.Unmarshal(raw, &state); err != nil {
		var object struct {
			Type *string `json:"type"`
		}
		if err := decodeStrict(raw, &object); err != nil || object.Type == nil {
			return "", invalidRequest("state %s is invalid: send {\"type\": \"enabled\"}, {\"type\": \"disabled\"} or the bare string", raw)
		}
		state = *object.Type
	}
	if !complianceStates[state] {
		return "", invalidRequest("state %q is invalid: use enabled or disabled", state)
	}
	return state, nil
}

func (s *State) validateCompliance() []error {
	if s.ComplianceState != "" && !complianceStates[s.ComplianceState] {
		return []error{fmt.Errorf("compliance_state %q is invalid: use enabled or disabled", s.ComplianceState)}
	}
	return nil
}

// decodeStrict decodes one JSON value into v, rejecting unknown fields.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
