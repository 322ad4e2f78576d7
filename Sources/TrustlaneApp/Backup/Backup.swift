// What lives in this folder.
//
// Backup: `trustlane backup` and `trustlane restore` (issue 18), the scheduled backup and the
// record of each run (`backup_runs`). A SQLite database is copied with `VACUUM INTO`, which
// reads one snapshot while the server keeps writing; the copy is checked (integrity, audit chain)
// before its manifest is written, and a restore checks it all again before it replaces anything.
// A PostgreSQL database is dumped with `pg_dump` when it is on PATH; otherwise the command says
// what to run. With `TRUSTLANE_BACKUP_S3_*` a backup is uploaded to the object store and read back
// from there (`BackupBucket`). The manifest, its hashes and the retention rule are Core's
// (`BackupManifest`, `BackupRetention`).
