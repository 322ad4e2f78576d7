// What lives in this folder.
//
// Shipments: the light record that ties a unit's inspection, its seals and its departure together
// (issue 16, MSC 5.3, 6.7, 7.5, 7.29, 7.30): the reference and documents' numbers, the unit, the
// inspection it was loaded after, origin, destination, consignee and business partners; seals
// affixed from the company's stock (through the seal stock's state machine and tables), VVTT
// checks at departure and arrival, a photo of each seal, the message to the consignee, and the
// release gate with its supervisor's override; a record changed while open (`+Edit`), fixed once
// released. The dock's forms carry client keys (`ClientSubmissions`) and work offline with
// `offline.js`. Pages, API, queries, the service and M027.
// Core's `Shipments/` holds the rules (the gate, the statuses); `Seals/` the VVTT validator.
