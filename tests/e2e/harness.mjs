// Shared by the browser tests and the bench: a static server for dist/ and Debian's Chromium
// driven by playwright-core (no browser download).
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { before, after } from "node:test";
import { chromium } from "playwright-core";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const DIST = path.join(root, "dist");
/** The page's wasm module, gzipped, in KB (1000 bytes): what a first visit downloads. */
export const WASM_BUDGET_KB = 230;
export const SHOTS = path.join(root, "tests/e2e/screenshots");

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".css": "text/css", ".wasm": "application/wasm", ".json": "application/json", ".png": "image/png" };

/** Serves dist/ on a free loopback port; `headers` are added to every response. */
export function serve({ headers = {} } = {}) {
  if (!fs.existsSync(path.join(DIST, "index.html"))) throw new Error("dist/ is missing: run `just build` first");
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://x");
    let file = path.normalize(path.join(DIST, decodeURIComponent(url.pathname)));
    if (!file.startsWith(DIST)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store", ...headers });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

export async function launch() {
  // playwright gives every launch a fresh, empty user-data-dir of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

/** A page that records console errors and page errors. Service workers are blocked (each
 * test's page fetches from the test's server) unless `serviceWorkers: "allow"`. */
export async function openPage(browser, url, { width = 1400, height = 1000, serviceWorkers = "block" } = {}) {
  const page = await browser.newPage({ viewport: { width, height }, serviceWorkers });
  const errors = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 20000 });
  return { page, errors };
}

/** A page in a browser context of its own (`options`: viewport, touch, device scale…),
 * loaded at `url` and ready; records console errors and page errors. */
export async function openInContext(browser, url, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 30000 });
  return { context, page, errors };
}

/** Clicks neuron `i` of column `layer` on the #network canvas (opens its weights). */
export async function clickNeuron(page, layer, i) {
  await page.locator("#network").scrollIntoViewIfNeeded();
  const node = await page.evaluate(([l, k]) => playground.nodeCenter(l, k), [layer, i]);
  const box = await page.locator("#network").boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
}

export async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name + ".png"), fullPage: true });
}

/** For a test file: starts the server and the browser before its tests and stops them after.
 * Returns an object whose `url` and `browser` are set once the tests run. */
export function useBrowser() {
  const env = {};
  before(async () => {
    Object.assign(env, await serve());
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    env.server?.close();
  });
  return env;
}
