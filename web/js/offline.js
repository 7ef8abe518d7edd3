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
    // The site's root is one folder above this module (a sub-path when hosted under one).
    const base = new URL("../", import.meta.url);
    await navigator.serviceWorker.register(new URL("sw.js", base), { scope: base.pathname });
    // (The NumPy export's module too, which the page loads only when it is used.)
    const files = new Set(["", "index.html", "manifest.webmanifest", "icons/icon-192.png", "icons/icon-512.png", "backprop-extra-wasm.js", "backprop-extra-wasm_bg.wasm"].map((p) => new URL(p, base).href));
    files.add(new URL("./boundary-worker.js", import.meta.url).href);
    for (const e of performance.getEntriesByType("resource")) {
      const url = new URL(e.name);
      if (url.origin === base.origin) files.add(url.origin + url.pathname);
    }
    const cache = await caches.open(CACHE);
    await Promise.all(
      [...files].map(async (href) => {
        const response = await fetch(href, { cache: "no-cache" }).catch(() => null);
        // (The root is kept as its page, index.html: the service worker's key for it.)
        if (response?.ok) await cache.put(href === base.href ? new URL("index.html", base).href : href, response);
      }),
    );
    return true;
  } catch {
    return false;
  }
}
