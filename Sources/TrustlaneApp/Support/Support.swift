// What lives in this folder.
//
// Support: small pieces every feature uses: the error type users see, JSON logging, and the
// background-job runner (outbox sender, clock pass).
