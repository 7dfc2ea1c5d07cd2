// Package export turns the live organisation into spec YAML, so that a
// team can start managing an existing organisation with orgsync: a plan of
// the exported spec against the same organisation, even with --prune, is
// empty.
//
// Export writes only what the spec can express:
//
//   - the organisation's id and name;
//   - every user with their organization role, and everyone with a pending,
//     unexpired invite and no user, with the invite's role. Expired invites
//     are left out, because a declared person without a user or pending
//     invite would be invited again;
//   - every active workspace with its id (so that a rename in the Console
//     stays the same workspace), its display colour and its explicit
//     members. Admins, owners and billing users belong to every workspace
//     through their organization role, so their memberships are not
//     written.
//
// Whatever the spec cannot hold is listed in [Document.Skipped] and in the
// header comment. People left out that way are written under
// ignore.people, so that a pruning run never removes them.
package export
