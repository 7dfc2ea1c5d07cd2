// Package cli implements the orgsync command line. Main parses the
// arguments, runs one command and returns its exit code; only package
// main exits.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/orgsync/orgsync/internal/redact"
)

// ExitCode is the process exit status, chosen so that CI can branch on it.
type ExitCode int

const (
	ExitOK ExitCode = 0
	// ExitError: invalid input, a failed read or any other error.
	ExitError ExitCode = 1
	// ExitChanges: plan --detailed-exitcode found changes pending.
	ExitChanges ExitCode = 2
	// ExitBlocked: the plan breaks a safety rule; nothing was applied.
	ExitBlocked ExitCode = 3
	// ExitPartial: apply finished, but some changes failed.
	ExitPartial ExitCode = 4
)

// Env is the process environment a command runs in.
type Env struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv func(string) string
}

// Main runs the command named by args[0] and returns its exit code.
func Main(ctx context.Context, args []string, env Env) ExitCode {
	if env.Getenv == nil {
		env.Getenv = func(string) string { return "" }
	}
	if len(args) == 0 {
		fmt.Fprint(env.Stderr, usage)
		return ExitError
	}
	var code ExitCode
	var err error
	switch args[0] {
	case "validate":
		code, err = runValidate(ctx, args[1:], env)
	case "plan":
		code, err = runPlan(ctx, args[1:], env)
	case "apply":
		code, err = runApply(ctx, args[1:], env)
	case "sandbox":
		code, err = runSandbox(ctx, args[1:], env)
	case "report":
		code, err = runReport(ctx, args[1:], env)
	case "export":
		code, err = runExport(ctx, args[1:], env)
	case "schema":
		code, err = runSchema(ctx, args[1:], env)
	case "completion":
		code, err = runCompletion(args[1:], env)
	case "help", "-h", "-help", "--help":
		return runHelp(args[1:], env)
	case "version", "--version":
		if len(args) > 1 && (args[1] == "-h" || args[1] == "--help") {
			fmt.Fprint(env.Stdout, commandHelp["version"])
			return ExitOK
		}
		fmt.Fprintf(env.Stdout, "orgsync %s\n", version())
		return ExitOK
	default:
		err = usageError{fmt.Sprintf("unknown command %q", args[0])}
	}
	if err == nil {
		return code
	}
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if errors.Is(err, errBlocked) {
		code = ExitBlocked
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(env.Stderr, "orgsync: %s\nRun 'orgsync help' for usage.\n", ue.msg)
		return ExitError
	}
	writeAnnotations(env, err)
	fmt.Fprintf(env.Stderr, "orgsync: %s\n", redact.String(err.Error(), env.Getenv(adminKeyEnv)))
	if code == ExitOK {
		code = ExitError
	}
	return code
}

// errBlocked marks an error that refuses a run for a safety rule, so that
// the command exits with ExitBlocked.
var errBlocked = errors.New("blocked")

// usageError is a mistake in the command line itself.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// parseArgs parses flags that may come before or after the positional
// arguments, as in "orgsync plan org.yaml --prune".
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	// The flag package prints its error and the usage on any failure;
	// orgsync prints the error once itself, and the help only when asked.
	out := fs.Output()
	fs.SetOutput(io.Discard)
	defer fs.SetOutput(out)
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.SetOutput(out)
				fs.Usage()
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(env.Stdout)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), commandHelp[name])
		fmt.Fprintln(fs.Output(), "\nFlags:")
		fs.PrintDefaults()
	}
	return fs
}

// newLogger returns a text logger on stderr at the named level.
func newLogger(w io.Writer, level string) (*slog.Logger, error) {
	return newFormatLogger(w, level, "text")
}

// newFormatLogger returns a logger on w at the named level that writes
// "text" (key=value) or "json" records.
func newFormatLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, usageError{fmt.Sprintf("invalid --log-level %q: use debug, info, warn or error", level)}
	}
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return slog.New(slog.NewTextHandler(w, opts)), nil
}
