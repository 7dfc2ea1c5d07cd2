// Command orgsync-pr-comment keeps one pull-request comment per spec up to
// date with orgsync's Markdown plan, and the orgsync GitHub Action runs it.
// It reads GITHUB_API_URL, GITHUB_TOKEN, GITHUB_REPOSITORY and the pull
// request number from GITHUB_EVENT_PATH. When GITHUB_OUTPUT is set, it
// writes the outputs comment-id and comment-action to it.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/orgsync/orgsync/internal/ghcomment"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintf(os.Stderr, "orgsync-pr-comment: %v\n", err)
		os.Exit(1)
	}
}

func run() error {
	key := flag.String("key", "", "the `key` that tells this comment apart, such as the spec path")
	bodyFile := flag.String("body-file", "", "`file` holding the Markdown comment")
	number := flag.Int("number", 0, "pull request `number` (default: from GITHUB_EVENT_PATH)")
	flag.Parse()
	if *key == "" || *bodyFile == "" {
		return errors.New("--key and --body-file are required")
	}
	body, err := os.ReadFile(*bodyFile)
	if err != nil {
		return err
	}
	if strings.TrimSpace(string(body)) == "" {
		fmt.Println("empty plan; no comment written")
		return nil
	}
	if *number == 0 {
		if *number, err = eventNumber(os.Getenv("GITHUB_EVENT_PATH")); err != nil {
			return err
		}
	}
	opts := ghcomment.Options{
		APIURL:     envOr("GITHUB_API_URL", "https://api.github.com"),
		Token:      os.Getenv("GITHUB_TOKEN"),
		Repository: os.Getenv("GITHUB_REPOSITORY"),
		Number:     *number,
		Key:        *key,
	}
	if opts.Token == "" || opts.Repository == "" {
		return errors.New("GITHUB_TOKEN and GITHUB_REPOSITORY must be set")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res, err := ghcomment.Upsert(ctx, opts, string(body))
	if err != nil {
		return fmt.Errorf("pull request #%d comment: %w", opts.Number, err)
	}
	fmt.Printf("comment %d %s on pull request #%d\n", res.ID, res.Action, opts.Number)
	return writeOutputs(map[string]string{"comment-id": fmt.Sprint(res.ID), "comment-action": res.Action})
}

// eventNumber reads the pull request number from the webhook payload.
func eventNumber(path string) (int, error) {
	if path == "" {
		return 0, errors.New("no pull request: GITHUB_EVENT_PATH is unset and --number is not given")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	var event struct {
		Number      int `json:"number"`
		PullRequest struct {
			Number int `json:"number"`
		} `json:"pull_request"`
	}
	if err := json.Unmarshal(data, &event); err != nil {
		return 0, fmt.Errorf("event payload %s: %w", path, err)
	}
	if event.PullRequest.Number != 0 {
		return event.PullRequest.Number, nil
	}
	if event.Number != 0 {
		return event.Number, nil
	}
	return 0, fmt.Errorf("event payload %s names no pull request", path)
}

func writeOutputs(outputs map[string]string) error {
	path := os.Getenv("GITHUB_OUTPUT")
	if path == "" {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	for _, name := range []string{"comment-id", "comment-action"} {
		fmt.Fprintf(f, "%s=%s\n", name, outputs[name])
	}
	return f.Close()
}

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}
