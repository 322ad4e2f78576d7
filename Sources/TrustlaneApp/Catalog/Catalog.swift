// What lives in this folder.
//
// Catalog: the Minimum Security Criteria as versioned catalogs: the registry of bundled and
// imported versions, the importer, the criteria browser pages and the public catalog API.
