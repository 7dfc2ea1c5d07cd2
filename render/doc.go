// Package render turns plans and apply reports into text for people. It
// only reads what it is given: it computes nothing and calls no API.
package render
