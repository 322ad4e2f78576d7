// What lives in this folder.
//
// Home: the start page after signing in and switching the company in view.
