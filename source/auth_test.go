package source_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/orgsync/orgsync/source"
)

// TestFetchSSHSetupErrors checks the ssh setup that happens before any
// connection, so the address is never dialled.
func TestFetchSSHSetupErrors(t *testing.T) {
	dir := t.TempDir()
	knownHosts := filepath.Join(dir, "known_hosts")
	if err := os.WriteFile(knownHosts, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	badKey := filepath.Join(dir, "id_bad")
	if err := os.WriteFile(badKey, []byte("not a key"), 0o600); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name string
		auth source.Auth
		want string
	}{
		{"missing known_hosts", source.Auth{KnownHostsFile: filepath.Join(dir, "none")}, "known_hosts file"},
		{"invalid key file", source.Auth{KnownHostsFile: knownHosts, SSHKeyFile: badKey}, "ssh key " + badKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := source.Request{Repository: "ssh://git@127.0.0.1:1/acme/org.git", Path: "org.yaml"}
			_, err := source.Fetch(context.Background(), req, source.Options{Auth: tt.auth})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Fetch error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}
