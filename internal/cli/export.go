package cli

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/orgsync/orgsync/admin"
	"github.com/orgsync/orgsync/export"
	"github.com/orgsync/orgsync/live"
	"github.com/orgsync/orgsync/spec"
)

// defaultSchemaURL is the JSON Schema of the spec as committed on the main
// branch of the orgsync repository, which exported files point editors at.
const defaultSchemaURL = "https://raw.githubusercontent.com/orgsync/orgsync/main/docs/orgsync.schema.json"

func runExport(ctx context.Context, args []string, env Env) (ExitCode, error) {
	var t targetFlags
	fs := newFlagSet("export", env)
	t.register(fs)
	out := fs.String("out", "", "write the spec to this `file` instead of stdout")
	outDir := fs.String("out-dir", "", "write "+export.PeopleFile+" and one file per workspace under "+export.WorkspaceDir+"/ into this new or empty `directory`")
	schemaURL := fs.String("schema-url", defaultSchemaURL, "JSON Schema `URL` named in each file's yaml-language-server comment; empty leaves the comment out")
	rest, err := parseArgs(fs, args)
	if err != nil {
		return ExitError, err
	}
	if len(rest) != 0 {
		return ExitError, usageError{"export takes no arguments; use --out FILE or --out-dir DIR to write files"}
	}
	if *out != "" && *outDir != "" {
		return ExitError, usageError{"use --out or --out-dir, not both"}
	}
	if *outDir != "" {
		if err := checkEmptyDir(*outDir); err != nil {
			return ExitError, err
		}
	}

	ctx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()
	logger, err := newLogger(env.Stderr, t.logLevel)
	if err != nil {
		return ExitError, err
	}
	tgt, err := t.connect(env, logger)
	if err != nil {
		return ExitError, err
	}
	defer tgt.close()

	all := func(live.Workspace) bool { return true }
	state, err := tgt.client.ReadState(ctx, admin.ReadOptions{MemberWorkspaces: all})
	if err != nil {
		return ExitError, err
	}
	doc, err := export.FromState(state, readTime(state))
	if err != nil {
		return ExitError, fmt.Errorf("export: %w", err)
	}
	for _, s := range doc.Skipped {
		logger.Warn("left out of the export", "object", s.Object, "reason", s.Reason)
	}

	header := export.Header{SchemaURL: *schemaURL, Generator: "orgsync " + version()}
	switch {
	case *outDir != "":
		err = writeExportDir(*outDir, doc, header)
	default:
		err = writeExportFile(env, *out, doc, header)
	}
	if err != nil {
		return ExitError, err
	}
	logger.Info("organisation exported", "people", len(doc.People), "workspaces", len(doc.Workspaces), "left_out", len(doc.Skipped))
	return ExitOK, nil
}

// writeExportFile writes the spec to path, or to stdout when path is "".
func writeExportFile(env Env, path string, doc *export.Document, header export.Header) error {
	data, err := doc.YAML(header)
	if err != nil {
		return err
	}
	if path == "" {
		_, err = env.Stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// writeExportDir writes the spec as a directory that plan, apply and
// validate read back as one spec.
func writeExportDir(dir string, doc *export.Document, header export.Header) error {
	files, err := doc.Files(header)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := writeNewFile(filepath.Join(dir, filepath.FromSlash(f.Name)), f); err != nil {
			return err
		}
	}
	return nil
}

func writeNewFile(path string, f spec.File) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.WriteFile(path, f.Data, 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// checkEmptyDir rejects a directory that already holds files, because
// stale *.yaml files left in it would be merged into the exported spec.
func checkEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("--out-dir: %w", err)
	case len(entries) > 0:
		return usageError{fmt.Sprintf("--out-dir %s is not empty; name a new or empty directory, because other *.yaml files in it would be read as part of the spec", dir)}
	}
	return nil
}
