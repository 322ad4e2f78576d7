// What lives in this folder.
//
// Seals: a company's seal stock (issue 16, MSC 6.1, 6.5, 6.6): received batches as number
// ranges with their maker's certificate, random issue, the seal log (void, damaged, lost), finding
// a seal by number, and the seal audit; pages, API, queries, the service and the tables (M026).
// Core's `Seals/` holds the rules (numbers, ranges, classes, the state machine, the audit).
