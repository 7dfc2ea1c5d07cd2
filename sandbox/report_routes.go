package sandbox

// reportRoutes lists the routes of the usage and cost reports.
func reportRoutes() []route {
	return nil
}
