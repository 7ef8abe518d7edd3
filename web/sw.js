// The playground offline: once opened, it starts and trains without a network (a classroom
// with a poor connection). Network first — a new build, or a `trunk serve` edit, is taken
// whenever the server answers — and each answer is kept; without an answer the kept copy is
// used. The page itself puts every file it loaded into the same cache (js/offline.js), so the
// first visit is enough. Only this site's GET requests are touched.

const CACHE = "backprop-playground";
// The site's root: where this file is (a site hosted under a sub-path has it there).
const BASE = new URL("./", self.location.href).href;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith(fromNetworkElseKept(request, url));
});

async function fromNetworkElseKept(request, url) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && response.type === "basic") await cache.put(pathOf(request, url), response.clone());
    return response;
  } catch (offline) {
    const kept = await cache.match(pathOf(request, url));
    if (kept) return kept;
    throw offline;
  }
}

/** The key a response is kept under: the path (the fragment and query only say what the
 * page shows), and the page itself for a navigation to the site's root. */
function pathOf(request, url) {
  const path = url.origin + url.pathname;
  if (request.mode === "navigate" && (path === BASE || path.endsWith("/index.html"))) return BASE + "index.html";
  return path;
}
