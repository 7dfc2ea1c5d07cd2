package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/report"
	"github.com/orgsync/orgsync/spec"
)

// reportFlags are the flags of "orgsync report usage|cost".
type reportFlags struct {
	targetFlags
	since      string
	from       string
	to         string
	groupBy    string
	format     string
	htmlFile   string
	specFile   string
	maskEmails bool
}

func (f *reportFlags) register(fs *flag.FlagSet) {
	f.targetFlags.register(fs)
	f.format = formatText
	fs.StringVar(&f.since, "since", "30d", "report the last `N` days (30d) or weeks (4w), today included, on the API's clock")
	fs.StringVar(&f.from, "from", "", "first `date` of the period, YYYY-MM-DD in UTC; needs --to")
	fs.StringVar(&f.to, "to", "", "last `date` of the period, YYYY-MM-DD in UTC, included; needs --from")
	fs.StringVar(&f.groupBy, "group-by", string(report.ByWorkspace), "group spend by `dimension`: workspace, person, api-key, model or day")
	fs.Func("format", "output `format`: text, csv, json or markdown (default text)",
		oneOf(&f.format, "--format", formatText, formatCSV, formatJSON, formatMarkdown))
	fs.StringVar(&f.htmlFile, "html", "", "also write a self-contained HTML page with charts to this `file`")
	fs.StringVar(&f.specFile, "spec", "", "join with this spec `file`: flag undeclared workspaces and people, and keys whose creator left")
	fs.BoolVar(&f.maskEmails, "mask-emails", false, "show addresses as a***@example.com")
}

const formatCSV = "csv"

func runReport(ctx context.Context, args []string, env Env) (ExitCode, error) {
	if len(args) == 0 || (args[0] != string(report.Usage) && args[0] != string(report.Cost)) {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
			args = []string{string(report.Cost), "-h"} // the flags are the same for both kinds
		} else {
			return ExitError, usageError{"report needs a kind: orgsync report usage|cost [flags]"}
		}
	}
	kind := report.Kind(args[0])
	var f reportFlags
	fs := newFlagSet("report", env)
	f.register(fs)
	rest, err := parseArgs(fs, args[1:])
	if err != nil {
		return ExitError, err
	}
	if len(rest) > 0 {
		return ExitError, usageError{fmt.Sprintf("unexpected argument %q: report takes only flags", rest[0])}
	}
	dimension, err := report.ParseDimension(f.groupBy)
	if err != nil {
		return ExitError, usageError{"invalid --group-by: " + err.Error()}
	}
	if (f.from == "") != (f.to == "") {
		return ExitError, usageError{"--from and --to go together: give both dates, or use --since"}
	}
	var sp *spec.Spec
	if f.specFile != "" {
		if sp, err = spec.ParseFile(f.specFile); err != nil {
			return ExitError, err
		}
	}

	logger, err := newLogger(env.Stderr, f.logLevel)
	if err != nil {
		return ExitError, err
	}
	ctx, cancel := context.WithTimeout(ctx, f.timeout)
	defer cancel()
	tgt, err := f.connect(env, logger)
	if err != nil {
		return ExitError, err
	}
	defer tgt.close()

	r, err := f.read(ctx, tgt.client, kind, dimension, sp)
	if err != nil {
		return ExitError, err
	}
	return ExitOK, f.write(env, r)
}

// read reads the live organisation, whose Date header dates the period,
// then the API keys and the report rows, and aggregates them.
func (f *reportFlags) read(ctx context.Context, client *admin.Client, kind report.Kind, dimension report.Dimension, sp *spec.Spec) (*report.Report, error) {
	st, err := client.ReadState(ctx, admin.ReadOptions{})
	if err != nil {
		return nil, err
	}
	period, err := f.period(st.ReadAt)
	if err != nil {
		return nil, err
	}
	keys, err := client.ReadAPIKeys(ctx)
	if err != nil {
		return nil, err
	}
	dir := report.NewDirectory(st, keys)
	if sp != nil {
		dir.JoinSpec(sp)
	}
	rows, err := client.ReadReport(ctx, kind, admin.ReportQuery{Period: period, GroupBy: report.GroupBy(dimension, sp != nil)})
	if err != nil {
		return nil, err
	}
	return report.Build(report.Input{
		Kind: kind, Dimension: dimension, Period: period, Rows: rows, Directory: dir, MaskEmails: f.maskEmails,
	}), nil
}

// period returns the period the flags select at the API's time now.
func (f *reportFlags) period(now time.Time) (report.Period, error) {
	var p report.Period
	if f.from != "" {
		var err error
		if p, err = report.Dates(f.from, f.to, now); err != nil {
			return p, usageError{err.Error()}
		}
	} else {
		days, err := report.ParseDays(f.since)
		if err != nil {
			return p, usageError{"invalid --since: " + err.Error()}
		}
		p = report.LastDays(days, now)
	}
	if err := p.Check(now); err != nil {
		return p, usageError{err.Error()}
	}
	return p, nil
}

// write writes the report to stdout in the chosen format, and the HTML
// page to its file when asked.
func (f *reportFlags) write(env Env, r *report.Report) error {
	views := map[string]func(io.Writer, *report.Report) error{
		formatText: report.WriteText, formatCSV: report.WriteCSV, formatJSON: report.WriteJSON, formatMarkdown: report.WriteMarkdown,
	}
	if err := views[f.format](env.Stdout, r); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	if f.htmlFile == "" {
		return nil
	}
	var page bytes.Buffer
	if err := report.WriteHTML(&page, r); err != nil {
		return fmt.Errorf("render HTML report: %w", err)
	}
	if err := os.WriteFile(f.htmlFile, page.Bytes(), 0o644); err != nil {
		return fmt.Errorf("write HTML report: %w", err)
	}
	return nil
}

// reportHelp is the help text of "orgsync report".
var reportHelp = strings.TrimLeft(`
Usage: orgsync report usage|cost [flags]

Reads token usage or cost in US dollars for a period and groups it by
workspace, person, API key, model or day. The period is whole UTC days on
the API's clock: the last --since days, today included (default 30d), or
--from and --to dates. Ranges longer than 31 days are read as several
requests. The reports start on 2026-01-01 and reach back 365 days.

Names come from the live organisation: workspace names, people's emails,
API key names and creators. With --spec, the report also lists spend in
workspaces the spec does not declare, and spend through API keys whose
creator is no longer a member, and it flags people the spec does not
declare.

Examples:
  orgsync report cost --group-by workspace
  orgsync report usage --since 7d --group-by model --format csv
  orgsync report cost --from 2026-11-01 --to 2026-11-30 --group-by api-key --spec org.yaml
  orgsync report cost --sandbox examples/acme/live.json --spec examples/acme/org.yaml --html cost.html
`, "\n")
