// What lives in this folder.
//
// Persistence: numbered migrations, the write gate every state change runs through, and the write-
// conflict helper.
