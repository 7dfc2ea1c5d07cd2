package source

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/go-git/go-git/v5/plumbing/transport"
	githttp "github.com/go-git/go-git/v5/plumbing/transport/http"
	gitssh "github.com/go-git/go-git/v5/plumbing/transport/ssh"
)

// tokenUser is the user name sent with a token over https. GitHub, GitLab
// and Gitea accept any user name with a token; this one is GitHub's.
const tokenUser = "x-access-token"

// Auth holds the credentials for remote repositories.
type Auth struct {
	// Token is sent over https as the password of HTTP basic auth, with
	// the user name x-access-token, unless the URL itself holds
	// credentials. It is never put in a URL and never sent over plain http.
	Token string
	// SSHKeyFile is the private key for ssh repositories. Empty uses the
	// ssh agent at SSH_AUTH_SOCK.
	SSHKeyFile string
	// KnownHostsFile lists the host keys that ssh repositories must
	// present. Empty means ~/.ssh/known_hosts.
	KnownHostsFile string
}

// secrets returns the credentials to remove from every message about
// repository.
func (a Auth) secrets(repository string) []string {
	user, password := userinfo(repository)
	if strings.EqualFold(schemeRE.FindString(repository), "ssh://") {
		// An ssh user name, such as "git", is no secret.
		user = ""
	}
	return []string{a.Token, password, user}
}

// method returns how to authenticate to repository, which is given with
// its credentials still in it, or nil when no credential applies.
func (a Auth) method(repository string) (transport.AuthMethod, error) {
	scheme := strings.ToLower(schemeRE.FindString(repository))
	switch scheme {
	case "https://":
		return a.basic(repository), nil
	case "http://":
		if user, _ := userinfo(repository); user != "" {
			return nil, fmt.Errorf("repository %s: refusing to send credentials over plain http; use https", Redact(repository))
		}
		return nil, nil
	case "ssh://", "":
		return a.ssh(repository)
	}
	return nil, nil
}

func (a Auth) basic(repository string) transport.AuthMethod {
	user, password := userinfo(repository)
	switch {
	case user != "" || password != "":
		return &githttp.BasicAuth{Username: user, Password: password}
	case a.Token != "":
		return &githttp.BasicAuth{Username: tokenUser, Password: a.Token}
	}
	return nil
}

// ssh returns a key file or ssh agent method that checks the host key
// against the known_hosts file.
func (a Auth) ssh(repository string) (transport.AuthMethod, error) {
	endpoint, err := transport.NewEndpoint(repository)
	if err != nil {
		return nil, fmt.Errorf("repository %s: %w", Redact(repository), err)
	}
	user := endpoint.User
	if user == "" {
		user = "git"
	}

	knownHosts := a.KnownHostsFile
	if knownHosts == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return nil, fmt.Errorf("known_hosts file: %w; pass --git-known-hosts", err)
		}
		knownHosts = filepath.Join(home, ".ssh", "known_hosts")
	}
	if _, err := os.Stat(knownHosts); err != nil {
		return nil, fmt.Errorf("known_hosts file %s: %w; ssh host keys are always checked, so pass --git-known-hosts with the repository host's key", knownHosts, err)
	}
	callback, err := gitssh.NewKnownHostsCallback(knownHosts)
	if err != nil {
		return nil, fmt.Errorf("known_hosts file %s: %w", knownHosts, err)
	}

	if a.SSHKeyFile != "" {
		keys, err := gitssh.NewPublicKeysFromFile(user, a.SSHKeyFile, "")
		if err != nil {
			return nil, fmt.Errorf("ssh key %s: %w", a.SSHKeyFile, err)
		}
		keys.HostKeyCallback = callback
		return keys, nil
	}
	agent, err := gitssh.NewSSHAgentAuth(user)
	if err != nil {
		return nil, fmt.Errorf("ssh agent: %w; start an agent with the key loaded, or pass --git-ssh-key", err)
	}
	agent.HostKeyCallback = callback
	return agent, nil
}
