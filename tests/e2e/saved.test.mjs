// On the page: the split is part of the data (round trips equal to the bit), saved work
// is never overwritten by a link or another tab, non-finite weights are never saved or
// exported, number boxes say no clearly, files read alike whatever their encoding, several
// dropped files, more classes, an empty training set, and saving that costs no frame.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { useBrowser, shot } from "./harness.mjs";

const env = useBrowser();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const ready = (page) => page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 20000 });
// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());
const points = (page) => page.evaluate(() => Array.from(playground.pg.points()));
const params = (page) => page.evaluate(() => Array.from(playground.pg.params()));
const metrics = (page) => page.evaluate(() => playground.pg.metrics());
const noticeText = (page) => page.textContent("#notice-text");
const file = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.isBuffer(text) ? text : Buffer.from(text) });
const saved = () => new Promise((r) => setTimeout(r, 1500)); // saving runs at most once a second
async function at(page, x1, x2) {
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const b = await page.locator("#boundary").boundingBox();
  return [b.x + ((x1 + 6) / 12) * b.width, b.y + ((6 - x2) / 12) * b.height];
}
async function open(context, url) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(url);
  await ready(page);
  return { page, errors };
}
async function download(page, button) {
  const [d] = await Promise.all([page.waitForEvent("download"), page.click(button)]);
  return fs.readFileSync(await d.path(), "utf8");
}
/** The four numbers the metrics table shows, exactly. */
const four = (m) => [m.trainLoss, m.testLoss, m.trainAccuracy, m.testAccuracy];

const SPIRAL = "/#dataset=spiral&seed=7&hidden=8,8&activation=tanh&optimizer=adam&learningRate=0.01";

test("the split is part of the data: model and CSV round trips, reload, reset and a new neuron keep it, metrics equal to the bit and to the CLI", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + SPIRAL);
  await page.evaluate(() => playground.pg.step(300));
  await page.click("#step"); // one more through the page, so the views follow: 301 epochs
  const m0 = await metrics(page);
  const p0 = await points(page);
  assert.equal(m0.epoch, 301);
  // The CLI on the same spec agrees (same split, same training).
  const cli = path.join(root, "target/debug/backprop");
  if (fs.existsSync(cli)) {
    const o = spawnSync(cli, ["train", "--dataset", "spiral", "--seed", "7", "--hidden", "8,8", "--activation", "tanh", "--optimizer", "adam", "--lr", "0.01", "--epochs", "301"], { encoding: "utf8" });
    assert.equal(o.status, 0, o.stderr);
    assert.match(o.stdout, new RegExp(`train: loss ${m0.trainLoss.toFixed(6)} `));
    assert.match(o.stdout, new RegExp(`test : loss ${m0.testLoss.toFixed(6)} `));
  }
  // Model export and import.
  const model = await download(page, "#export-model");
  await page.setInputFiles("#import-model", file("spiral.json", model));
  await page.waitForFunction(() => /spiral\.json/.test(document.getElementById("notice-text").textContent));
  assert.deepEqual(await points(page), p0, "every point in its set");
  assert.deepEqual(four(await metrics(page)), four(m0), "metrics equal to the bit");
  // CSV export (with the split column) and import.
  const csv = await download(page, "#export-csv");
  assert.match(csv, /^x1,x2,label,split\n/);
  assert.equal(csv.match(/,train\n/g).length, 250);
  assert.equal(csv.match(/,test\n/g).length, 250);
  await page.setInputFiles("#import-csv", file("spiral.csv", csv));
  await page.waitForFunction(() => /spiral\.csv/.test(document.getElementById("notice-text").textContent));
  assert.deepEqual(await points(page), p0);
  assert.deepEqual(four(await metrics(page)), four(m0));
  // Test points are not hidden training points: as many ringed dark as before.
  assert.equal((await points(page)).filter((v, i) => i % 4 === 3 && v === 0).length, 250);
  // Reload.
  await saved();
  await page.reload();
  await ready(page);
  assert.deepEqual(await points(page), p0);
  assert.deepEqual(four(await metrics(page)), four(m0), "after a reload");
  // Reset and a new neuron: new weights, the same sets.
  await page.click("#reset");
  await frame(page);
  assert.deepEqual(await points(page), p0, "Reset keeps the split");
  await page.click('#neuron-buttons button[data-layer="1"][data-delta="-1"]');
  await frame(page);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 7, 8, 2]);
  assert.deepEqual(await points(page), p0, "a network change keeps the split");
  assert.deepEqual(errors, []);
  await context.close();
});

test("a shared link never overwrites saved work: it is offered back (#restore-saved) and a new tab finds it", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page: a } = await open(context, env.url + "/#dataset=circle&hidden=5,3&learningRate=0.1&seed=12");
  await a.selectOption("#click-mode", "add");
  await a.mouse.click(...(await at(a, 5.6, -5.6)));
  await a.click("#step");
  await a.click("#step");
  const w = await params(a);
  const p = await points(a);
  await saved();
  // Someone's link, in a new tab.
  const { page: b, errors } = await open(context, env.url + "/#dataset=xor&hidden=2&seed=99");
  assert.deepEqual(await b.evaluate(() => playground.sizes), [2, 2, 2], "the link wins");
  assert.ok(await b.isVisible("#restore-saved"), "the saved work is offered back");
  assert.match(await noticeText(b), /saved work .* is kept/);
  await saved();
  // Opening the page again: the learner's work, not the link's run.
  const { page: c } = await open(context, env.url + "/");
  assert.deepEqual(await params(c), w, "the trained weights");
  assert.deepEqual(await points(c), p, "the drawn points");
  // The offer in the link's tab brings it back there too: from the list it opens.
  await b.click("#restore-saved");
  await b.locator("#saved-items li button").first().click();
  await frame(b);
  assert.deepEqual(await params(b), w);
  assert.deepEqual(await points(b), p);
  const slots = await b.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("backprop-playground/v2/session/")).length);
  assert.ok(slots >= 2, `${slots} sessions kept`);
  await shot(b, "saved-offered");
  assert.deepEqual(errors, []);
  await context.close();
});

test("two tabs never drop each other's changes", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page: a } = await open(context, env.url + "/#dataset=gauss&hidden=3&seed=4");
  await a.selectOption("#click-mode", "add");
  await a.mouse.click(...(await at(a, 5.5, 5.5)));
  await saved();
  const { page: b } = await open(context, env.url + "/");
  assert.equal((await points(b)).length, (await points(a)).length, "the second tab starts from the first's work");
  await b.selectOption("#click-mode", "add");
  await a.mouse.click(...(await at(a, -5.5, 5.5)));
  await b.mouse.click(...(await at(b, 5.5, -5.5)));
  await saved();
  const has = (q, x1, x2) => q.some((_, i) => i % 4 === 0 && Math.abs(q[i] - x1) < 0.05 && Math.abs(q[i + 1] - x2) < 0.05);
  await a.reload();
  await ready(a);
  await b.reload();
  await ready(b);
  const qa = await points(a);
  const qb = await points(b);
  assert.ok(has(qa, 5.5, 5.5) && has(qa, -5.5, 5.5) && !has(qa, 5.5, -5.5), "tab A has its own points");
  assert.ok(has(qb, 5.5, 5.5) && has(qb, 5.5, -5.5) && !has(qb, -5.5, 5.5), "tab B has its own points");
  // A duplicated tab shares the slot's id: the other writer is noticed and each keeps its work.
  const id = await a.evaluate(() => sessionStorage.getItem("backprop-playground/tab"));
  await b.evaluate((id) => sessionStorage.setItem("backprop-playground/tab", id), id);
  await b.reload();
  await ready(b);
  await a.selectOption("#click-mode", "add");
  await b.selectOption("#click-mode", "add");
  await b.mouse.click(...(await at(b, 0, -5.5)));
  await a.mouse.click(...(await at(a, 0, 5.5)));
  await saved();
  await a.reload();
  await ready(a);
  await b.reload();
  await ready(b);
  assert.ok(has(await points(a), 0, 5.5), "A kept its newest point");
  assert.ok(has(await points(b), 0, -5.5), "B kept its newest point");
  await context.close();
});

test("diverged weights are never saved or exported: the last good ones are, and the page says so", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=plane&hidden=8,8&activation=relu&learningRate=10&seed=1");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().diverged, null, { timeout: 15000 });
  await saved();
  const stored = await page.evaluate(() => {
    const k = Object.keys(localStorage).find((k) => k.startsWith("backprop-playground/v2/session/"));
    return JSON.parse(localStorage.getItem(k)).model;
  });
  assert.ok(stored && !stored.includes("null"), "the saved model has finite weights");
  const exported = await download(page, "#export-model");
  assert.ok(!exported.includes("null"));
  assert.ok(JSON.parse(exported).layers.every((l) => l.bias.every(Number.isFinite) && l.weights.flat().every(Number.isFinite)));
  assert.match(await noticeText(page), /last good weights/);
  await page.reload();
  await ready(page);
  assert.ok((await params(page)).every(Number.isFinite), "the reload restores finite weights");
  assert.equal(await page.isVisible("#notice") && /could not be restored/.test(await noticeText(page)), false);
  assert.deepEqual(errors, []);
  await context.close();
});

test("number boxes accept only what they show; regression values are checked and bounded", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=xor&hidden=2&seed=1");
  await page.click("#all-params summary");
  const box = page.locator('[data-param-number="W1[0][0]"]');
  const w0 = await page.evaluate(() => playground.pg.param("W1[0][0]"));
  for (const bad of ["1,5", "0x10", "", "Infinity", "1e999", "abc"]) {
    await box.fill(bad);
    await box.press("Enter");
    assert.equal(await box.getAttribute("aria-invalid"), "true", `${JSON.stringify(bad)} marks the box`);
    // (1e999 is written as a number, too large for one: out of range, not "not a number".)
    assert.match(await noticeText(page), bad === "1e999" ? /1e999 is out of range/ : /is not a number/, bad);
    assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), w0, `${JSON.stringify(bad)} changes nothing`);
  }
  // A number, but one no weight may hold: said in a notice (short, not in 309 digits), the box
  // marked and shown red, the weight unchanged.
  await box.fill("1e308");
  await box.press("Enter");
  assert.equal(await noticeText(page), "W1[0][0]: 1e308 is out of range (|value| ≤ 1e6)");
  assert.equal(await box.getAttribute("aria-invalid"), "true");
  assert.equal(await box.evaluate((b) => getComputedStyle(b).borderTopColor), "rgb(198, 40, 40)", "the refused box is red");
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), w0, "1e308 changes nothing");
  await box.fill("-1.5e-1");
  await box.press("Enter");
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), -0.15);
  assert.equal(await box.getAttribute("aria-invalid"), null);
  // Regression: the value box for new points.
  await page.goto(env.url + "/#dataset=plane&hidden=2&seed=1");
  await ready(page);
  assert.equal(await page.textContent("#add-label-text"), "with value", "a value, not a class");
  await page.click('[data-lang="ja"]');
  assert.equal(await page.textContent("#add-label-text"), "値:");
  await page.click('[data-lang="en"]');
  const n0 = (await points(page)).length;
  await page.selectOption("#click-mode", "add");
  for (const bad of ["", "abc", "1,5"]) {
    await page.fill("#add-value", bad);
    await page.mouse.click(...(await at(page, 5.7, 5.7)));
    assert.equal((await points(page)).length, n0, `${JSON.stringify(bad)} adds no point`);
    assert.equal(await page.getAttribute("#add-value", "aria-invalid"), "true");
    assert.match(await noticeText(page), /is not a number .*no point was added/);
  }
  await page.fill("#add-value", "1e200");
  await page.mouse.click(...(await at(page, 5.7, 5.7)));
  assert.equal((await points(page)).length, n0);
  assert.match(await noticeText(page), /label: 1e200 is out of range \(\|value\| ≤ 1e6\)/);
  await page.fill("#add-value", "0.5");
  await page.mouse.click(...(await at(page, 5.7, 5.7)));
  const q = await points(page);
  assert.equal(q.length, n0 + 4);
  assert.ok(q.some((v, i) => i % 4 === 2 && v === 0.5 && Math.abs(q[i - 2] - 5.7) < 0.1), "the point with value 0.5");
  assert.equal(await page.getAttribute("#add-value", "aria-invalid"), null);
  await page.setInputFiles("#import-csv", file("huge-label.csv", "x1,x2,label\n1,1,0.5\n2,2,1e200\n"));
  await page.waitForFunction(() => /huge-label/.test(document.getElementById("notice-text").textContent));
  assert.match(await noticeText(page), /line 3: label: 1e200 is out of range/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("UTF-16 and a BOM before a blank line read as plain UTF-8; several dropped files are handled in order", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=xor&hidden=3&seed=8");
  const text = "x1,x2,label\n1,1,1\n-1,-1,0\n2,-2,1\n";
  await page.setInputFiles("#import-csv", file("plain.csv", text));
  await page.waitForFunction(() => /plain\.csv/.test(document.getElementById("notice-text").textContent));
  const want = await points(page);
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
  const be = Buffer.from(text, "utf16le");
  for (let i = 0; i < be.length; i += 2) [be[i], be[i + 1]] = [be[i + 1], be[i]];
  const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), be]);
  const bomBlank = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("\r\n" + text)]);
  for (const [name, bytes] of [["le.csv", utf16le], ["be.csv", utf16be], ["bom.csv", bomBlank]]) {
    await page.setInputFiles("#import-csv", file(name, bytes));
    await page.waitForFunction((n) => document.getElementById("notice-text").textContent.includes(n), name);
    assert.match(await noticeText(page), new RegExp(`Loaded the data from ${name.replace(".", "\\.")}`));
    assert.deepEqual(await points(page), want, name);
  }
  // Three files dropped at once: each handled in turn, each named.
  await page.evaluate(() => {
    const dt = new DataTransfer();
    dt.items.add(new File(["x1,x2,label\n0,1,0\n1,0,1\n"], "first.csv", { type: "text/csv" }));
    dt.items.add(new File(["{ nope"], "broken.json", { type: "application/json" }));
    dt.items.add(new File(["x1,x2,label\n3,3,1\n-3,-3,0\n3,-3,0\n"], "second.csv", { type: "text/csv" }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true }));
  });
  await page.waitForFunction(() => /second\.csv/.test(document.getElementById("notice-text").textContent));
  const said = await noticeText(page);
  assert.ok(said.indexOf("first.csv") < said.indexOf("broken.json") && said.indexOf("broken.json") < said.indexOf("second.csv"), said);
  assert.match(said, /broken\.json: file: not a model file/);
  assert.equal((await points(page)).length / 4, 3, "the last data file is the data");
  assert.deepEqual(errors, []);
  await context.close();
});

test("2 to 8 classes load on the page, each with its own colour; an empty training set says so", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const { page, errors } = await open(context, env.url + "/#dataset=circle&hidden=3&seed=2");
  // A 5-class model (as `backprop train --data … --task 5` writes it) over 2-class data.
  const five = { format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "tanh", output: "softmax", layers: [{ weights: [[0.1, 0.2, 0.3], [0.3, 0.2, 0.1]], bias: [0, 0, 0] }, { weights: [[1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]], bias: [0, 0, 0, 0, 0] }] };
  await page.setInputFiles("#import-model", file("five.json", JSON.stringify(five)));
  await page.waitForFunction(() => /five\.json/.test(document.getElementById("notice-text").textContent));
  assert.match(await noticeText(page), /Loaded the model from five\.json/);
  assert.equal(await page.evaluate(() => playground.pg.classes()), 5);
  // An 8-class CSV.
  const rows = Array.from({ length: 8 }, (_, k) => `${Math.cos(k)},${Math.sin(k)},${k},train`).join("\n");
  await page.setInputFiles("#import-csv", file("eight.csv", "x1,x2,label,split\n" + rows + "\n"));
  await page.waitForFunction(() => /eight\.csv/.test(document.getElementById("notice-text").textContent));
  assert.match(await noticeText(page), /Loaded the data from eight\.csv/);
  assert.equal(await page.evaluate(() => playground.pg.classes()), 8);
  assert.equal(await page.locator("#add-class option").count(), 8);
  const colours = await page.evaluate(async () => (await import("./js/draw.js")).CLASS_RGB.slice(0, 8).map(String));
  assert.equal(new Set(colours).size, 8, "eight different class colours");
  await shot(page, "eight-classes");
  // Every point a test point: nothing to train on, and the page says so.
  await page.setInputFiles("#import-csv", file("tests-only.csv", "x1,x2,label,split\n1,1,0,test\n-1,-1,1,test\n"));
  await page.waitForFunction(() => /tests-only/.test(document.getElementById("notice-text").textContent));
  await page.click("#step");
  assert.match(await noticeText(page), /no training points/);
  await page.click("#play");
  await frame(page);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false", "does not pretend to train");
  assert.equal((await metrics(page)).epoch, 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test("saving costs no frame: large data (9 999 points) is written only when it changed", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  await context.addInitScript(() => {
    window.__writes = { csv: 0, session: 0 };
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (k, v) {
      if (this === window.localStorage && k.startsWith("backprop-playground/v2/csv/")) window.__writes.csv++;
      if (this === window.localStorage && k.startsWith("backprop-playground/v2/session/")) window.__writes.session++;
      return set.call(this, k, v);
    };
  });
  const { page, errors } = await open(context, env.url + "/#dataset=xor&hidden=3&seed=5");
  const rows = Array.from({ length: 9999 }, (_, i) => `${((i * 7919) % 1200) / 100 - 6},${((i * 104729) % 1200) / 100 - 6},${i % 2}`).join("\n");
  await page.setInputFiles("#import-csv", file("big.csv", "x1,x2,label\n" + rows + "\n"));
  await page.waitForFunction(() => /big\.csv/.test(document.getElementById("notice-text").textContent));
  await saved();
  const after = await page.evaluate(() => ({ ...window.__writes }));
  assert.equal(after.csv, 1, "the data written once after it changed");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch >= 3, null, { timeout: 20000 });
  await saved();
  await saved();
  await page.click("#play");
  const during = await page.evaluate(() => ({ ...window.__writes }));
  assert.equal(during.csv, 1, "training does not write the data again");
  assert.ok(during.session > after.session, "the weights are still saved");
  // A data edit writes it again, once.
  const n = (await points(page)).length;
  await page.selectOption("#click-mode", "add");
  await page.mouse.click(...(await at(page, 5.5, 5.5)));
  assert.equal((await points(page)).length, n + 4);
  await saved();
  assert.equal(await page.evaluate(() => window.__writes.csv), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a save the browser refuses once is tried again: the points drawn meanwhile survive a reload", async () => {
  for (const which of ["session/", "csv/"]) {
    const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const { page, errors } = await open(context, env.url + "/#dataset=xor&seed=3");
    const before = (await points(page)).length / 4;
    // The next write of this kind throws QuotaExceededError, once.
    await page.evaluate((which) => {
      const real = Storage.prototype.setItem;
      let armed = true;
      Storage.prototype.setItem = function (key, value) {
        if (armed && key.includes(which)) {
          armed = false;
          throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
        }
        return real.call(this, key, value);
      };
    }, which);
    await page.selectOption("#click-mode", "add");
    // The refused save's notice (it stays: it offers the exports) is brought into sight under
    // Saved work…, which scrolls the page: a click aimed just before that lands elsewhere, so
    // each point is clicked again (aimed anew) until it is there.
    for (const [x1, x2] of [[5.5, 5.5], [-5.5, 5.5], [5.5, -5.5]]) {
      const n = (await points(page)).length;
      for (let tries = 0; tries < 3 && (await points(page)).length === n; tries++) {
        await page.mouse.click(...(await at(page, x1, x2)));
        // (Given time to land before it is aimed again, so a click that did is never repeated.)
        await page.waitForFunction((n) => playground.pg.points().length !== n, n, { timeout: 2000 }).catch(() => {});
      }
      await frame(page);
    }
    assert.equal((await points(page)).length / 4, before + 3);
    await page.waitForFunction(() => /could not be saved/.test(document.getElementById("notice-text").textContent), null, { timeout: 5000 });
    assert.match(await noticeText(page), /keeps trying every second/);
    await page.click("#step");
    await saved();
    await saved();
    await page.reload();
    await ready(page);
    assert.equal((await points(page)).length / 4, before + 3, `${which}: the three points came back`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
