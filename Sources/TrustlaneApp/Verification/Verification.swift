// What lives in this folder.
//
// Verification: status verification: monitoring requests between companies and revocable links
// that show a member's status and tier.
