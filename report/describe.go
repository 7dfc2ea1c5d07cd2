package report

import "time"

// Notes a line can carry.
const (
	noteNotInSpec      = "not in spec"
	noteNotLive        = "archived or unknown"
	noteNotMember      = "not a member"
	noteCreatorLeft    = "creator left"
	noteCreatorNotSpec = "creator not in spec"
)

// describe returns the line of row's value of dimension d, without its
// measure.
func describe(dir *Directory, d Dimension, row Row) Line {
	switch d {
	case ByWorkspace:
		return describeWorkspace(dir, row.Group.WorkspaceID)
	case ByPerson:
		return describeActor(dir, row.Group.Actor)
	case ByAPIKey:
		return describeKey(dir, row.Group.APIKeyID)
	case ByModel:
		if row.Group.Model == "" {
			return Line{Key: "", Label: "(no model)"}
		}
		return Line{Key: row.Group.Model, Label: row.Group.Model}
	default:
		date := startOfDay(row.Start).Format(time.DateOnly)
		return Line{Key: date, Label: date}
	}
}

func describeWorkspace(dir *Directory, id string) Line {
	if id == "" {
		return Line{Key: "", Label: "(default workspace)"}
	}
	line := Line{Key: id, Label: id}
	ws, ok := dir.workspaces[id]
	if ok {
		line.Label = ws.Name
	}
	if len(dir.workspaces) > 0 && !ok {
		line.Notes = append(line.Notes, noteNotLive)
	}
	if dir.joined && !dir.declaredWorkspaces[id] {
		line.Notes = append(line.Notes, noteNotInSpec)
	}
	return line
}

func describeActor(dir *Directory, a Actor) Line {
	switch a.Type {
	case UserActor:
		line := Line{Key: a.UserID, Label: a.Email, Detail: a.Name}
		u, member := dir.user(a.UserID)
		if member {
			line.Label, line.Detail = u.Email, u.Name
		}
		if a.Deleted || (len(dir.users) > 0 && !member) {
			line.Notes = append(line.Notes, noteNotMember)
		}
		if dir.joined && !dir.emailDeclared(line.Label) {
			line.Notes = append(line.Notes, noteNotInSpec)
		}
		return line
	case APIActor:
		line := describeKey(dir, a.APIKeyID)
		line.Label = "API key " + line.Label
		return line
	case ServiceAccountActor:
		return Line{Key: a.ServiceAccountID, Label: "service account " + a.ServiceAccountID}
	case FederatedActor:
		return Line{Key: "federated:" + a.Subject, Label: "federated " + a.Subject}
	default:
		return Line{Key: "", Label: "(unattributed)"}
	}
}

func describeKey(dir *Directory, id string) Line {
	if id == "" {
		return Line{Key: "", Label: "(no API key)"}
	}
	line := Line{Key: id, Label: id}
	key, ok := dir.keys[id]
	if !ok {
		return line
	}
	line.Label = key.Name
	creator := key.CreatedByUserID
	if creator == "" {
		line.Detail = "created by a service account or the system"
		return line
	}
	u, member := dir.user(creator)
	switch {
	case !member:
		line.Detail = "created by " + creator
		line.Notes = append(line.Notes, noteCreatorLeft)
	case dir.joined && !dir.emailDeclared(u.Email):
		line.Detail = "created by " + u.Email
		line.Notes = append(line.Notes, noteCreatorNotSpec)
	default:
		line.Detail = "created by " + u.Email
	}
	return line
}
