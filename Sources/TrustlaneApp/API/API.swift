// What lives in this folder.
//
// API kit, shared by every feature's API controller: the OpenAPI document the server serves, the
// JSON value type and paging. Feature API controllers and DTOs live in their feature's folder.
