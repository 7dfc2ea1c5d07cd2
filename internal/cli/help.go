package cli

import (
	"context"
	"fmt"
	"runtime/debug"
)

const usage = `orgsync manages an Anthropic organisation as code: people, roles, invites,
workspaces and workspace members, declared in a YAML spec and applied through
the Admin API.

Usage:
  orgsync validate [flags] SPEC         check a spec without calling the API
  orgsync plan [flags] SPEC             show what apply would change
  orgsync apply [flags] SPEC            make the organisation match the spec
  orgsync export [flags]                write the live organisation as a spec
  orgsync schema                        print the JSON Schema of the spec
  orgsync report usage|cost [flags]     usage or cost per workspace, person, API key, model or day
  orgsync sandbox serve --state FILE    run a local imitation of the Admin API
  orgsync completion bash|zsh|fish      print a shell completion script
  orgsync help [COMMAND]                show help for a command
  orgsync version                       print the version and commit

Try it without an organisation, on the bundled example and an in-process sandbox:
  orgsync plan --sandbox examples/acme/live.json --prune examples/acme/org.yaml

SPEC is a spec file, a directory whose *.yaml files (at any depth, outside
hidden directories) are merged into one spec, or a path in a git repository:
  REPOSITORY[//PATH][?ref=REF]
  https://example.com/acme/org-config.git//org.yaml?ref=main
  git@example.com:acme/org-config.git//specs
  file:///srv/git/org-config//org.yaml?ref=v1.2.0
REPOSITORY is an https or ssh URL, an scp-like ssh address, a file:// URL or a
local path; PATH is a file or directory inside it (default: the top directory);
REF is a branch, a tag or a full commit SHA (default: the repository's HEAD).
--git-ref and --git-path set the same, so a plain local path with either flag
is read as a repository. orgsync reads git itself (no git binary), shallow and
in memory, and the plan names the commit it read. A local spec inside a git
checkout records the checked-out commit too, and a warning notes local changes.

Environment:
  ANTHROPIC_ADMIN_KEY   Admin API key (sk-ant-admin...), required unless --sandbox is used
  ORGSYNC_API_URL       API base URL (default https://api.anthropic.com/)
  ORGSYNC_GIT_TOKEN     token for https repositories, sent as HTTP basic auth with
                        the user x-access-token (never in a URL); GITHUB_TOKEN is
                        used when it is unset

Exit codes:
  0  success: nothing to do, or everything applied
  1  error: invalid spec, failed read, refused confirmation, or another failure
  2  plan --detailed-exitcode: changes are pending (manual steps count;
     memberships waiting for an invite to be accepted do not)
  3  blocked by a safety rule; nothing was applied
  4  apply finished, but some changes failed
`

var commandHelp = map[string]string{
	"report": reportHelp,
	"validate": `Usage: orgsync validate [flags] SPEC

Parses and validates a spec: unknown or duplicate keys, invalid emails, unknown
roles, duplicate people and workspaces are reported with file, line and column.
No API call is made. SPEC is a file, a directory of *.yaml files, or a path in
a git repository (see "orgsync help"); the git flags below work as for plan.

Examples:
  orgsync validate examples/acme/org.yaml
  orgsync validate specs/
  orgsync validate https://example.com/acme/org-config.git//org.yaml?ref=main
`,
	"plan": `Usage: orgsync plan [flags] SPEC

Reads the live organisation and prints the ordered changes that apply would
make. Nothing is changed. Without --prune, people, invites and members that the
spec does not declare are listed as left alone.

SPEC is a file, a directory of *.yaml files, or a path in a git repository
(see "orgsync help"). For a git source the plan's header names the repository,
the ref and the commit it was computed from.

Git sources:
  --git-ref REF            branch, tag or full commit SHA (default: HEAD)
  --git-path PATH          file or directory inside the repository
  --git-ssh-key FILE       private key for ssh (default: the ssh agent)
  --git-known-hosts FILE   host keys for ssh (default: ~/.ssh/known_hosts)
  --require-ref BRANCH     plan works on any ref, but warns on stderr when the
                           commit is not the head of BRANCH, as apply would be
                           blocked
  --verify-signature FILE  reject (exit 3) a commit that no key of this
                           armoured OpenPGP keyring signed; logs the signer

Examples:
  orgsync plan org.yaml
  orgsync plan --prune --detailed-exitcode org.yaml   # exit 2 when changes are pending
  orgsync plan --sandbox examples/acme/live.json examples/acme/org.yaml
  orgsync plan --require-ref main https://example.com/acme/org-config.git//org.yaml?ref=my-change
`,
	"apply": `Usage: orgsync apply [flags] SPEC

Plans, shows the plan, asks for confirmation on a terminal, applies the changes
in order, and reads the organisation again to report whether it now matches.
Without --yes and without a terminal it refuses to run. A failed change does
not stop independent ones unless --fail-fast is given; the exit code is then 4.

SPEC is a file, a directory of *.yaml files, or a path in a git repository
(see "orgsync help"); the git flags are those of plan. With --require-ref
BRANCH, apply is blocked (exit 3, nothing sent) unless the spec is read from
the commit at the head of BRANCH on the remote: a pull request's branch can be
planned but never applied. For a local spec, the head is the checkout's
remote-tracking branch origin/BRANCH, and the files must match the commit.

Examples:
  orgsync apply org.yaml
  orgsync apply --prune --yes org.yaml
  orgsync apply --yes --require-ref main --verify-signature team.asc \
    https://example.com/acme/org-config.git//org.yaml?ref=main
  orgsync apply --sandbox examples/acme/live.json --prune --yes examples/acme/org.yaml
`,
	"sandbox": `Usage: orgsync sandbox serve --state FILE [--addr 127.0.0.1:8080] [--admin-key KEY]

Serves the Admin API paths orgsync uses from a JSON state file, saving every
change back to the file. It listens on loopback unless --addr says otherwise.
Requests must carry the admin key (from --admin-key or ANTHROPIC_ADMIN_KEY).
Sandbox-only routes under /_sandbox/ accept invites and move the clock.

Examples:
  cp examples/acme/live.json /tmp/acme.json
  orgsync sandbox serve --state /tmp/acme.json --admin-key sk-ant-admin01-sandbox &
  ANTHROPIC_ADMIN_KEY=sk-ant-admin01-sandbox ORGSYNC_API_URL=http://127.0.0.1:8080 \
    orgsync plan examples/acme/org.yaml
`,
	"export": `Usage: orgsync export [flags]

Reads the live organisation and writes it as a spec, so that an existing
organisation can be managed with orgsync at once: a plan of the export against
the same organisation, even with --prune, is empty. The spec goes to stdout,
to --out FILE, or with --out-dir DIR to people.yaml (the organisation and its
people) and one file per workspace under workspaces/, a directory that plan,
apply and validate read as one spec.

Export writes the organisation's id and name, every user with their role,
everyone with a pending invite and no user yet, and every active workspace
with its id, display colour and explicit members. Admins, owners and billing
users belong to every workspace through their role, so they are not written
as members. Expired invites are left out. What a spec cannot hold is listed in
the header comment and logged; people among it are written under
ignore.people, so a pruning run leaves them alone.

Examples:
  orgsync export > org.yaml
  orgsync export --out-dir org/
  orgsync export --sandbox examples/acme/live.json --out /tmp/acme.yaml
`,
	"schema": `Usage: orgsync schema

Prints the JSON Schema (draft 2020-12) of the spec format, generated from the
fields and roles the parser accepts. Editors with the YAML language server
complete and check a spec that starts with a line such as:
  # yaml-language-server: $schema=https://raw.githubusercontent.com/orgsync/orgsync/main/docs/orgsync.schema.json
The schema checks the shape of a spec. "orgsync validate" also checks the rules
between entries, such as duplicates and members missing from users.

Examples:
  orgsync schema > orgsync.schema.json
`,
	"completion": `Usage: orgsync completion bash|zsh|fish

Prints a shell script that completes orgsync's commands and flags.

Examples:
  source <(orgsync completion bash)                # in ~/.bashrc
  orgsync completion zsh > "${fpath[1]}/_orgsync"   # then restart zsh
  orgsync completion fish > ~/.config/fish/completions/orgsync.fish
`,
	"version": `Usage: orgsync version

Prints the module version, the git commit the binary was built from and
whether the checkout had local changes. A binary built from a checkout with
"go build" records the commit; one built with -buildvcs=false, or from a copy
without git, prints "(devel)" without a commit.

Examples:
  orgsync version
`,
}

func runHelp(args []string, env Env) ExitCode {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(env.Stdout, usage)
		return ExitOK
	}
	if _, ok := commandHelp[args[0]]; !ok {
		fmt.Fprintf(env.Stderr, "orgsync: no help for %q\nRun 'orgsync help' for the list of commands.\n", args[0])
		return ExitError
	}
	// A command's own -h prints its help with its flags.
	return Main(context.Background(), []string{args[0], "-h"}, env)
}

// version returns the module version and the VCS revision the binary was
// built from, such as "v1.2.0" or "(devel) commit 3f6e2a52c3d1, modified".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	return formatVersion(info)
}

// formatVersion renders build information. A binary built outside a
// module or with -buildvcs=false has the version "(devel)" and no commit.
func formatVersion(info *debug.BuildInfo) string {
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var revision string
	var modified bool
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if revision == "" {
		return v
	}
	v += " commit " + revision
	if modified {
		v += ", modified"
	}
	return v
}
