// What lives in this folder.
//
// Companies: member and applicant companies (create, edit, their page and API), their people and
// roles (`company_members`: a person's seat in a company; "membership" means CTPAT membership) and invitations.
