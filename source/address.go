package source

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
)

// Request names a spec inside a git repository.
type Request struct {
	// Repository is the repository's URL (https, ssh, scp-like
	// user@host:path, file://) or a local path. It may hold credentials,
	// which are used to authenticate and never recorded or printed.
	Repository string
	// Ref is a branch, a tag or a full commit SHA. Empty reads the
	// repository's HEAD.
	Ref string
	// Path is the file or directory inside the repository, with "/"
	// separators. Empty reads the top directory.
	Path string
}

var (
	// schemeRE matches a URL scheme such as "https://".
	schemeRE = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.\-]*://`)
	// scpLikeRE matches an scp-like ssh address such as
	// "git@example.com:acme/org.git", where no "/" comes before the ":".
	scpLikeRE = regexp.MustCompile(`^(?:[^@/:]+@)?[^@/:\s]+:[^/\\]`)
)

// IsAddress reports whether arg names a git source by itself: a URL with a
// scheme, an scp-like ssh address, or anything with the "//" that
// separates a repository from the path inside it.
func IsAddress(arg string) bool {
	return schemeRE.MatchString(arg) || scpLikeRE.MatchString(arg) || strings.Contains(arg, "//")
}

// ParseAddress splits a git source address of the form
// REPOSITORY[//PATH][?ref=REF] into a Request.
func ParseAddress(addr string) (Request, error) {
	rest, query, hasQuery := strings.Cut(addr, "?")
	var req Request
	if hasQuery {
		values, err := url.ParseQuery(query)
		if err != nil {
			return Request{}, fmt.Errorf("git source %s: invalid query: %w", Redact(addr), err)
		}
		for key := range values {
			if key != "ref" {
				return Request{}, fmt.Errorf("git source %s: unknown parameter %q; only ref is known", Redact(addr), key)
			}
		}
		req.Ref = values.Get("ref")
	}

	prefix := schemeRE.FindString(rest)
	repo, path, _ := strings.Cut(rest[len(prefix):], "//")
	req.Repository = prefix + repo
	req.Path = strings.Trim(path, "/")
	if repo == "" {
		return Request{}, fmt.Errorf("git source %s: missing repository", Redact(addr))
	}
	return req, nil
}

// isRemote reports whether repository is reached over the network rather
// than opened on this machine.
func isRemote(repository string) bool {
	if scheme := schemeRE.FindString(repository); scheme != "" {
		return !strings.EqualFold(scheme, "file://")
	}
	return scpLikeRE.MatchString(repository)
}

// localPath returns the directory of a local repository: a path, or the
// path of a file:// URL.
func localPath(repository string) (string, error) {
	if !strings.HasPrefix(strings.ToLower(repository), "file://") {
		return repository, nil
	}
	u, err := url.Parse(repository)
	if err != nil {
		return "", fmt.Errorf("repository %s: invalid file URL: %w", Redact(repository), err)
	}
	if u.Host != "" && u.Host != "localhost" {
		return "", fmt.Errorf("repository %s: a file URL must name a path on this machine, as in file:///srv/git/org", Redact(repository))
	}
	return u.Path, nil
}

// Redact returns a repository address with its credentials removed, for
// recording and printing: the whole userinfo of an https or other URL,
// because a token may stand in the user name, and the password of an ssh
// URL, whose user name (such as "git") is kept.
func Redact(repository string) string {
	scheme := schemeRE.FindString(repository)
	if scheme == "" {
		return repository
	}
	rest := repository[len(scheme):]
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	at := strings.LastIndex(host, "@")
	if at < 0 {
		return repository
	}
	user, _, hasPassword := strings.Cut(host[:at], ":")
	if strings.EqualFold(scheme, "ssh://") && !hasPassword {
		return repository
	}
	if strings.EqualFold(scheme, "ssh://") {
		return scheme + user + "@" + rest[at+1:]
	}
	return scheme + rest[at+1:]
}

// userinfo returns the user name and password written in a URL, empty
// when there are none.
func userinfo(repository string) (user, password string) {
	if schemeRE.FindString(repository) == "" {
		return "", ""
	}
	u, err := url.Parse(repository)
	if err != nil || u.User == nil {
		return "", ""
	}
	password, _ = u.User.Password()
	return u.User.Username(), password
}
