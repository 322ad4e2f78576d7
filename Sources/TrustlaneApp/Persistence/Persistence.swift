// What lives in this folder.
//
// Persistence: numbered migrations, the write gate every state change runs through, the write-
// conflict helper, and `ClientSubmissions` (a phone's submission recorded once per client key).
