package render_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
)

func TestTextSourceHeader(t *testing.T) {
	const commit = "3f1c2b0a9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a"
	tests := []struct {
		name   string
		source plan.Source
		want   string
	}{
		{
			name:   "git repository",
			source: plan.Source{Path: "org.yaml", Repository: "https://example.com/acme/org-config.git", Ref: "main", Commit: commit},
			want:   "Organization \"Acme\" (org-1)\nSpec: org.yaml in https://example.com/acme/org-config.git at main, commit " + commit + "\n",
		},
		{
			name:   "top directory of a repository",
			source: plan.Source{Repository: "/srv/git/org", Ref: "HEAD", Commit: commit},
			want:   "Organization \"Acme\" (org-1)\nSpec: the top directory in /srv/git/org at HEAD, commit " + commit + "\n",
		},
		{
			name:   "file outside a checkout",
			source: plan.Source{Path: "org.yaml"},
			want:   "Organization \"Acme\" (org-1)\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := &plan.Plan{Organization: plan.Organization{ID: "org-1", Name: "Acme"}, Source: tt.source}
			var buf bytes.Buffer
			if err := render.Text(&buf, p, render.Options{}); err != nil {
				t.Fatal(err)
			}
			header, _, _ := strings.Cut(buf.String(), "\n\n")
			if diff := cmp.Diff(tt.want, header+"\n"); diff != "" {
				t.Errorf("header (-want +got):\n%s", diff)
			}
		})
	}
}
