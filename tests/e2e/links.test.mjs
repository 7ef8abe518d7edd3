// Links that cannot lie: `w=` carries a checksum, so every changed, missing or added character
// is refused in the page's language (never the browser's raw atob error); links made before the
// checksum still load and say they could not be checked; sharing never makes a link the page
// would refuse (after a divergence the last good weights, with a word; data a link cannot carry
// named before copying).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage } from "./harness.mjs";

const env = useBrowser();
const params = (page) => page.evaluate(() => Array.from(playground.pg.params()));
const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
const noticeText = (page) => page.textContent("#notice-text");
const wOf = (link) => link.match(/[#&]w=([A-Za-z0-9_-]*)/)[1];
const bytesOf = (w) => Buffer.from(w.replace(/-/g, "+").replace(/_/g, "/"), "base64");
const b64url = (bytes) => Buffer.from(bytes).toString("base64").replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const floats = (bytes, n) => Array.from({ length: n }, (_, i) => bytes.readDoubleLE(i * 8));

async function share(page) {
  await page.evaluate(() => {
    document.getElementById("notice-text").textContent = "";
  });
  await page.click("#share-weights");
  await page.waitForFunction(() => document.getElementById("notice-text").textContent !== "");
  return { link: await page.inputValue("#share-link"), notice: await noticeText(page) };
}

/** Opens `hash` in this tab (a pasted link) and returns the notice it gives. */
async function paste(page, hash) {
  await page.evaluate((h) => {
    document.getElementById("notice-text").textContent = "";
    location.hash = h;
  }, hash);
  await page.waitForFunction(() => document.getElementById("notice-text").textContent !== "");
  return noticeText(page);
}

test("a shared link is checked: every changed, missing or added character is refused, in the page's language", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&hidden=3&seed=4");
  await page.evaluate(() => playground.pg.step(30));
  const trained = await params(page);
  const { link } = await share(page);
  const w = wOf(link);
  assert.equal(w.length, Math.ceil(((trained.length * 8 + 4) * 4) / 3), "8 bytes a weight and a 4-byte checksum");

  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const other = await context.newPage();
  const otherErrors = [];
  other.on("pageerror", (e) => otherErrors.push(String(e)));
  await other.goto(link);
  await other.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(sameBits(await params(other), trained), "the same weights, to the bit");
  assert.match(await noticeText(other), /from a shared link/);
  assert.doesNotMatch(await noticeText(other), /could not be checked/);

  const base = link.slice(link.indexOf("#"), link.indexOf("&w=") + 3);
  // One character changed, at 12 places along the text.
  const places = Array.from({ length: 12 }, (_, i) => Math.round((i * (w.length - 1)) / 11));
  for (const at of places) {
    const c = w[at] === "A" ? "B" : "A";
    const tampered = w.slice(0, at) + c + w.slice(at + 1);
    const text = await paste(other, base + tampered);
    assert.match(text, /could not be used \(its w= part is damaged: a character is missing or changed\)/, `position ${at}`);
    // (A change in the checksum's own characters leaves the weights' bytes as they were.)
    const wrong = floats(bytesOf(tampered), trained.length);
    if (!sameBits(wrong, trained)) assert.ok(!sameBits(await params(other), wrong), `position ${at}: the changed weights were not loaded`);
  }
  // One character short, one missing in the middle, one added, and characters base64 lacks.
  for (const tampered of [w.slice(0, -1), w.slice(0, 10) + w.slice(11), w + "A", w.slice(0, 5) + "A" + w.slice(5), "", "!!!!", w.slice(0, -2)]) {
    const text = await paste(other, base + tampered);
    assert.match(text, /its w= part is damaged/, tampered.slice(-6));
    assert.doesNotMatch(text, /atob|InvalidCharacter|correctly encoded/);
  }
  // The Japanese page words it in Japanese.
  await paste(other, base.replace("lang=en", "lang=ja") + w.slice(0, -1));
  await other.waitForFunction(() => document.documentElement.lang === "ja");
  const ja = await paste(other, base.replace("lang=en", "lang=ja") + w.slice(0, -2));
  assert.match(ja, /w= の部分が壊れています/);
  assert.doesNotMatch(ja, /damaged|atob|Invalid/);

  // A link made before the checksum (whole float64s only) still loads, and says it could not
  // be checked.
  const old = b64url(bytesOf(w).subarray(0, trained.length * 8));
  const fresh = await context.newPage();
  await fresh.goto(link.replace(/&w=.*$/, "&w=" + old));
  await fresh.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(sameBits(await params(fresh), trained));
  assert.match(await noticeText(fresh), /from a shared link.*could not be checked for damage/);
  await context.close();
  assert.deepEqual(otherErrors, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("after a divergence the link carries the last good weights and says so; the link loads", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=plane&hidden=8,8&activation=relu&learningRate=10&seed=1");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().diverged, null, { timeout: 15000 });
  if (await page.evaluate(() => playground.playing)) await page.click("#play");
  assert.ok(await page.evaluate(() => playground.pg.exportsLastGood()), "the current weights are not good");
  const { link, notice } = await share(page);
  assert.match(notice, /last good weights, from before the divergence/);
  const n = (await params(page)).length;
  const values = floats(bytesOf(wOf(link)), n);
  assert.ok(values.every(Number.isFinite), "the link's weights are finite");
  const model = JSON.parse(await page.evaluate(() => playground.pg.exportModel()));
  assert.ok(sameBits(values, model.layers.flatMap((l) => [...l.weights.flat(), ...l.bias])), "the last good weights, as exported");
  const { page: other, errors: otherErrors } = await openPage(env.browser, link);
  assert.ok(sameBits(await params(other), values));
  assert.doesNotMatch(await noticeText(other), /could not be used/);
  assert.deepEqual(otherErrors, []);
  await other.close();
  assert.deepEqual(errors.filter((e) => !/diverg/i.test(e)), []);
  await page.close();
});

test("a network the link cannot rebuild makes no link; data the link does not carry is named", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&hidden=3&seed=4");
  const file = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });
  // Eight classes from a file: the link's settings (xor, 2 classes) could not take the weights.
  const eight = "x1,x2,label\n" + Array.from({ length: 8 }, (_, k) => `${k - 4},${4 - k},${k}`).join("\n") + "\n";
  await page.setInputFiles("#import-csv", file("eight.csv", eight));
  await page.waitForFunction(() => playground.pg.classes() === 8);
  const before = await page.inputValue("#share-link");
  const { notice } = await share(page);
  assert.match(notice, /No link was made: the page that opens it could not take these weights \(expected \d+ values, got \d+\)/);
  assert.equal(await page.inputValue("#share-link"), before, "no link");
  // Two classes from a file (a fresh page): the link is made and says the data stays here.
  await page.goto(env.url + "/#lang=en&dataset=circle&hidden=3&seed=5");
  await page.waitForFunction(() => playground.pg.config().dataset === "circle" && document.body.classList.contains("ready"));
  await page.setInputFiles("#import-csv", file("mine.csv", "x1,x2,label\n1,1,1\n-1,-1,0\n2,2,1\n-2,-2,0\n"));
  await page.waitForFunction(() => playground.pg.points().length === 16);
  const { link, notice: said } = await share(page);
  assert.match(link, /&w=/);
  assert.match(said, /not your data \(4 points you imported or drew\)/);
  assert.deepEqual(errors, []);
  await page.close();
});
