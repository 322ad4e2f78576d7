// What lives in this folder.
//
// Participation: the CTPAT participation lifecycle per company and entity type (apply, review,
// certify, validate, annual review, revalidate, sanctions, appeals): the service over Core's state
// machine, clocks and the clock pass, notifications, the company's pages, the reviewer's queue and
// workspace, and the API.
