// What lives in this folder.
//
// Delivery: the outbox sender for email (SMTP) and signed webhooks, its settings, the company's
// webhook page and the operator's outbox page.
