package sandbox

// reportRoutes lists the routes of the usage and cost reports.
func reportRoutes() []route {
	return []route{
		{method: "GET", pattern: "/v1/organizations/analytics/usage", handle: (*Server).usageReport},
		{method: "GET", pattern: "/v1/organizations/analytics/cost", handle: (*Server).costReport},
	}
}
