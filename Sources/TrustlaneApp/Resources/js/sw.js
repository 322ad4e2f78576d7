// Trustlane's service worker (issue 16): keeps the inspection pages a phone has opened, so a
// checklist can be answered at a dock without a network. Pages are fetched from the network
// first and kept; the kept copy is used only when the network is not there. Nothing is kept
// after signing out. Inspections answered offline wait in the page's own outbox (IndexedDB, see
// inspections.js), not here.
const CACHE = "trustlane-inspections-v1";
const KEPT = /^\/companies\/[0-9a-f-]{36}\/inspections(\/new)?(\?.*)?$/;

self.addEventListener("install", (event) => { self.skipWaiting(); });
self.addEventListener("activate", (event) => { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && (url.pathname === "/sign-out" || url.pathname === "/sign-in")) {
    event.waitUntil(caches.delete(CACHE));
    return;
  }
  if (request.method !== "GET") return;
  const asset = url.pathname === "/css/trustlane.css" || url.pathname === "/js/inspections.js";
  if (!asset && !KEPT.test(url.pathname + url.search)) return;
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
