// Package ghcomment keeps one pull-request comment per key up to date
// through the GitHub REST API. It finds the comment by a hidden HTML
// marker that names the key and edits it, or creates it when there is
// none, so each push updates the same comment instead of adding one.
package ghcomment

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// MaxBody is the largest comment body GitHub accepts, in characters.
const MaxBody = 65536

// Options are the repository, pull request and key of the comment.
type Options struct {
	// APIURL is the REST API base, such as https://api.github.com or
	// $GITHUB_API_URL on GitHub Enterprise Server.
	APIURL string
	// Token authenticates the requests; it needs write access to pull
	// requests (or issues).
	Token string
	// Repository is "owner/name".
	Repository string
	// Number is the pull request (or issue) number.
	Number int
	// Key identifies this comment among others orgsync keeps on the same
	// pull request, such as the spec path.
	Key string
	// HTTPClient sends the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// Result is the outcome of Upsert.
type Result struct {
	// Action is "created" or "updated".
	Action string
	// ID is the comment's id.
	ID int64
}

type comment struct {
	ID   int64  `json:"id"`
	Body string `json:"body"`
}

// Marker returns the hidden HTML comment that identifies the comment of
// key. Credentials in a URL key are left out, and "--" is escaped because
// it would end the HTML comment.
func Marker(key string) string {
	if u, err := url.Parse(key); err == nil && u.User != nil {
		u.User = nil
		key = u.String()
	}
	key = strings.ReplaceAll(key, "--", "-\u200b-")
	return "<!-- orgsync-plan: " + key + " -->"
}

// Upsert writes body, preceded by the marker of opts.Key, into the
// pull request's comment that carries the marker, or creates that comment.
// A body longer than MaxBody is cut with a note.
func Upsert(ctx context.Context, opts Options, body string) (Result, error) {
	c := client{opts: opts, http: opts.HTTPClient}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	marker := Marker(opts.Key)
	full := marker + "\n" + body
	if len(full) > MaxBody {
		const note = "\n\n_The plan was cut to fit GitHub's comment size limit; the job summary has all of it._\n"
		full = strings.ToValidUTF8(full[:MaxBody-len(note)], "") + note
	}

	existing, err := c.find(ctx, marker)
	if err != nil {
		return Result{}, err
	}
	payload := map[string]string{"body": full}
	if existing != nil {
		var updated comment
		path := fmt.Sprintf("/repos/%s/issues/comments/%d", opts.Repository, existing.ID)
		if err := c.do(ctx, http.MethodPatch, path, payload, &updated); err != nil {
			return Result{}, err
		}
		return Result{Action: "updated", ID: updated.ID}, nil
	}
	var created comment
	path := fmt.Sprintf("/repos/%s/issues/%d/comments", opts.Repository, opts.Number)
	if err := c.do(ctx, http.MethodPost, path, payload, &created); err != nil {
		return Result{}, err
	}
	return Result{Action: "created", ID: created.ID}, nil
}

type client struct {
	opts Options
	http *http.Client
}

// find returns the first comment whose body starts with marker, reading
// every page of the pull request's comments, or nil when there is none.
func (c *client) find(ctx context.Context, marker string) (*comment, error) {
	const perPage = 100
	for page := 1; ; page++ {
		var comments []comment
		path := fmt.Sprintf("/repos/%s/issues/%d/comments?per_page=%d&page=%d", c.opts.Repository, c.opts.Number, perPage, page)
		if err := c.do(ctx, http.MethodGet, path, nil, &comments); err != nil {
			return nil, err
		}
		for i := range comments {
			if strings.HasPrefix(comments[i].Body, marker) {
				return &comments[i], nil
			}
		}
		if len(comments) < perPage {
			return nil, nil
		}
	}
}

func (c *client) do(ctx context.Context, method, path string, payload, into any) error {
	var body io.Reader
	if payload != nil {
		data, err := json.Marshal(payload)
		if err != nil {
			return err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(c.opts.APIURL, "/")+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/vnd.github+json")
	req.Header.Set("X-GitHub-Api-Version", "2022-11-28")
	req.Header.Set("Authorization", "Bearer "+c.opts.Token)
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 10<<20))
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, strings.TrimSpace(string(data)))
	}
	if err := json.Unmarshal(data, into); err != nil {
		return errors.Join(fmt.Errorf("%s %s: invalid JSON response", method, path), err)
	}
	return nil
}
