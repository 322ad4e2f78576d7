// What lives in this folder.
//
// Incidents: the company's register of security incidents and anomalies (issue 17, MSC 7.23-7.37,
// 6.1, 7.25): who found what, when and where, what it touches (shipments, seals, inspections,
// partners), whom the company told and when (and whether CBP heard it from the company first),
// the investigation's timeline, findings and root cause, corrective actions on the company's one
// list, closure by the security coordinator, and a printable report. The public anonymous
// reporting link (`/report/<key>`) lands reports here as unconfirmed; its QR code (Core's
// `QRCode`, drawn as SVG) is shown beside it and on a printable notice in three languages. Seal checks at arrival,
// seal audits and failed inspections raise entries here through `IncidentService.raise`.
// Pages, API, queries, the service and M028; Core's `Incidents/` holds the rules.
