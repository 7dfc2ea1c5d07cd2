package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// MaxFileSize is the largest spec, in bytes, that Parse and ParseFile
// accept: 10 MiB, far above any real organisation, so that a wrong path or
// a runaway generator fails fast instead of exhausting memory.
const MaxFileSize = 10 << 20

// ParseFile reads the spec at path and parses it with Parse, using path in
// error positions. A read error wraps the *fs.PathError, which names path.
func ParseFile(path string) (*Spec, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	defer f.Close()

	// Read one byte past the limit so that Parse detects an oversized file
	// without this function loading all of it.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read spec: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes and validates a version 1 spec. file names the spec in
// error positions only. When the spec is invalid, Parse returns a nil
// *Spec and an Errors holding every problem it found, not just the first.
func Parse(file string, data []byte) (*Spec, error) {
	return ParseFiles([]File{{Name: file, Data: data}})
}

// decodeFile decodes one spec file into a Spec and its entries, recording
// the problems of that file alone. root is nil when the file holds no
// document to read.
func (d *decoder) decodeFile(data []byte) (s *Spec, e *entries, root *yaml.Node) {
	if len(data) > MaxFileSize {
		d.errorAt(Position{File: d.file}, "spec is larger than %d bytes (10 MiB); check that this is the right file", MaxFileSize)
		return nil, nil, nil
	}

	root = d.document(data)
	if root == nil {
		return nil, nil, nil
	}
	s, e = d.spec(root)
	return s, e, root
}

// check runs the checks that need the whole spec, across files, once
// every file is decoded.
func (d *decoder) check(s *Spec, e *entries) {
	d.validate(e)
	d.checkIgnored(s)
	d.checkSettings(s)
}

// document decodes the single YAML document in data and returns its root
// node, or nil when there is none to read.
func (d *decoder) document(data []byte) *yaml.Node {
	dec := yaml.NewDecoder(bytes.NewReader(data))

	var doc yaml.Node
	err := dec.Decode(&doc)
	if errors.Is(err, io.EOF) {
		d.errorAt(d.startPos(), "empty spec: the file holds no YAML, only whitespace or comments; a spec needs at least \"version: 1\"")
		return nil
	}
	if err != nil {
		d.syntaxError(err)
		return nil
	}

	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case err == nil:
		d.errorf(&extra, "more than one YAML document; a spec holds exactly one, so remove the \"---\" separator and what follows it")
	case !errors.Is(err, io.EOF):
		d.syntaxError(err)
	}

	root := doc.Content[0]
	if isNull(root) {
		d.errorAt(d.startPos(), "empty spec: the document has no content; a spec needs at least \"version: 1\"")
		return nil
	}
	return root
}

func (d *decoder) startPos() Position {
	return Position{File: d.file, Line: 1, Column: 1}
}

// yamlLine matches the line number that yaml.v3 puts in most syntax errors.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxError records a YAML syntax error. yaml.v3 (v3.0.1) reports no
// column, and no line for errors on the first line or without a place,
// such as an unknown anchor.
//
// NOTE: when yaml.v3 has a mark for the construct an error sits in, it
// reports that construct's line, and for parser (not scanner) errors it counts that
// line from 0, so the line can be one or more lines before the mistake.
func (d *decoder) syntaxError(err error) {
	msg := err.Error()
	pos := Position{File: d.file}
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		pos.Line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	d.errorAt(pos, "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
}
