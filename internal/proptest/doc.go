// Package proptest holds property tests that run the whole chain (live
// read, diff, apply, read again) against the sandbox on random
// organisations and specs. It has no non-test code.
package proptest
