package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

func TestHelpEveryCommand(t *testing.T) {
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(usage, "orgsync "+c.name) {
				t.Errorf("the usage text does not list %s", c.name)
			}
			if c.name == "help" {
				return
			}
			text, ok := commandHelp[c.name]
			if !ok {
				t.Fatalf("commandHelp has no entry for %s", c.name)
			}
			if !strings.HasPrefix(text, "Usage: orgsync "+c.name) {
				t.Errorf("help for %s does not start with its usage line:\n%s", c.name, text)
			}
			if !strings.Contains(text, "\nExamples:\n  ") {
				t.Errorf("help for %s has no examples:\n%s", c.name, text)
			}
		})
	}
	for name := range commandHelp {
		found := false
		for _, c := range commands() {
			found = found || c.name == name
		}
		if !found {
			t.Errorf("commandHelp has an entry for %s, which completion does not list", name)
		}
	}
}

func TestCompletionFlagsFromHelp(t *testing.T) {
	withFlags := []string{"validate", "plan", "apply", "export", "sandbox"}
	for _, c := range commands() {
		t.Run(c.name, func(t *testing.T) {
			flags := c.flags()
			if slices.Contains(withFlags, c.name) && len(flags) == 0 {
				t.Fatalf("no flags found in the -h output of %s", c.name)
			}
			seen := map[string]bool{}
			for _, f := range flags {
				if f.name == "" || strings.HasPrefix(f.name, "-") || strings.ContainsAny(f.name, " \t'\"") {
					t.Errorf("flag name %q of %s is not a plain word", f.name, c.name)
				}
				if seen[f.name] {
					t.Errorf("flag --%s of %s is listed twice", f.name, c.name)
				}
				seen[f.name] = true
				if f.summary == "" {
					t.Errorf("flag --%s of %s has no usage text", f.name, c.name)
				}
			}
		})
	}
}

func TestFormatVersion(t *testing.T) {
	tests := []struct {
		name     string
		version  string
		settings []debug.BuildSetting
		want     string
	}{
		{"release", "v1.2.0", nil, "v1.2.0"},
		{"no version", "", nil, "(devel)"},
		{"devel without vcs", "(devel)", []debug.BuildSetting{{Key: "-buildvcs", Value: "false"}}, "(devel)"},
		{"commit", "v0.0.0-20261201090000-3f6e2a52c3d1", []debug.BuildSetting{{Key: "vcs.revision", Value: "3f6e2a52c3d1"}, {Key: "vcs.modified", Value: "false"}}, "v0.0.0-20261201090000-3f6e2a52c3d1 commit 3f6e2a52c3d1"},
		{"modified checkout", "(devel)", []debug.BuildSetting{{Key: "vcs.revision", Value: "3f6e2a52c3d1"}, {Key: "vcs.modified", Value: "true"}}, "(devel) commit 3f6e2a52c3d1, modified"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			info := &debug.BuildInfo{Main: debug.Module{Version: tt.version}, Settings: tt.settings}
			if got := formatVersion(info); got != tt.want {
				t.Errorf("formatVersion = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestVersionRecordsCommit builds the binary with go build and its
// default -buildvcs=auto, as a user does in a checkout, and checks that
// it reports the checked-out commit. The flag is written out because a
// -buildvcs=false in GOFLAGS or the go env file would otherwise win.
func TestVersionRecordsCommit(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	head, err := exec.Command("git", "-C", root, "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout with a git binary: %v", err)
	}
	binary := filepath.Join(t.TempDir(), "orgsync")
	build := exec.Command("go", "build", "-buildvcs=auto", "-o", binary, ".")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(binary, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "commit " + strings.TrimSpace(string(head)); !strings.Contains(string(out), want) {
		t.Errorf("orgsync version printed %q, want it to contain %q", out, want)
	}
}

func TestBashCompletionCompletes(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script := filepath.Join(t.TempDir(), "orgsync.bash")
	if err := os.WriteFile(script, []byte(bashCompletion(commands())), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		words string
		want  string
	}{
		{"command", "orgsync pl", "plan"},
		{"flag", "orgsync plan --pr", "--prune"},
		{"export flag", "orgsync export --out-", "--out-dir"},
		{"shell", "orgsync completion z", "zsh"},
		{"sandbox word", "orgsync sandbox s", "serve"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			program := `source "$1"; COMP_WORDS=($2); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _orgsync; echo "${COMPREPLY[*]}"`
			out, err := exec.Command(bash, "-c", program, "bash", script, tt.words).Output()
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimSpace(string(out)); got != tt.want {
				t.Errorf("completion of %q = %q, want %q", tt.words, got, tt.want)
			}
		})
	}
}
