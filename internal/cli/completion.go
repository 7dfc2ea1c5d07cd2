package cli

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
)

// command is an orgsync command as shell completion offers it.
type command struct {
	name    string
	summary string
	// words are the fixed words that may follow the command, such as the
	// shells of completion.
	words []string
	// hasFlags is set when the usage line shows flags, so that running
	// the command with -h lists them.
	hasFlags bool
}

// usageLine matches a command of the usage text, such as
// "  orgsync plan [flags] SPEC             show what apply would change".
var usageLine = regexp.MustCompile(`^  orgsync (\S+)(.*?)\s{2,}(\S.*)$`)

// subcommandWord matches a usage argument that lists fixed words, such as
// "serve" or "bash|zsh|fish".
var subcommandWord = regexp.MustCompile(`^[a-z]+(\|[a-z]+)*$`)

// commands lists every command of the usage text, in its order, so that
// completion offers each command that "orgsync help" shows.
func commands() []command {
	var cmds []command
	for _, line := range strings.Split(usage, "\n") {
		m := usageLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		c := command{name: m[1], summary: m[3]}
		args := strings.Fields(m[2])
		if len(args) > 0 && subcommandWord.MatchString(args[0]) {
			c.words = strings.Split(args[0], "|")
		}
		c.hasFlags = strings.Contains(m[2], "[flags]") || strings.Contains(m[2], " --")
		cmds = append(cmds, c)
	}
	for i := range cmds {
		if cmds[i].name == "help" {
			for _, c := range cmds {
				if c.name != "help" {
					cmds[i].words = append(cmds[i].words, c.name)
				}
			}
		}
	}
	return cmds
}

// flagInfo is a flag of a command with the first line of its usage.
type flagInfo struct {
	name    string
	summary string
}

// flags returns the command's flags as its -h output lists them, so that
// completion always offers the flags the command really has.
func (c command) flags() []flagInfo {
	if !c.hasFlags {
		return nil
	}
	args := []string{c.name}
	if len(c.words) == 1 {
		args = append(args, c.words[0])
	}
	var stdout bytes.Buffer
	env := Env{Stdout: &stdout, Stderr: &bytes.Buffer{}, Getenv: func(string) string { return "" }}
	Main(context.Background(), append(args, "-h"), env)
	return parseFlagDefaults(stdout.String())
}

// parseFlagDefaults reads the flags a command's usage lists after its
// "Flags:" line, in the form of flag.PrintDefaults: a line "  -name value"
// per flag, followed by indented usage lines.
func parseFlagDefaults(text string) []flagInfo {
	var flags []flagInfo
	_, defaults, _ := strings.Cut(text, "\nFlags:\n")
	scanner := bufio.NewScanner(strings.NewReader(defaults))
	for scanner.Scan() {
		line := scanner.Text()
		switch {
		case strings.HasPrefix(line, "  -"):
			name, _, _ := strings.Cut(strings.TrimPrefix(line, "  -"), " ")
			flags = append(flags, flagInfo{name: name})
		case strings.HasPrefix(line, "    \t") && len(flags) > 0 && flags[len(flags)-1].summary == "":
			flags[len(flags)-1].summary = strings.TrimSpace(line)
		}
	}
	return flags
}

func runCompletion(args []string, env Env) (ExitCode, error) {
	if len(args) != 1 {
		return ExitError, usageError{"usage: orgsync completion bash|zsh|fish"}
	}
	var script string
	switch args[0] {
	case "bash":
		script = bashCompletion(commands())
	case "zsh":
		script = zshCompletion(commands())
	case "fish":
		script = fishCompletion(commands())
	case "-h", "-help", "--help":
		fmt.Fprint(env.Stdout, commandHelp["completion"])
		return ExitOK, nil
	default:
		return ExitError, usageError{fmt.Sprintf("unknown shell %q: use bash, zsh or fish", args[0])}
	}
	fmt.Fprint(env.Stdout, script)
	return ExitOK, nil
}

func commandNames(cmds []command) string {
	names := make([]string, len(cmds))
	for i, c := range cmds {
		names[i] = c.name
	}
	return strings.Join(names, " ")
}

func flagWords(c command) string {
	var words []string
	for _, f := range c.flags() {
		words = append(words, "--"+f.name)
	}
	return strings.Join(words, " ")
}

func bashCompletion(cmds []command) string {
	var b strings.Builder
	b.WriteString(`# bash completion for orgsync. Load it with:
#   source <(orgsync completion bash)
_orgsync() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  COMPREPLY=()
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=($(compgen -W "` + commandNames(cmds) + `" -- "$cur"))
    return
  fi
  local flags="" words=""
  case ${COMP_WORDS[1]} in
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "    %s) flags=%q words=%q ;;\n", c.name, flagWords(c), strings.Join(c.words, " "))
	}
	b.WriteString(`  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$flags" -- "$cur"))
  elif [[ $COMP_CWORD -eq 2 && -n $words ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  fi
}
complete -o default -F _orgsync orgsync
`)
	return b.String()
}

func zshCompletion(cmds []command) string {
	var b strings.Builder
	b.WriteString(`#compdef orgsync
# zsh completion for orgsync. Save it as _orgsync in a directory of $fpath,
# or load it with: source <(orgsync completion zsh)
_orgsync() {
  local -a commands flags subwords
  commands=(
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "    %s\n", zshQuote(c.name+":"+c.summary))
	}
	b.WriteString(`  )
  if (( CURRENT == 2 )); then
    _describe 'command' commands
    return
  fi
  case $words[2] in
`)
	for _, c := range cmds {
		fmt.Fprintf(&b, "    %s) flags=(%s) subwords=(%s) ;;\n", c.name, flagWords(c), strings.Join(c.words, " "))
	}
	b.WriteString(`  esac
  if [[ $PREFIX == -* ]]; then
    compadd -a flags
  elif (( CURRENT == 3 && ${#subwords} > 0 )); then
    compadd -a subwords
  else
    _files
  fi
}
compdef _orgsync orgsync
`)
	return b.String()
}

func fishCompletion(cmds []command) string {
	var b strings.Builder
	b.WriteString("# fish completion for orgsync. Load it with:\n#   orgsync completion fish | source\n")
	b.WriteString("complete -c orgsync -f -n __fish_use_subcommand\n")
	for _, c := range cmds {
		fmt.Fprintf(&b, "complete -c orgsync -f -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range cmds {
		seen := fishQuote("__fish_seen_subcommand_from " + c.name)
		for _, w := range c.words {
			fmt.Fprintf(&b, "complete -c orgsync -f -n %s -a %s\n", seen, w)
		}
		for _, f := range c.flags() {
			fmt.Fprintf(&b, "complete -c orgsync -n %s -l %s -d %s\n", seen, f.name, fishQuote(f.summary))
		}
	}
	return b.String()
}

// zshQuote quotes s for zsh in single quotes.
func zshQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// fishQuote quotes s for fish, where a single-quoted string escapes only
// \ and '.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, "'", `\'`).Replace(s) + "'"
}
