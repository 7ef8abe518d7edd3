// Offline and installable: registers the service worker (sw.js, at the site's root) and puts
// every file this page loaded — the page, its modules, the wasm, the boundary worker, the
// icons — into its cache, so that after one visit the page starts and trains without a
// network. Service workers need HTTPS or localhost; elsewhere (or if the browser refuses)
// the page works as before, online only.

const CACHE = "backprop-playground";

/** Registers the worker and keeps this page's files; never throws. */
export async function keepOffline() {
  if (!("serviceWorker" in navigator) || !window.isSecureContext || !("caches" in window)) return false;
  try {
    await navigator.serviceWorker.register("/sw.js", { scope: "/" });
    const here = location.origin;
    const files = new Set(["/", "/index.html", "/manifest.webmanifest", "/icons/icon-192.png", "/icons/icon-512.png"]);
    files.add(new URL("./boundary-worker.js", import.meta.url).pathname);
    for (const e of performance.getEntriesByType("resource")) {
      const url = new URL(e.name);
      if (url.origin === here) files.add(url.pathname);
    }
    const cache = await caches.open(CACHE);
    await Promise.all(
      [...files].map(async (path) => {
        const response = await fetch(path, { cache: "no-cache" }).catch(() => null);
        if (response?.ok) await cache.put(new URL(path === "/" ? "/index.html" : path, here).href, response);
      }),
    );
    return true;
  } catch {
    return false;
  }
}
