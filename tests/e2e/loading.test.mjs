// Loading that fails says so: a module that does not load, a wasm that does not, JavaScript off;
// a file one byte over the limit is named to the byte.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage } from "./harness.mjs";

const env = useBrowser();

test("a module that does not load shows #load-failed, in both languages", async () => {
  for (const missing of ["**/js/notice.js", "**/js/main.js"]) {
    const context = await env.browser.newContext();
    await context.route(missing, (route) => route.fulfill({ status: 404, body: "" }));
    const page = await context.newPage();
    await page.goto(env.url + "/#lang=ja");
    await page.waitForSelector("#load-failed", { state: "visible", timeout: 20000 });
    const text = await page.textContent("#load-failed");
    assert.match(text, /could not start: one of its files did not load/);
    assert.match(text, /ファイルの一つを読み込めませんでした/);
    assert.equal(await page.evaluate(() => document.body.classList.contains("ready")), false);
    await context.close();
  }
});

test("a page that starts never shows #load-failed", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en");
  assert.ok(await page.isHidden("#load-failed"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a wasm that does not load is a message, not a loading state forever", async () => {
  const context = await env.browser.newContext();
  await context.route("**/*.wasm", (route) => route.fulfill({ status: 404, body: "" }));
  const page = await context.newPage();
  await page.goto(env.url + "/#lang=en");
  await page.waitForSelector("#notice", { state: "visible", timeout: 20000 });
  assert.match(await page.textContent("#notice-text"), /The playground could not start/);
  await context.close();
});

test("without JavaScript the page says what it needs", async () => {
  const context = await env.browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(env.url + "/");
  const text = await page.locator("noscript").evaluate((n) => n.textContent);
  assert.match(text, /needs JavaScript/);
  assert.match(text, /JavaScript を有効にして/);
  assert.ok(await page.isVisible("p.load-failed >> nth=0"), "the noscript message is shown");
  await context.close();
});

test("a file one byte over the limit is named to the byte", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&seed=1");
  const limit = 2 * 1024 * 1024;
  const over = Buffer.alloc(limit + 1, "1");
  await page.setInputFiles("#import-csv", { name: "over.csv", mimeType: "text/csv", buffer: over });
  await page.waitForFunction(() => document.getElementById("notice-text").textContent.includes("over.csv"));
  assert.match(await page.textContent("#notice-text"), /^over\.csv is too large: 2\u202f097\u202f153 bytes; the limit is 2\u202f097\u202f152\. Nothing was changed\.$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a Train click is kept from the page's first script on, while the modules are still loading", async () => {
  const context = await env.browser.newContext();
  // The app's modules arrive 3 s late, as on a slow connection.
  await context.route("**/js/app.js", async (route) => {
    await new Promise((r) => setTimeout(r, 3000));
    await route.continue();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=en&dataset=xor&seed=1", { waitUntil: "commit" });
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-boot"));
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-started")), false, "the modules are still loading");
  // The button says it is not ready yet.
  assert.match(await page.evaluate(() => getComputedStyle(document.getElementById("play"), "::after").content), /…/);
  await page.click("#play");
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 30000 });
  await page.waitForFunction(() => playground.pg.metrics().epoch > 0, null, { timeout: 15000 });
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "true", "training, as clicked");
  assert.deepEqual(errors, []);
  await context.close();
});
