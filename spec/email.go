package spec

import (
	"fmt"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"
)

// EmailKey returns the identity key for an email address: the whole
// address lower-cased with strings.ToLower. The Admin API compares
// addresses case-insensitively, so two addresses that differ only in case
// are one person. Nothing else is normalised: "+tag" suffixes, dots in the
// local part and surrounding whitespace are kept, so "ann+x@example.com"
// and "ann@example.com" are different keys.
func EmailKey(email string) string {
	return strings.ToLower(email)
}

// invisibleNames names the characters most often pasted into an address by
// accident, for error messages. Other characters are described by their
// Unicode category.
var invisibleNames = map[rune]string{
	' ':      "a space",
	'\t':     "a tab",
	'\n':     "a line break",
	'\r':     "a carriage return",
	'\u00a0': "a no-break space",
	'\u200b': "a zero-width space",
	'\u200c': "a zero-width non-joiner",
	'\u200d': "a zero-width joiner",
	'\u2060': "a word joiner",
	'\ufeff': "a byte order mark",
}

// checkEmail returns why email is not a plain address, or "" when it is.
// Whitespace, control characters and invisible format characters (Unicode
// categories Cc and Cf) are rejected rather than trimmed, so the address
// orgsync sends is always the one written in the spec.
func checkEmail(email string) string {
	if email == "" {
		return "email must not be empty"
	}
	if msg := checkEmailCharacters(email); msg != "" {
		return msg
	}

	addr, err := mail.ParseAddress(email)
	if err != nil {
		return fmt.Sprintf("email %q is not a valid address: %v", email, err)
	}
	if addr.Address != email {
		return fmt.Sprintf("email %q must be a plain address such as %q, without a display name, comment or angle brackets", email, addr.Address)
	}
	return ""
}

// checkEmailCharacters reports the first whitespace, control or invisible
// character in email, naming it and its place in the address.
func checkEmailCharacters(email string) string {
	last := utf8.RuneCountInString(email)
	index := 0
	for _, r := range email {
		index++
		if !unicode.IsSpace(r) && !unicode.In(r, unicode.Cc, unicode.Cf) {
			continue
		}

		name := describeRune(r)
		switch {
		case index == 1 && unicode.IsSpace(r):
			return fmt.Sprintf("email %q starts with %s; remove it", email, name)
		case index == last && unicode.IsSpace(r):
			return fmt.Sprintf("email %q ends with %s; remove it", email, name)
		default:
			return fmt.Sprintf("email %q contains %s at character %d; remove it", email, name, index)
		}
	}
	return ""
}

// describeRune names r with its article and code point, as in
// "a no-break space (U+00A0)".
func describeRune(r rune) string {
	name, ok := invisibleNames[r]
	switch {
	case ok:
	case unicode.IsSpace(r):
		name = "a whitespace character"
	case unicode.Is(unicode.Cc, r):
		name = "a control character"
	default:
		name = "an invisible format character"
	}
	return fmt.Sprintf("%s (%U)", name, r)
}
