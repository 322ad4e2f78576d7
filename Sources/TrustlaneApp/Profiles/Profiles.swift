// What lives in this folder.
//
// Profiles: the security profile: answers per criterion with history, evidence files, gaps,
// corrective actions, submission snapshots, the review thread, exports; pages, API, queries,
// services and the profile tables.
