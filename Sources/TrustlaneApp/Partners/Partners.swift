// What lives in this folder.
//
// Partners: the business-partner registry of a company (MSC category 3): partners, CSV import
// with a preview and export, search; pages, API, queries, services and tables. Core's
// `BusinessPartners/` holds the rules (validation, the CSV format, duplicate hints).
