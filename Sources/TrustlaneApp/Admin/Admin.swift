// What lives in this folder.
//
// Admin: the platform administrator's pages: every user with their platform roles, and the
// platform's and a company's audit trail.
