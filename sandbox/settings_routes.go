package sandbox

// settingsRoutes lists the routes of organisation settings: rate limits,
// spend limits, compliance settings, API keys and RBAC groups.
func settingsRoutes() []route {
	return nil
}
