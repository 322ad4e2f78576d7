// What lives in this folder.
//
// Companies: member and applicant companies (create, edit, their page and API), their people and
// roles (`memberships` table: a person's seat in a company) and invitations.
