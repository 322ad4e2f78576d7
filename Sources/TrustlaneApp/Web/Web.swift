// What lives in this folder.
//
// Page kit, shared by every feature's pages: the auto-escaping HTML value, the layout, form
// fields, the page context, query parameters, the error page and the middleware (security headers,
// errors, sign-in, CSRF, flash, the access guard).
