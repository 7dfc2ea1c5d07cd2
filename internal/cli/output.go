package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strings"

	"golang.org/x/term"

	"github.com/orgsync/orgsync/apply"
	journalpkg "github.com/orgsync/orgsync/journal"
	"github.com/orgsync/orgsync/plan"
	"github.com/orgsync/orgsync/render"
	"github.com/orgsync/orgsync/spec"
)

// Output formats of --format.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatJSON     = "json"
)

// Environment variables the output reads.
const (
	noColorEnv       = "NO_COLOR"
	stepSummaryEnv   = "GITHUB_STEP_SUMMARY"
	githubActionsEnv = "GITHUB_ACTIONS"
)

// secretEnvs name the environment variables whose values are removed from
// every error the views and the audit log show.
var secretEnvs = []string{adminKeyEnv, "ORGSYNC_GIT_TOKEN", "GITHUB_TOKEN"}

// overrideFlags are the flags that lift a safety rule; the audit log
// records those that were set.
var overrideFlags = []string{"force", "max-removals", "allow-admin-changes", "yes"}

// outputFlags select how plans and reports are written, and where the
// audit log goes.
type outputFlags struct {
	format     string
	maskEmails bool
	auditLog   string
	logFormat  string

	// flags is the command's flag set. Its name is "plan" or "apply",
	// and it lists the flags that were set.
	flags *flag.FlagSet
	// reportWritten is set once the apply report is written, so a plan
	// written after it is the check after apply.
	reportWritten bool
	// run collects an apply run for the JSON view, which writes it as one
	// object when the run ends.
	run render.ApplyRun
}

func (f *outputFlags) register(fs *flag.FlagSet) {
	f.flags = fs
	f.format = formatText
	f.logFormat = formatText
	fs.Func("format", "output `format` of the plan and the apply report: text, markdown or json (default text)",
		oneOf(&f.format, "--format", formatText, formatMarkdown, formatJSON))
	fs.BoolVar(&f.maskEmails, "mask-emails", false, "show addresses as a***@example.com in the plan and the report")
	fs.StringVar(&f.auditLog, "audit-log", "", "append JSON Lines records of the run to this `file`; plan records a dry run")
	fs.Func("log-format", "`format` of the logs on stderr: text or json (default text)",
		oneOf(&f.logFormat, "--log-format", formatText, formatJSON))
}

// oneOf returns a flag setter that accepts only the given values.
func oneOf(target *string, name string, values ...string) func(string) error {
	return func(s string) error {
		for _, v := range values {
			if s == v {
				*target = s
				return nil
			}
		}
		return fmt.Errorf("invalid %s %q: use %s", name, s, strings.Join(values, ", "))
	}
}

// command returns "plan" or "apply".
func (f *outputFlags) command() string {
	if f.flags == nil {
		return ""
	}
	return f.flags.Name()
}

// newLogger returns the logger on w at the level given, in the format of
// --log-format.
func (f *outputFlags) newLogger(w io.Writer, level string) (*slog.Logger, error) {
	return newFormatLogger(w, level, f.logFormat)
}

// renderOptions returns the view options: colour only for text on a
// terminal without NO_COLOR, masking as asked, and the secrets to redact.
func (f *outputFlags) renderOptions(env Env) render.Options {
	return render.Options{
		Color:      f.format == formatText && isTerminalWriter(env.Stdout) && env.Getenv(noColorEnv) == "",
		MaskEmails: f.maskEmails,
		Secrets:    secrets(env),
	}
}

func secrets(env Env) []string {
	var values []string
	for _, name := range secretEnvs {
		if v := env.Getenv(name); v != "" {
			values = append(values, v)
		}
	}
	return values
}

// writePlan writes a plan to stdout in the chosen format and appends it to
// the GitHub job summary. A plan written after the apply report is the
// check after apply. For apply in JSON, the plan is kept for the one
// object written when the run ends. For plan with --audit-log, it also
// records a dry run.
func (f *outputFlags) writePlan(env Env, p *plan.Plan) error {
	check := f.reportWritten
	opts := f.renderOptions(env)
	if err := f.appendStepSummary(env, func(w io.Writer) error {
		if check {
			return render.MarkdownCheck(w, p, opts)
		}
		return render.Markdown(w, p, opts)
	}); err != nil {
		return err
	}

	var err error
	switch {
	case f.format == formatJSON && f.command() == "apply":
		err = f.collectPlan(env, p, check)
	case f.format == formatJSON:
		err = render.JSON(env.Stdout, p, opts)
	case f.format == formatMarkdown && check:
		err = render.MarkdownCheck(env.Stdout, p, opts)
	case f.format == formatMarkdown:
		err = render.Markdown(env.Stdout, p, opts)
	default:
		err = render.Text(env.Stdout, p, opts)
	}
	if err != nil {
		return fmt.Errorf("write plan: %w", err)
	}
	if f.command() == "plan" && f.auditLog != "" {
		return f.journalDryRun(env, p)
	}
	return nil
}

// collectPlan keeps the plan or the check after apply for the JSON view.
// A plan that apply will not send, because it is blocked or has nothing
// to send, ends the run, so the object is written at once.
func (f *outputFlags) collectPlan(env Env, p *plan.Plan, check bool) error {
	if check {
		f.run.Check = p
		return nil
	}
	f.run.Plan = p
	if len(p.Blocked) > 0 || !hasSendable(p) {
		return f.writeApplyJSON(env)
	}
	return nil
}

func hasSendable(p *plan.Plan) bool {
	for _, c := range p.Changes {
		if c.Sent() {
			return true
		}
	}
	return false
}

// writeApplyJSON writes the apply run collected so far as one JSON object.
func (f *outputFlags) writeApplyJSON(env Env) error {
	if f.run.Plan == nil {
		return nil
	}
	if err := render.JSONApply(env.Stdout, f.run, f.renderOptions(env)); err != nil {
		return fmt.Errorf("write apply result: %w", err)
	}
	f.run = render.ApplyRun{}
	return nil
}

// writeReport writes an apply report to stdout in the chosen format and
// appends it to the GitHub job summary.
func (f *outputFlags) writeReport(env Env, r *apply.Report) error {
	f.reportWritten = true
	opts := f.renderOptions(env)
	if err := f.appendStepSummary(env, func(w io.Writer) error { return render.MarkdownReport(w, r, opts) }); err != nil {
		return err
	}
	var err error
	switch f.format {
	case formatJSON:
		f.run.Report = r
	case formatMarkdown:
		err = render.MarkdownReport(env.Stdout, r, opts)
	default:
		err = render.Report(env.Stdout, r, opts)
	}
	if err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// appendStepSummary appends Markdown to the file named by
// GITHUB_STEP_SUMMARY, which GitHub Actions shows on the job's page. It
// does nothing when the variable is unset.
func (f *outputFlags) appendStepSummary(env Env, write func(io.Writer) error) error {
	path := env.Getenv(stepSummaryEnv)
	if path == "" {
		return nil
	}
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return fmt.Errorf("job summary: %w", err)
	}
	err = write(file)
	if closeErr := file.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		return fmt.Errorf("job summary %s: %w", path, err)
	}
	return nil
}

// journal records an apply run. The zero journal records nothing.
type journal interface {
	apply.Recorder
	// Close records the end of the run.
	Close(report *apply.Report, code ExitCode) error
}

// runRecorder follows an apply run: it appends each result to the audit
// log, shows progress on a terminal, and at the end writes the JSON
// object of the run.
type runRecorder struct {
	out      *outputFlags
	env      Env
	journal  *journalpkg.Journal
	progress io.Writer
	total    int
	done     int
}

func (r *runRecorder) Record(res apply.Result) error {
	if r.journal != nil {
		if err := r.journal.Record(res); err != nil {
			return err
		}
	}
	r.done++
	if r.progress != nil {
		fmt.Fprintf(r.progress, "\rapplying %d/%d", r.done, r.total)
	}
	return nil
}

func (r *runRecorder) Close(_ *apply.Report, code ExitCode) error {
	if r.progress != nil && r.done > 0 {
		fmt.Fprintln(r.progress)
	}
	var errs []error
	if r.journal != nil {
		errs = append(errs, r.journal.Close(int(code)))
	}
	if r.out.format == formatJSON {
		errs = append(errs, r.out.writeApplyJSON(r.env))
	}
	return errors.Join(errs...)
}

// openJournal starts the journal of an apply run of p.
func (f *outputFlags) openJournal(env Env, p *plan.Plan) (journal, error) {
	r := &runRecorder{out: f, env: env, total: len(p.Changes)}
	if isTerminalWriter(env.Stderr) {
		r.progress = env.Stderr
	}
	if f.auditLog != "" {
		j, err := journalpkg.Open(f.auditLog, p, f.journalOptions(env, false))
		if err != nil {
			return nil, err
		}
		r.journal = j
	}
	return r, nil
}

// journalDryRun records a plan as a dry run: apply walks it with execution
// switched off, so every change the API would be sent is recorded as
// dry_run. The exit code is the one plan returns.
func (f *outputFlags) journalDryRun(env Env, p *plan.Plan) error {
	j, err := journalpkg.Open(f.auditLog, p, f.journalOptions(env, true))
	if err != nil {
		return err
	}
	// A dry run calls no API and does not block, so it needs neither a
	// client nor the command's deadline.
	_, runErr := apply.Run(context.Background(), nil, p, apply.Options{DryRun: true, Recorder: j})
	if errors.Is(runErr, apply.ErrBlocked) {
		runErr = nil
	}
	return errors.Join(runErr, j.Close(int(f.planExitCode(p))))
}

// planExitCode returns the exit code plan ends with for p, as runPlan
// chooses it.
func (f *outputFlags) planExitCode(p *plan.Plan) ExitCode {
	detailed := false
	if fl := f.flags.Lookup("detailed-exitcode"); fl != nil {
		detailed = fl.Value.String() == "true"
	}
	switch {
	case len(p.Blocked) > 0:
		return ExitBlocked
	case detailed && p.Pending():
		return ExitChanges
	}
	return ExitOK
}

func (f *outputFlags) journalOptions(env Env, dryRun bool) journalpkg.Options {
	var overrides []string
	f.flags.Visit(func(fl *flag.Flag) {
		for _, name := range overrideFlags {
			if fl.Name == name {
				overrides = append(overrides, "--"+fl.Name+"="+fl.Value.String())
			}
		}
	})
	return journalpkg.Options{
		DryRun:    dryRun,
		Version:   version(),
		Overrides: overrides,
		Actor:     actor(env),
		Secrets:   secrets(env),
	}
}

// actor returns who runs orgsync: the GitHub Actions context when set,
// else the local user name.
func actor(env Env) journalpkg.Actor {
	a := journalpkg.Actor{
		GitHubActor:      env.Getenv("GITHUB_ACTOR"),
		GitHubRepository: env.Getenv("GITHUB_REPOSITORY"),
		GitHubWorkflow:   env.Getenv("GITHUB_WORKFLOW"),
		GitHubRunID:      env.Getenv("GITHUB_RUN_ID"),
	}
	if a != (journalpkg.Actor{}) {
		return a
	}
	if u, err := user.Current(); err == nil {
		a.LocalUser = u.Username
	} else {
		a.LocalUser = env.Getenv("USER")
	}
	return a
}

// writeAnnotations prints each spec error in err as a GitHub Actions
// error annotation on stdout, so the pull request shows it on the line.
// It does nothing outside GitHub Actions or for other errors.
func writeAnnotations(env Env, err error) {
	var errs spec.Errors
	if env.Getenv(githubActionsEnv) != "true" || !errors.As(err, &errs) {
		return
	}
	for _, e := range errs {
		props := "file=" + escapeProperty(e.Pos.File)
		if e.Pos.Line > 0 {
			props += fmt.Sprintf(",line=%d", e.Pos.Line)
		}
		if e.Pos.Column > 0 {
			props += fmt.Sprintf(",col=%d", e.Pos.Column)
		}
		fmt.Fprintf(env.Stdout, "::error %s::%s\n", props, escapeData(e.Msg))
	}
}

// escapeData escapes an annotation message as the GitHub Actions runner
// expects: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes an annotation property, which also must not
// contain ":" or ",".
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// printf writes a line of text for people to stdout, such as "Nothing to
// apply.". Apply in JSON drops it, because stdout must hold only the JSON
// object, which carries the same facts.
func (f *outputFlags) printf(env Env, format string, args ...any) {
	if f.format == formatJSON && f.command() == "apply" {
		return
	}
	fmt.Fprintf(env.Stdout, format, args...)
}

// recordCheck keeps the plan read after an apply for the JSON view when
// the check prints no plan, because the organization matches.
func (f *outputFlags) recordCheck(p *plan.Plan) {
	if f.format == formatJSON {
		f.run.Check = p
	}
}
