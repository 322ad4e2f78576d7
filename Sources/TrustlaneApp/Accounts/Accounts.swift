// What lives in this folder.
//
// Accounts: signing in and out (sessions, the sign-in throttle), the first administrator's set-up,
// a person's own account (password, language, API tokens), and the user and session tables.
