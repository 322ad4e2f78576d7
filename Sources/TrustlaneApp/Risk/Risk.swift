// What lives in this folder.
//
// Risk: the supply-chain risk assessment: chains, threat and vulnerability ratings, scores, matrix
// and diagrams, the action plan, reports; pages, API, queries, services and tables.
