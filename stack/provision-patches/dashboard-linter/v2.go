// Firebreak's build of dashboard-linter puts this file in place of the upstream lint/v2.go.
// Upstream's v2-schema adapter imports github.com/grafana/grafana/apps/dashboard, which the Go
// module proxy does not serve, so the linter cannot be built with it. Firebreak generates classic
// (schema v1) dashboards only; a v2 dashboard is refused here with a clear error.
package lint

import (
	"encoding/json"
	"fmt"
	"strings"
)

func isV2APIVersion(apiVersion string) bool {
	version := apiVersion
	if i := strings.LastIndex(version, "/"); i >= 0 {
		version = version[i+1:]
	}
	return strings.HasPrefix(version, "v2")
}

func newDashboardFromV2(_ json.RawMessage, apiVersion string) (Dashboard, error) {
	return Dashboard{}, fmt.Errorf("v2 dashboards (%s) are not supported by this build of the linter", apiVersion)
}
