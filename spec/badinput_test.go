package spec

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseBadInput(t *testing.T) {
	bomb := strings.Join([]string{
		"version: 1",
		`a: &a ["x","x","x","x","x","x","x","x","x"]`,
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
		"users: *h",
	}, "\n")
	// memberBomb nests aliases where the spec allows lists, so only a
	// decoder that expanded every alias would reach 9^4 members.
	memberBomb := strings.Join([]string{
		"version: 1",
		"users:",
		"  - &u {email: ada@acme.example, role: user}",
		"workspaces:",
		"  - name: a",
		"    members: &m1 [*u, *u, *u, *u, *u, *u, *u, *u, *u]",
		"  - name: b",
		"    members: &m2 [*m1, *m1, *m1, *m1, *m1, *m1, *m1, *m1, *m1]",
		"  - name: c",
		"    members: &m3 [*m2, *m2, *m2, *m2, *m2, *m2, *m2, *m2, *m2]",
		"  - name: d",
		"    members: [*m3, *m3, *m3, *m3, *m3, *m3, *m3, *m3, *m3]",
	}, "\n")
	tests := []struct {
		name  string
		input string
		// want is a part of the error text.
		want string
	}{
		{name: "alias bomb", input: bomb, want: `org.yaml:2:1: unknown field "a" at the top level`},
		{name: "alias bomb in members", input: memberBomb, want: "org.yaml:3:5: member is missing workspace_role"},
		{name: "invalid UTF-8", input: "version: 1\nusers:\n  - email: \xff\xfe@acme.example\n    role: user\n", want: "org.yaml: invalid YAML: invalid leading UTF-8 octet"},
		{name: "tab indentation", input: "version: 1\nusers:\n\t- email: ada@acme.example\n\t  role: user\n", want: "org.yaml:3: invalid YAML: found character that cannot start any token"},
		{name: "users as a mapping", input: "version: 1\nusers:\n  ada@acme.example: user\n", want: "org.yaml:3:3: users must be a list"},
		{name: "workspaces as a string", input: "version: 1\nworkspaces: research\n", want: "org.yaml:2:13: workspaces must be a list"},
		{name: "user as a list", input: "version: 1\nusers:\n  - [ada@acme.example, user]\n", want: "org.yaml:3:5:"},
		{name: "scalar document", input: "just a string\n", want: "org.yaml:1:1: a spec must be a YAML mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("org.yaml", []byte(tt.input))
			if err == nil {
				t.Fatalf("Parse succeeded with %+v, want an error", s)
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error = %q, want it to contain %q", msg, tt.want)
			}
			if len(msg) > 2000 {
				t.Errorf("error is %d bytes long, want a short message", len(msg))
			}
		})
	}
}

func TestParseFileHuge(t *testing.T) {
	path := filepath.Join(t.TempDir(), "huge.yaml")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file of 300 MiB: ParseFile must stop after MaxFileSize+1
	// bytes instead of reading it all.
	if err := f.Truncate(300 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()

	_, err = ParseFile(path)
	if err == nil {
		t.Fatal("ParseFile of a 300 MiB file succeeded, want an error")
	}
	if !strings.Contains(err.Error(), "larger than") {
		t.Errorf("error = %q, want it to say the file is too large", err)
	}
}
