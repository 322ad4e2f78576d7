// What lives in this folder.
//
// Persistence: numbered migrations, the write gate every state change runs through, the write-
// conflict helper, `ClientSubmissions` (a phone's submission recorded once per client key), the
// advisory locks and notices between processes on one PostgreSQL, and an S3-compatible bucket
// (`S3Bucket`, `ObjectStoreSettings`) that evidence and backups are kept in when configured.
