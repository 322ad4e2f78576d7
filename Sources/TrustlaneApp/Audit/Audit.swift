// What lives in this folder.
//
// Audit: the hash-chained audit trail every write appends to in its own transaction (`AuditLog`),
// its table, reads and JSON shape; the key entries are hashed with (`AuditSettings`, checked at
// start by `AuditKeyCheck`) and the signed checkpoints made by command and on schedule
// (`AuditCheckpoints`). What the chain detects and what it cannot: docs/AUDIT.md.
