package cli

import (
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
  orgsync sandbox serve --state FILE    run a local imitation of the Admin API
  orgsync help [COMMAND]                show help for a command
  orgsync version                       print the version

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
	"plan": `Usage: orgsync plan [flags] FILE

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
	"apply": `Usage: orgsync apply [flags] FILE

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

Example:
  cp examples/acme/live.json /tmp/acme.json
  orgsync sandbox serve --state /tmp/acme.json --admin-key sk-ant-admin01-sandbox &
  ANTHROPIC_ADMIN_KEY=sk-ant-admin01-sandbox ORGSYNC_API_URL=http://127.0.0.1:8080 \
    orgsync plan examples/acme/org.yaml
`,
}

func runHelp(args []string, env Env) ExitCode {
	if len(args) > 0 {
		if text, ok := commandHelp[args[0]]; ok {
			fmt.Fprint(env.Stdout, text)
			return ExitOK
		}
		fmt.Fprintf(env.Stderr, "orgsync: no help for %q\n", args[0])
		return ExitError
	}
	fmt.Fprint(env.Stdout, usage)
	return ExitOK
}

// version returns the module version and VCS revision the binary was built from.
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown)"
	}
	v := info.Main.Version
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}
