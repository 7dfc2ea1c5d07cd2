package cli

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/orgsync/orgsync/sandbox"
)

func runSandbox(ctx context.Context, args []string, env Env) (ExitCode, error) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		args = []string{"serve", "-h"}
	}
	if len(args) == 0 || args[0] != "serve" {
		return ExitError, usageError{"usage: orgsync sandbox serve --state FILE [--addr 127.0.0.1:8080] [--admin-key KEY]"}
	}
	fs := newFlagSet("sandbox", env)
	statePath := fs.String("state", "", "sandbox state `file` (JSON); every change is saved back to it")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on")
	key := fs.String("admin-key", "", "admin `key` requests must carry (default $"+adminKeyEnv+")")
	logLevel := fs.String("log-level", "info", "log `level` on stderr: debug, info, warn or error")
	var faults faultFlags
	fs.Var(&faults, "fault", "add a fault, as the `JSON` body of POST /_sandbox/faults, e.g. '{\"path\":\"/v1/organizations/invites\",\"status\":529,\"times\":1}'; repeatable")
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return ExitError, err
	}
	if len(rest) > 0 {
		return ExitError, usageError{fmt.Sprintf("sandbox serve takes no arguments, got %q", rest)}
	}
	if *statePath == "" {
		return ExitError, usageError{"sandbox serve needs --state FILE"}
	}
	if *key == "" {
		*key = env.Getenv(adminKeyEnv)
	}
	if *key == "" {
		return ExitError, usageError{"sandbox serve needs --admin-key KEY or " + adminKeyEnv}
	}
	logger, err := newLogger(env.Stderr, *logLevel)
	if err != nil {
		return ExitError, err
	}
	state, err := sandbox.LoadState(*statePath)
	if err != nil {
		return ExitError, err
	}
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		return ExitError, fmt.Errorf("sandbox: listen on %s: %w", *addr, err)
	}
	handler := sandbox.New(state, sandbox.Options{AdminKeys: []string{*key}, StatePath: *statePath, Logger: logger})
	for _, f := range faults {
		handler.AddFault(f)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	logger.Info("sandbox listening", "url", "http://"+listener.Addr().String(), "state", *statePath)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(listener) }()
	select {
	case err := <-done:
		return ExitError, fmt.Errorf("sandbox: %w", err)
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return ExitError, fmt.Errorf("sandbox: shut down: %w", err)
	}
	logger.Info("sandbox stopped")
	return ExitOK, nil
}

// faultFlags collects the --fault flags of sandbox serve.
type faultFlags []sandbox.Fault

func (f *faultFlags) String() string { return fmt.Sprintf("%d faults", len(*f)) }

// Set parses one fault from its JSON form, rejecting unknown fields and
// faults the sandbox would reject.
func (f *faultFlags) Set(value string) error {
	fault, err := sandbox.ParseFault([]byte(value))
	if err != nil {
		return err
	}
	*f = append(*f, fault)
	return nil
}
