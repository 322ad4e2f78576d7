// What lives in this folder.
//
// Audit: the hash-chained audit trail every write appends to in its own transaction (`AuditLog`),
// its table, reads and JSON shape.
