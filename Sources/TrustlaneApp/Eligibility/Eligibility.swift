// What lives in this folder.
//
// Eligibility: a company's eligibility check per entity type (questions, outcome, lock once it
// applies): pages, API and the check's table.
