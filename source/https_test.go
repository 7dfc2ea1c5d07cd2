package source_test

import (
	"bytes"
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/cgi"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsync/orgsync/source"
)

const (
	httpBackend = "/usr/lib/git-core/git-http-backend"
	gitToken    = "ghs_TESTTOKENabcdefghijklmnopqrstuvwxyz0123"
)

// serveRepositories serves the repositories under root through the real
// git http-backend on an https server on 127.0.0.1 that requires basic
// auth with the user x-access-token and gitToken. It returns the server's
// URL and its certificate in PEM.
func serveRepositories(t *testing.T, root string) (string, []byte) {
	t.Helper()
	if _, err := os.Stat(httpBackend); err != nil {
		t.Skipf("git http-backend not installed: %v", err)
	}
	backend := &cgi.Handler{
		Path:   httpBackend,
		Env:    []string{"GIT_PROJECT_ROOT=" + root, "GIT_HTTP_EXPORT_ALL=1"},
		Stderr: io.Discard,
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, password, ok := r.BasicAuth()
		if !ok || user != "x-access-token" || password != gitToken {
			w.Header().Set("WWW-Authenticate", `Basic realm="git"`)
			http.Error(w, "authentication required", http.StatusUnauthorized)
			return
		}
		backend.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	cert := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	return srv.URL, cert
}

func TestFetchHTTPS(t *testing.T) {
	f := newFixture(t)
	root := filepath.Dir(f.repo.dir)
	base, cert := serveRepositories(t, root)
	repoURL := base + "/" + filepath.Base(f.repo.dir) + "/.git"
	hostURL := strings.TrimPrefix(base, "https://")

	tests := []struct {
		name       string
		repository string
		token      string
		ref        string
		wantCommit string
		wantErr    error
	}{
		{name: "right token", repository: repoURL, token: gitToken, ref: "main", wantCommit: f.second},
		{name: "right token, remote HEAD", repository: repoURL, token: gitToken, wantCommit: f.second},
		{name: "right token, annotated tag", repository: repoURL, token: gitToken, ref: "v2", wantCommit: f.second},
		{name: "right token, commit behind every ref", repository: repoURL, token: gitToken, ref: f.first, wantCommit: f.first},
		{name: "token in the URL", repository: "https://x-access-token:" + gitToken + "@" + hostURL + "/" + filepath.Base(f.repo.dir) + "/.git", ref: "feature", wantCommit: f.third},
		{name: "wrong token", repository: repoURL, token: "ghs_WRONGTOKENabcdefghijklmnopqrstuvwxyz0", wantErr: source.ErrAuth},
		{name: "no token", repository: repoURL, wantErr: source.ErrAuth},
		{name: "missing repository", repository: base + "/none.git", token: gitToken, wantErr: source.ErrRepositoryNotFound},
		{name: "missing ref", repository: repoURL, token: gitToken, ref: "nope", wantErr: source.ErrRefNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			res, err := source.Fetch(context.Background(),
				source.Request{Repository: tt.repository, Ref: tt.ref, Path: "org.yaml"},
				source.Options{Auth: source.Auth{Token: tt.token}, CABundle: cert, Logger: logger})

			var out string
			if err != nil {
				out = err.Error()
			}
			if res != nil {
				out += res.Repository + res.Ref
			}
			if strings.Contains(out, gitToken) || strings.Contains(logs.String(), gitToken) {
				t.Errorf("token leaked:\nerror and result: %s\nlogs: %s", out, logs.String())
			}

			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Fetch error = %v, want %v", err, tt.wantErr)
				}
				t.Logf("error: %v", err)
				return
			}
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if res.Commit != tt.wantCommit {
				t.Errorf("Commit = %s, want %s", res.Commit, tt.wantCommit)
			}
			if strings.Contains(res.Repository, "@") {
				t.Errorf("Repository %q keeps its userinfo", res.Repository)
			}
			if err := res.CheckBranch("main"); (err == nil) != (tt.wantCommit == f.second) {
				t.Errorf("CheckBranch(main) = %v for commit %s", err, res.Commit)
			}
		})
	}
}
