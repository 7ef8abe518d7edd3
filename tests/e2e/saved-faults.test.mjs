// Saved work under faults: a clock set back, more tabs than slots, a full storage, history
// moves and pasted links, saved numbers no run can reach. Nothing is lost without the page
// saying so, and every saved run is offered back (#restore-saved, #saved-open: the list).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { useBrowser, shot } from "./harness.mjs";

const env = useBrowser();

const ready = (page) => page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 20000 });
const points = (page) => page.evaluate(() => playground.pg.points().length / 4);
const epoch = (page) => page.evaluate(() => playground.pg.metrics().epoch);
const dataset = (page) => page.evaluate(() => playground.pg.config().dataset);
const noticeText = (page) => page.textContent("#notice-text");
const saved = () => new Promise((r) => setTimeout(r, 1500)); // saving runs at most once a second
const SESSION = "backprop-playground/v2/session/";
const slotOf = (page) => page.evaluate(() => sessionStorage.getItem("backprop-playground/tab"));
const entries = (page) => page.evaluate((prefix) => Object.fromEntries(Object.keys(localStorage).filter((k) => k.startsWith(prefix)).map((k) => [k.slice(prefix.length), JSON.parse(localStorage.getItem(k))])), SESSION);
async function at(page, x1, x2) {
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const b = await page.locator("#boundary").boundingBox();
  return [b.x + ((x1 + 6) / 12) * b.width, b.y + ((6 - x2) / 12) * b.height];
}
async function open(context, url, init = null) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  if (init) await page.addInitScript(init);
  await page.goto(url);
  await ready(page);
  return { page, errors };
}
async function draw(page, list) {
  await page.selectOption("#click-mode", "add");
  for (const [x1, x2] of list) await page.mouse.click(...(await at(page, x1, x2)));
}
/** Trains exactly `n` epochs, the last through the page (so the views and the save follow). */
async function train(page, n) {
  await page.evaluate((k) => playground.pg.step(k), n - 1);
  await page.click("#step");
}
const has = (q, x1, x2) => q.some((_, i) => i % 4 === 0 && Math.abs(q[i] - x1) < 0.05 && Math.abs(q[i + 1] - x2) < 0.05);
const allPoints = (page) => page.evaluate(() => Array.from(playground.pg.points()));

test("the newest work opens even when the clock is set back a day; entries saved before the counter keep their order", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page: a } = await open(context, env.url + "/#dataset=circle&hidden=3&seed=5");
  await draw(a, [[5.5, 5.5]]);
  await saved();
  await a.close();
  // A new tab whose clock is a day behind continues that work.
  const { page: b, errors } = await open(context, env.url + "/", () => {
    const now = Date.now;
    Date.now = () => now() - 86_400_000;
  });
  assert.ok(has(await allPoints(b), 5.5, 5.5), "the new tab starts from the work");
  await draw(b, [[-5.5, -5.5]]);
  await saved();
  const idB = await slotOf(b);
  await b.close();
  const peek = await context.newPage();
  await peek.goto(env.url + "/nothing-here"); // (the origin's storage, without the page)
  const list = Object.entries(await entries(peek));
  const newest = list.sort((x, y) => y[1].seq - x[1].seq)[0];
  assert.equal(newest[0], idB, "the day-old save has the highest number");
  assert.ok(list.some(([id, v]) => id !== idB && v.savedAt > newest[1].savedAt), "and an older number has a later time stamp");
  // The next tab opens the newest work: both points.
  const { page: c } = await open(context, env.url + "/");
  const q = await allPoints(c);
  assert.ok(has(q, 5.5, 5.5) && has(q, -5.5, -5.5), "the newest work, not the one with the latest clock");
  assert.deepEqual(errors, []);
  await context.close();

  // Entries from before the counter: numbered once, in the order of their time stamps.
  const old = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const setup = await old.newPage();
  await setup.goto(env.url + "/nothing-here");
  await setup.evaluate((prefix) => {
    localStorage.clear();
    const entry = (fragment, savedAt) => JSON.stringify({ savedAt, fragment, model: null, own: true, hasCsv: false });
    localStorage.setItem(prefix + "older", entry("#dataset=xor&hidden=2&seed=3", 2000));
    localStorage.setItem(prefix + "newer", entry("#dataset=gauss&hidden=2&seed=3", 3000));
    localStorage.setItem(prefix + "oldest", entry("#dataset=spiral&hidden=2&seed=3", 1000));
  }, SESSION);
  const { page: d, errors: dErrors } = await open(old, env.url + "/");
  assert.equal(await dataset(d), "gauss", "the newest by its time stamp");
  const e = await entries(d);
  assert.ok(e.oldest.seq < e.older.seq && e.older.seq < e.newer.seq, JSON.stringify(e));
  await saved();
  const mine = await slotOf(d);
  assert.ok((await entries(d))[mine].seq > e.newer.seq, "a new save comes after every migrated one");
  assert.deepEqual(dErrors, []);
  await old.close();
});

test("an open tab's slot is never pruned: A's drawn points survive six more tabs, a Step and a reload", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page: a, errors } = await open(context, env.url + "/#dataset=xor&seed=3&hidden=3");
  await draw(a, [[5.5, 5.5], [-5.5, 5.5], [5.5, -5.5]]);
  assert.equal(await points(a), 503);
  await saved();
  const idA = await slotOf(a);
  for (let i = 0; i < 6; i++) {
    const { page } = await open(context, env.url + `/#dataset=gauss&seed=${i + 1}&hidden=2`);
    await draw(page, [[0, 5.5]]); // own work, so that none is pruned before A's for lack of it
    await saved();
    await page.close();
  }
  const kept = await entries(a);
  assert.ok(kept[idA], "A's slot is kept: A holds its lock");
  assert.ok(Object.keys(kept).length <= 6, `${Object.keys(kept).length} slots`);
  await a.click("#step");
  await saved();
  await a.reload();
  await ready(a);
  assert.equal(await points(a), 503, "A's 503 points are there");
  // A slot removed anyway (a browser without Web Locks, say) is written again, data and all.
  await a.evaluate((id) => {
    localStorage.removeItem("backprop-playground/v2/session/" + id);
    localStorage.removeItem("backprop-playground/v2/csv/" + id);
  }, idA);
  await a.click("#step");
  await saved();
  await a.reload();
  await ready(a);
  assert.equal(await points(a), 503, "the removed slot was written again");
  assert.equal(await epoch(a), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a full storage: runs without own work make room, own work is never removed for it, and the page says what it could not keep with its export", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  const { page: own } = await open(context, env.url + "/#dataset=circle&hidden=3&seed=8");
  await draw(own, [[5.5, 5.5]]);
  await saved();
  const ownId = await slotOf(own);
  await own.close();
  const { page: link } = await open(context, env.url + "/#dataset=xor&hidden=2&seed=9");
  await saved();
  const linkId = await slotOf(link);
  await link.close();
  // Every localStorage write throws QuotaExceededError in this tab.
  const { page, errors } = await open(context, env.url + "/#dataset=spiral&hidden=4&seed=2", () => {
    const real = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (this === window.localStorage) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
      return real.call(this, k, v);
    };
  });
  await page.waitForFunction(() => /storage is full/.test(document.getElementById("notice-text").textContent), null, { timeout: 10000 });
  const n = await points(page);
  assert.match(await noticeText(page), new RegExp(`your work \\(${n} points and the weights at epoch 0\\) could not be kept`));
  const e = await entries(page);
  assert.ok(e[ownId], "the learner's own work is never removed to make room");
  assert.ok(!e[linkId], "the link's untouched run made room");
  await shot(page, "storage-full");
  const fileOf = async (button) => {
    const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
    return fs.readFileSync(await d.path(), "utf8");
  };
  const csv = await fileOf("#export-unsaved-data");
  assert.equal(csv.trim().split("\n").length, n + 1, "every point exported");
  const model = JSON.parse(await fileOf("#export-unsaved-model"));
  assert.equal(model.format, "backprop-playground/model@1");
  assert.deepEqual(model.layers.map((l) => l.bias.length), [4, 2]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("#restore-saved and #saved-open list every saved run with what it holds; the learner picks one", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const { page: a } = await open(context, env.url + "/#dataset=circle&hidden=5,3&learningRate=0.1&seed=12");
  await draw(a, [[5.6, -5.6]]);
  await train(a, 30);
  const w = await a.evaluate(() => Array.from(playground.pg.params()));
  await saved();
  await a.close();
  const { page: b, errors } = await open(context, env.url + "/#dataset=xor&hidden=2&seed=99");
  assert.ok(await b.isVisible("#restore-saved"));
  await b.click("#restore-saved");
  assert.ok(await b.isVisible("#saved-list"), "the list opens");
  const first = b.locator("#saved-items li").first();
  assert.match(await first.textContent(), /^your data · 501 points · epoch 30 · hidden layers 5, 3 · /);
  await shot(b, "saved-list");
  await first.locator("button").click();
  await b.waitForFunction(() => /^Restored/.test(document.getElementById("notice-text").textContent));
  assert.equal(await b.isVisible("#saved-list"), false);
  assert.deepEqual(await b.evaluate(() => Array.from(playground.pg.params())), w, "the trained weights");
  assert.equal(await epoch(b), 30);
  assert.equal(await points(b), 501);
  assert.match(await noticeText(b), /^Restored: your data · 501 points · epoch 30/);
  await saved();
  // The link's run, replaced in this tab, is listed too (the header's button opens the list).
  await b.click("#saved-open");
  const texts = await b.locator("#saved-items li").allTextContents();
  assert.ok(texts.some((s) => /^Exclusive or · \d+ points · epoch 0 · hidden layers 2 · /.test(s)), texts.join("\n"));
  assert.ok(!texts.some((s) => /epoch 30/.test(s)), "not the run this tab shows");
  await b.click("#saved-close");
  // In Japanese, and on a phone.
  await b.click('[data-lang="ja"]');
  await b.click("#saved-open");
  assert.match(await b.locator("#saved-items li").first().textContent(), /^排他的論理和 · \d+ 点 · 0 エポック · 中間層 2 · /);
  await shot(b, "saved-list-ja");
  await b.setViewportSize({ width: 390, height: 844 });
  await shot(b, "saved-list-phone");
  await b.keyboard.press("Escape");
  assert.equal(await b.isVisible("#saved-list"), false, "Escape closes it");
  assert.deepEqual(errors, []);
  await context.close();
});

test("Back, Forward and a pasted link keep each trained run: restored, or listed", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=circle&hidden=3&seed=21");
  await train(page, 201);
  await saved();
  await page.evaluate(() => (location.hash = "#dataset=xor&hidden=2&seed=22"));
  await page.waitForFunction(() => playground.pg.config().dataset === "xor");
  assert.equal(await epoch(page), 0, "the pasted link starts its own run");
  await train(page, 101);
  await saved();
  await page.goBack();
  await page.waitForFunction(() => playground.pg.config().dataset === "circle");
  assert.equal(await epoch(page), 201, "Back: the first run as it was");
  await page.goForward();
  await page.waitForFunction(() => playground.pg.config().dataset === "xor");
  assert.equal(await epoch(page), 101, "Forward: the second run as it was");
  // While the tab is open it holds both runs' slots: no other tab prunes them.
  const held = await page.evaluate(async () => (await navigator.locks.query()).held.map((l) => l.name));
  assert.equal(held.filter((n) => n.startsWith("backprop-playground/slot/")).length, 2, held.join(", "));
  await saved();
  await page.reload();
  await ready(page);
  assert.equal(await dataset(page), "xor");
  assert.equal(await epoch(page), 101, "the reload restores the run it left");
  await page.click("#saved-open");
  const texts = await page.locator("#saved-items li").allTextContents();
  assert.ok(texts.some((s) => /^Circle · \d+ points · epoch 201 · /.test(s)), texts.join("\n"));
  await page.locator("#saved-items li", { hasText: "epoch 201" }).locator("button").click();
  await page.waitForFunction(() => /^Restored/.test(document.getElementById("notice-text").textContent));
  assert.equal(await epoch(page), 201);
  assert.deepEqual(errors, []);
  await context.close();
});

test("saved numbers no run can reach are refused with a notice, the weights restored and training going on", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=gauss&hidden=3&seed=31");
  await train(page, 12);
  await saved();
  const id = await slotOf(page);
  const tamper = (progress) => page.evaluate(([key, p]) => {
    const v = JSON.parse(localStorage.getItem(key));
    localStorage.setItem(key, JSON.stringify({ ...v, progress: p }));
  }, [SESSION + id, progress]);
  const refused = [
    { epoch: 2 ** 53 - 1, history: [] },
    { epoch: -3, history: [] },
    { epoch: 1.5, history: [] },
    { epoch: null, history: [] }, // NaN and Infinity are written as null
    { epoch: "12", history: [] },
    { epoch: 12, history: [0, -1, 0.5] },
    { epoch: 12, history: [0, 0.5, 0.5, 0, 0.4, 0.4] },
    { epoch: 12, history: [99, 0.5, 0.5] },
    { epoch: 12, history: [0, 0.5, 0.5, 2 ** 53, 0.1, 0.1] },
    { epoch: 12, history: ["a", 0.5, 0.5] },
    { epoch: 12, history: [0, 0.5] },
    { epoch: 12, history: "junk" },
  ];
  for (const [i, p] of refused.entries()) {
    await saved(); // (nothing is due: the reload's own save writes nothing over the tampered entry)
    const w = await page.evaluate(() => Array.from(playground.pg.params()));
    await tamper(p);
    await page.reload();
    await ready(page);
    assert.match(await noticeText(page), i === 0 ? /could not be restored completely \(its epoch count 9007199254740991 is more than a run can count here/ : /could not be restored completely/, JSON.stringify(p));
    assert.deepEqual(await page.evaluate(() => Array.from(playground.pg.params())), w, "the weights come back");
    assert.equal(await epoch(page), 0, "counted from 0");
    await page.click("#step");
    assert.equal(await epoch(page), 1, "training goes on");
  }
  await saved();
  // A large count a run can still reach is restored, and training goes on from it.
  await tamper({ epoch: 2 ** 40, history: [0, 0.7, 0.7, 2 ** 40, 0.2, 0.3] });
  await page.reload();
  await ready(page);
  assert.equal(await epoch(page), 2 ** 40);
  await page.click("#play");
  await page.waitForFunction((e) => playground.pg.metrics().epoch > e + 5, 2 ** 40);
  await page.click("#play");
  await page.evaluate(() => playground.settled());
  assert.deepEqual(errors, [], "no console errors");
  await context.close();
});
