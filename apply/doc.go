// Package apply executes a plan through a Client, one change at a time and
// in plan order. It never re-plans: it runs exactly the changes it is
// given. Manual steps and memberships waiting on an invite are reported
// and never sent. A dry run goes through the same code with the calls
// switched off.
package apply
