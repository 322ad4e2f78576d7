// What lives in this folder.
//
// Gate access: the records a guard keeps at a site's gate (issue 17, MSC 10.1-10.4, 10.7). The
// visitor log (photo ID checked and its type, host, purpose, badge, escort, time in and out), the
// driver and cargo pickup log (photo ID, carrier, truck and trailer, arrival and departure, the
// seal number at departure, tied to a shipment and checked against its seals), carrier
// pre-notifications matched to arrivals by plate, and the inventory of badges, access cards and
// keys with issue, return, loss and the separation-day check of what a person still holds; a
// visitor's badge is a free visitor badge of that inventory, issued at check-in and returned at
// check-out (M041). A late check-out or departure takes the time typed.
// Pages built for a tablet at the gate (large targets, no JavaScript needed, 390 px wide),
// search by name or plate, streamed CSV exports, the JSON API, and the live evidence the
// security profile's category 10 shows. Core's `GateAccess/` holds the rules; M034 the tables.
