// Trustlane's service worker (issue 16): keeps the dock's pages a phone has opened (inspections,
// shipments and their seals' VVTT checks, the seal log and issue forms), so they open at a dock
// without a network. Pages are fetched from the network first and kept; the kept copy is used
// only when the network is not there. Nothing is kept after signing out. Forms answered offline
// wait in the page's own outbox (IndexedDB, see offline.js), not here.
const CACHE = "trustlane-dock-v2";
const COMPANY = "^/companies/[0-9a-f-]{36}";
// Ids in any case (the server reads both), seal numbers as the server writes them.
const KEPT = [
  new RegExp(COMPANY + "/inspections(/new)?(\\?.*)?$", "i"),
  new RegExp(COMPANY + "/shipments(/new)?(\\?.*)?$", "i"),
  new RegExp(COMPANY + "/shipments/[0-9a-f-]{36}$", "i"),
  new RegExp(COMPANY + "/shipments/[0-9a-f-]{36}/seals/[A-Z0-9]{1,15}/check(\\?stage=(departure|arrival))?$", "i"),
  new RegExp(COMPANY + "/seals/(log|issue)(\\?.*)?$", "i"),
];

self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => {
  // The pages an earlier version kept go with it.
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/sign-out" || url.pathname === "/sign-in")) {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (request.method !== "GET") return;
  const asset = url.pathname === "/css/trustlane.css" || url.pathname === "/js/offline.js";
  if (!asset && !KEPT.some((pattern) => pattern.test(url.pathname + url.search))) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === "basic" && !response.redirected) await cache.put(request, response.clone());
      return response;
    } catch (error) {
      const kept = await cache.match(request, { ignoreSearch: asset });
      if (kept) return kept;
      throw error;
    }
  })());
});
