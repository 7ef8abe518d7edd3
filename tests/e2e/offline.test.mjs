// Offline and installable: once opened, the page starts and trains with the server gone (a
// classroom's poor connection), and it has a web app manifest with icons.
import { test } from "node:test";
import assert from "node:assert/strict";
import { serve, launch, openPage, shot } from "./harness.mjs";

test("opened once, the page starts and trains after its server has stopped", async () => {
  const { server, url } = await serve();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, url + "/#dataset=xor&hidden=3&seed=2", { serviceWorkers: "allow" });
    // The service worker controls the page and the page's files are kept.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 });
    await page.waitForFunction(() => window.playground.offline !== undefined, null, { timeout: 20000 });
    assert.equal(await page.evaluate(() => playground.offline), true, "the files were kept");
    const kept = await page.evaluate(async () => (await (await caches.open("backprop-playground")).keys()).map((r) => new URL(r.url).pathname));
    for (const p of ["/index.html", "/js/main.js", "/js/boundary-worker.js", "/backprop-wasm_bg.wasm", "/style.css", "/manifest.webmanifest"]) assert.ok(kept.includes(p), p);
    // The server goes away; a reload still starts the page, and it trains.
    await new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
    await page.reload();
    await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 30000 });
    assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2]);
    await page.click("#play");
    await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 20, null, { timeout: 20000 });
    await page.click("#play");
    await shot(page, "offline-reloaded");
    assert.deepEqual(errors.filter((e) => !/Failed to load resource|net::ERR/.test(e)), []);
    await page.close();
  } finally {
    server.close();
    await browser.close();
  }
});

test("the page can be installed: a manifest with a name, a start URL and icons it serves", async () => {
  const { server, url } = await serve();
  const browser = await launch();
  try {
    const { page } = await openPage(browser, url + "/");
    const href = await page.getAttribute('link[rel="manifest"]', "href");
    const manifest = await page.evaluate(async (h) => (await fetch(h)).json(), href);
    assert.equal(manifest.name, "Backprop Playground");
    assert.equal(new URL(manifest.start_url, url + "/manifest.webmanifest").pathname, "/");
    assert.equal(manifest.display, "standalone");
    const sizes = manifest.icons.map((i) => i.sizes);
    assert.ok(sizes.includes("192x192") && sizes.includes("512x512"), sizes.join());
    for (const icon of manifest.icons) {
      const dims = await page.evaluate(async (src) => {
        src = new URL(src, location.origin + "/manifest.webmanifest").href;
        const img = new Image();
        img.src = src;
        await img.decode();
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }, icon.src);
      assert.equal(dims, icon.sizes, icon.src);
    }
    await page.close();
  } finally {
    server.close();
    await browser.close();
  }
});
