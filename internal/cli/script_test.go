package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/orgsync/orgsync/internal/cli"
	"github.com/orgsync/orgsync/sandbox"
)

// testKey is the admin key of the test sandboxes. Scripts check that it
// never appears in any output.
const testKey = "sk-ant-admin01-TESTSECRET"

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"orgsync": func() {
			code := cli.Main(context.Background(), os.Args[1:], cli.Env{
				Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
			})
			os.Exit(int(code))
		},
	})
}

// TestScripts runs the command-line scripts in testdata/script. Each
// script gets a copy of examples/acme and may start a sandbox with the
// "sandbox" command.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			env.Defer(func() { stopSandbox(env.WorkDir) })
			for _, name := range []string{"acme", "enterprise"} {
				if err := copyDir(filepath.Join("..", "..", "examples", name), filepath.Join(env.WorkDir, name)); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"sandbox": cmdSandbox,
			"replace": cmdReplace,
			"gitrepo": cmdGitRepo,
		},
	})
}

var (
	sandboxesMu sync.Mutex
	sandboxes   = map[string]*runningSandbox{}
)

type runningSandbox struct {
	server *sandbox.Server
	http   *httptest.Server
}

func stopSandbox(workDir string) {
	sandboxesMu.Lock()
	defer sandboxesMu.Unlock()
	if s, ok := sandboxes[workDir]; ok {
		s.http.Close()
		delete(sandboxes, workDir)
	}
}

// cmdSandbox drives a sandbox that the script's orgsync commands reach
// through ORGSYNC_API_URL:
//
//	sandbox start STATE [max-page-items=N] [rate-limit=N]
//	sandbox fault METHOD PATH QUERY_HAS STATUS [TIMES [SKIP]]
//	                      (use - for an empty PATH or QUERY_HAS; TIMES 0 fails
//	                      every match; SKIP matching requests pass first)
//	sandbox accept EMAIL
//	sandbox advance DURATION
//	sandbox writes N      (asserts the number of non-GET requests served so far)
//	sandbox requests N [PATH]    (asserts the number of requests of any method served so far)
//	sandbox dump FILE     (writes the current state as JSON)
func cmdSandbox(ts *testscript.TestScript, neg bool, args []string) {
	if neg {
		ts.Fatalf("sandbox does not support negation")
	}
	if len(args) == 0 {
		ts.Fatalf("usage: sandbox start|fault|accept|advance|writes|requests|dump ...")
	}
	workDir := ts.Getenv("WORK")
	if args[0] == "start" {
		startSandbox(ts, workDir, args[1:])
		return
	}
	sandboxesMu.Lock()
	s, ok := sandboxes[workDir]
	sandboxesMu.Unlock()
	if !ok {
		ts.Fatalf("sandbox %s: no sandbox started", args[0])
	}
	switch args[0] {
	case "fault":
		if len(args) < 5 {
			ts.Fatalf("usage: sandbox fault METHOD PATH QUERY_HAS STATUS [TIMES [SKIP]]")
		}
		f := sandbox.Fault{Method: args[1], Path: dash(args[2]), QueryHas: dash(args[3]), Status: atoi(ts, args[4]), RetryAfter: "0"}
		if len(args) > 5 {
			f.Times = atoi(ts, args[5])
		}
		if len(args) > 6 {
			f.Skip = atoi(ts, args[6])
		}
		s.server.AddFault(f)
	case "accept":
		ts.Check(s.server.AcceptInvite(args[1]))
	case "advance":
		d, err := time.ParseDuration(args[1])
		ts.Check(err)
		s.server.AdvanceClock(d)
	case "writes":
		writes := 0
		for _, r := range s.server.Requests() {
			if r.Method != "GET" {
				writes++
			}
		}
		if want := atoi(ts, args[1]); writes != want {
			ts.Fatalf("sandbox served %d write requests, want %d", writes, want)
		}
	case "requests":
		if len(args) != 2 && len(args) != 3 {
			ts.Fatalf("usage: sandbox requests N [PATH]")
		}
		got := 0
		for _, r := range s.server.Requests() {
			if len(args) == 2 || r.Path == args[2] {
				got++
			}
		}
		if want := atoi(ts, args[1]); got != want {
			ts.Fatalf("sandbox served %d requests, want %d", got, want)
		}
	case "dump":
		data, err := json.MarshalIndent(s.server.Snapshot(), "", "  ")
		ts.Check(err)
		ts.Check(os.WriteFile(ts.MkAbs(args[1]), data, 0o644))
	default:
		ts.Fatalf("unknown sandbox command %q", args[0])
	}
}

func startSandbox(ts *testscript.TestScript, workDir string, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: sandbox start STATE [max-page-items=N] [rate-limit=N]")
	}
	state, err := sandbox.LoadState(ts.MkAbs(args[0]))
	ts.Check(err)
	opts := sandbox.Options{AdminKeys: []string{testKey}}
	for _, arg := range args[1:] {
		name, value, _ := strings.Cut(arg, "=")
		switch name {
		case "max-page-items":
			opts.MaxPageItems = atoi(ts, value)
		case "rate-limit":
			opts.RateLimit = atoi(ts, value)
		default:
			ts.Fatalf("unknown sandbox option %q", arg)
		}
	}
	server := sandbox.New(state, opts)
	stopSandbox(workDir)
	running := &runningSandbox{server: server, http: httptest.NewServer(server)}
	sandboxesMu.Lock()
	sandboxes[workDir] = running
	sandboxesMu.Unlock()
	ts.Setenv("ORGSYNC_API_URL", running.http.URL)
	ts.Setenv("ANTHROPIC_ADMIN_KEY", testKey)
}

func dash(s string) string {
	if s == "-" {
		return ""
	}
	return s
}

func atoi(ts *testscript.TestScript, s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		ts.Fatalf("invalid number %q", s)
	}
	return n
}

func copyDir(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return fmt.Errorf("copy examples: %w", err)
	}
	if err := os.MkdirAll(to, 0o755); err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// cmdReplace edits a file in place, as a person editing a saved plan would:
//
//	replace OLD NEW FILE
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: replace OLD NEW FILE")
	}
	path := ts.MkAbs(args[2])
	data, err := os.ReadFile(path)
	ts.Check(err)
	edited := strings.Replace(string(data), args[0], args[1], 1)
	if edited == string(data) {
		ts.Fatalf("replace: %q not found in %s", args[0], args[2])
	}
	ts.Check(os.WriteFile(path, []byte(edited), 0o644))
}
