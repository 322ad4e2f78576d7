// What lives in this folder.
//
// Screening: denied-party screening of business partners (issue 15, MSC 3.1 and 3.9), offline.
// Administrators import list snapshots (OFAC legacy CSV sets, the Consolidated Screening List,
// the UFLPA Entity List) from files they downloaded; every partner is scored against the current
// snapshot of each kind, hits wait in the company's queue for a decision (a false positive is
// remembered until the partner or the entry changes; a true match blocks the partner and opens a
// corrective action), and a new snapshot re-screens everyone in the background. Nothing is sent
// anywhere. Core's `Screening/` holds the readers, the name matching and the index.
