// What lives in this folder.
//
// Support: small pieces every feature uses: the error type users see, and JSON logging.
