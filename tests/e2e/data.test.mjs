// Your own data and models, never lost, and no input breaks the page — in real Chromium.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();

// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());
const points = (page) => page.evaluate(() => Array.from(playground.pg.points()));
const params = (page) => page.evaluate(() => Array.from(playground.pg.params()));
const noticeText = (page) => page.textContent("#notice-text");
/** Page coordinates of input point (x1, x2) on the output canvas. */
async function at(page, x1, x2) {
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const b = await page.locator("#boundary").boundingBox();
  return [b.x + ((x1 + 6) / 12) * b.width, b.y + ((6 - x2) / 12) * b.height];
}
const file = (name, text) => ({ name, mimeType: "text/plain", buffer: Buffer.from(text) });

test("click adds points of the chosen class, right- and shift-click remove, clear empties — also while training", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=4&seed=3");
  const n0 = (await points(page)).length / 4;
  const loss0 = await page.textContent("#train-loss");
  await page.selectOption("#click-mode", "add");
  await page.selectOption("#add-class", "0");
  await page.mouse.click(...(await at(page, 4, 4)));
  await page.selectOption("#add-class", "1");
  await page.mouse.click(...(await at(page, -4, 4)));
  await frame(page);
  let p = await points(page);
  assert.equal(p.length / 4, n0 + 2);
  const added = p.filter((_, i) => i % 4 === 0).map((_, k) => p.slice(4 * k, 4 * k + 4)).filter((q) => Math.abs(q[0] - 4) < 0.1 && Math.abs(q[1] - 4) < 0.1);
  assert.equal(added.length, 1);
  assert.equal(added[0][2], 0, "class 0");
  assert.equal(added[0][3], 1, "a training point");
  assert.notEqual(await page.textContent("#train-loss"), loss0, "the loss follows at once");
  // Right-click removes the nearest point; so does shift-click.
  await page.mouse.click(...(await at(page, 4.05, 4)), { button: "right" });
  await page.keyboard.down("Shift");
  await page.mouse.click(...(await at(page, -4, 4.05)));
  await page.keyboard.up("Shift");
  assert.equal((await points(page)).length / 4, n0);
  // While training, added points join at once.
  await page.click("#play");
  await page.waitForTimeout(300);
  await page.mouse.click(...(await at(page, 5, -5)));
  await page.waitForTimeout(300);
  assert.equal((await points(page)).length / 4, n0 + 1);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "true", "still training");
  await page.click("#play");
  await page.click("#clear-data");
  await frame(page);
  assert.equal((await points(page)).length, 0);
  assert.equal(await page.textContent("#train-loss"), "–", "no data, no loss");
  // Draw a tiny data set from scratch and train on it.
  for (const [x1, x2, c] of [[3, 3, "1"], [-3, -3, "1"], [3, -3, "0"], [-3, 3, "0"]]) {
    await page.selectOption("#add-class", c);
    await page.mouse.click(...(await at(page, x1, x2)));
  }
  await page.click("#step");
  await frame(page);
  assert.equal((await points(page)).length / 4, 4);
  assert.notEqual(await page.textContent("#train-loss"), "–");
  await shot(page, "data-drawn");
  assert.deepEqual(errors, []);
  await page.close();
});

test("touch: a tap adds a point", async () => {
  const context = await env.browser.newContext({ hasTouch: true, viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(env.url + "/#dataset=circle&seed=2");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  const n0 = (await points(page)).length;
  await page.selectOption("#click-mode", "add");
  await page.touchscreen.tap(...(await at(page, 5.5, 5.5)));
  assert.equal((await points(page)).length, n0 + 4);
  await page.selectOption("#click-mode", "remove");
  await page.touchscreen.tap(...(await at(page, 5.5, 5.5)));
  assert.equal((await points(page)).length, n0);
  await context.close();
});

test("phone: a vertical swipe over the output scrolls the page and traces nothing; a tap still traces", async () => {
  const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await page.goto(env.url + "/#dataset=gauss&seed=2&hidden=3");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const box = await page.locator("#boundary").boundingBox();
  const cdp = await context.newCDPSession(page);
  const y0 = await page.evaluate(() => scrollY);
  // An upward swipe that starts on the output (through CDP touch events, as a finger sends them).
  const x = box.x + box.width / 2;
  const from = box.y + box.height * 0.8;
  const touch = (type, y) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
  await touch("touchStart", from);
  for (let i = 1; i <= 10; i++) await touch("touchMove", from - i * 25);
  await touch("touchEnd", from - 250);
  await page.waitForFunction((y) => scrollY > y + 100, y0, { timeout: 5000 });
  assert.equal(await page.evaluate(() => playground.sample), null, "a swipe traces nothing");
  assert.equal(await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get("view")), "network", "and does not switch the view");
  // A tap on a point still traces it.
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const p = await page.evaluate(() => Array.from(playground.points.slice(0, 2)));
  await page.touchscreen.tap(...(await at(page, p[0], p[1])));
  await page.waitForFunction(() => playground.sample !== null);
  await context.close();
});

test("CSV and model files: export, import from the picker, and drop on the page", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=gauss&hidden=3&seed=6");
  // Export the data: the download is the CSV the CLI reads.
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  assert.equal(dl.suggestedFilename(), "backprop-data.csv");
  const csv = fs.readFileSync(await dl.path(), "utf8");
  assert.match(csv, /^x1,x2,label,split\n/, "every point with its set");
  assert.equal(csv.trim().split("\n").length, 501);
  // Import a small CSV.
  await page.setInputFiles("#import-csv", file("mine.csv", "x1,x2,label\n1,1,1\n-1,-1,0\n2,2,1\n-2,-2,0\n"));
  await frame(page);
  assert.equal((await points(page)).length / 4, 4);
  assert.match(await noticeText(page), /Loaded the data from mine\.csv/);
  // Export and re-import the model (what `backprop train --model` reads).
  const [dm] = await Promise.all([page.waitForEvent("download"), page.click("#export-model")]);
  const model = JSON.parse(fs.readFileSync(await dm.path(), "utf8"));
  assert.equal(model.format, "backprop-playground/model@1");
  assert.equal(model.layers.length, 2);
  const article = fs.readFileSync(new URL("../fixtures/article-example.json", import.meta.url), "utf8");
  const n = JSON.parse(article).network;
  const articleModel = JSON.stringify({ format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "relu", output: "softmax", layers: [{ weights: n.W1, bias: n.b1 }, { weights: n.W2, bias: n.b2 }] });
  await page.setInputFiles("#import-model", file("article.json", articleModel));
  await frame(page);
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2]);
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][2]")), 0.5);
  assert.equal((await points(page)).length / 4, 4, "importing a model keeps the data");
  // Drop a CSV file on the page.
  await page.evaluate((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], "dropped.csv", { type: "text/csv" }));
    document.body.dispatchEvent(new DragEvent("dragover", { dataTransfer: dt, bubbles: true }));
    document.body.dispatchEvent(new DragEvent("drop", { dataTransfer: dt, bubbles: true }));
  }, "x1,x2,label\n0,1,0\n1,0,1\n");
  await page.waitForFunction(() => playground.pg.points().length === 8);
  assert.match(await noticeText(page), /dropped\.csv/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("bad files are refused with what and where, and nothing changes", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=3&seed=8");
  const p0 = await points(page);
  const w0 = await params(page);
  const big = "x1,x2,label\n" + "1,1,0\n".repeat(400000);
  const cases = [
    ["import-csv", file("empty.csv", ""), /empty\.csv: line 1: the file is empty/],
    ["import-csv", file("header.csv", "a,b,c\n1,2,0\n"), /line 1: expected the header x1,x2,label/],
    ["import-csv", file("cols.csv", "x1,x2,label\n1,2\n"), /line 2: expected 3 fields/],
    ["import-csv", file("nan.csv", "x1,x2,label\n1,2,0\nNaN,1,1\n"), /line 3: x1: NaN is not a finite number/],
    ["import-csv", file("word.csv", "x1,x2,label\n1,two,0\n"), /line 2: x2: "two" is not a number/],
    ["import-csv", file("inf.csv", "x1,x2,label\n1,Infinity,0\n"), /line 2: x2: inf is not a finite number/],
    ["import-csv", file("label.csv", "x1,x2,label\n1,2,8\n"), /line 2: label: 8 is not a class index 0\.\.7/],
    ["import-csv", file("many.csv", "x1,x2,label\n" + "1,1,0\n".repeat(10001)), /line 10002: too many rows \(at most 10000\)/],
    ["import-csv", file("huge.csv", big), /huge\.csv is too large: 2\s400\s012 bytes; the limit is 2\s097\s152\. /],
    ["import-csv", { name: "binary.csv", mimeType: "application/octet-stream", buffer: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]) }, /binary\.csv: this is not a text file/],
    ["import-model", file("bad.json", "{ not json"), /bad\.json: file: not a model file/],
    ["import-model", file("shape.json", JSON.stringify({ format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "tanh", output: "softmax", layers: [{ weights: [[1, 2, 3], [4, 5, 6]], bias: [0, 0, 0] }, { weights: [[1, 2], [3, 4]], bias: [0, 0] }] })), /layers\[1\]\.weights: expected 3 rows, found 2/],
    ["import-model", file("act.json", JSON.stringify({ format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "constructor", output: "softmax", layers: [{ weights: [[1, 2], [3, 4]], bias: [0, 0] }] })), /activation: unknown activation "constructor"/],
    ["import-model", file("task.json", JSON.stringify({ format: "backprop-playground/model@1", features: ["x1"], activation: "tanh", output: "linear", layers: [{ weights: [[1]], bias: [0] }] })), /the model is for regression but the data is for 2 classes/],
  ];
  for (const [input, f, want] of cases) {
    await page.setInputFiles(`#${input}`, f);
    await page.waitForFunction((name) => document.getElementById("notice-text").textContent.includes(name), f.name);
    assert.match(await noticeText(page), want, f.name);
    assert.match(await noticeText(page), /Nothing was changed/);
    assert.deepEqual(await points(page), p0, `${f.name}: the data stayed`);
    assert.deepEqual(await params(page), w0, `${f.name}: the model stayed`);
  }
  await shot(page, "data-bad-file");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the configuration, data and weights survive a reload; a shared link wins; start over forgets", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  await page.goto(env.url + "/#dataset=circle&hidden=5,3&learningRate=0.1&seed=12");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.selectOption("#click-mode", "add");
  await page.mouse.click(...(await at(page, 5.6, -5.6)));
  await page.click("#step");
  await page.click("#step");
  // And training for a while: the epoch and the loss curve are part of the work.
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch > 60);
  await page.click("#play");
  await page.evaluate(() => playground.settled());
  const w = await params(page);
  const p = await points(page);
  const run = await page.evaluate(() => ({ epoch: playground.pg.metrics().epoch, curve: playground.history.length / 3, loss: playground.pg.metrics().trainLoss }));
  const hash = await page.evaluate(() => location.hash);
  await page.waitForTimeout(1300); // saving runs at most once a second
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.equal(await page.evaluate(() => location.hash), hash);
  assert.deepEqual(await params(page), w, "the trained weights came back");
  const back = await page.evaluate(() => ({ epoch: playground.pg.metrics().epoch, curve: playground.history.length / 3, loss: playground.pg.metrics().trainLoss }));
  assert.deepEqual(back, run, "the epoch, the loss curve's points and the loss came back");
  assert.equal(await page.textContent("#epoch"), String(run.epoch));
  const q = await points(page);
  assert.equal(q.length, p.length, "the edited data came back");
  assert.ok(q.some((_, i) => i % 4 === 0 && Math.abs(q[i] - 5.6) < 0.05), "with the hand-drawn point");
  // Without a fragment, the saved session is restored too.
  await page.goto(env.url + "/");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.deepEqual(await params(page), w);
  assert.equal(await page.evaluate(() => playground.pg.config().learningRate), 0.1);
  // A shared link wins over the saved state.
  const other = await context.newPage();
  await other.goto(env.url + "/#dataset=xor&hidden=2&seed=99");
  await other.waitForFunction(() => document.body.classList.contains("ready"));
  assert.deepEqual(await other.evaluate(() => playground.sizes), [2, 2, 2]);
  assert.equal((await points(other)).length, 2000);
  await other.close();
  // Start over forgets everything.
  await page.click("#start-over");
  await page.waitForTimeout(1300);
  await page.goto(env.url + "/");
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 4, 2, 2], "the defaults");
  assert.equal(await page.evaluate(() => playground.pg.config().dataset), "circle");
  await context.close();
});

test("a diverging run pauses, says what to try, and restores the last good weights", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=plane&hidden=8,8&activation=relu&learningRate=10&seed=1");
  await page.click("#play");
  await page.waitForFunction(() => !document.getElementById("notice").hidden, null, { timeout: 15000 });
  assert.match(await noticeText(page), /Training diverged.*smaller learning rate/);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false", "paused by itself");
  const bad = await params(page);
  const m = await page.evaluate(() => playground.pg.metrics());
  assert.ok(bad.some((v) => !Number.isFinite(v)) || !Number.isFinite(m.trainLoss), `weights ${bad.slice(0, 4)}…, metrics ${JSON.stringify(m)}`);
  assert.ok(m.diverged);
  await shot(page, "diverged");
  await page.click("#notice-actions button");
  await frame(page);
  const good = await params(page);
  assert.ok(good.every(Number.isFinite), "the last good weights are back");
  assert.ok(Number.isFinite(await page.evaluate(() => playground.pg.metrics().trainLoss)));
  assert.deepEqual(errors, []);
  await page.close();
});

test("link values are clamped or rejected, listed, and never run as code", async () => {
  const hash = "#learningRate=50&hidden=9,2,3,4,5,6,7,8&noise=abc&dataset=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E&activation=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E";
  const { page, errors } = await openPage(env.browser, env.url + "/" + hash);
  const text = await noticeText(page);
  assert.match(text, /learningRate="50": out of range 0\.000001 to 10; 10 used/);
  assert.match(text, /hidden=.*8,2,3,4,5,6 used/);
  assert.match(text, /noise="abc": not a number; the default is used/);
  assert.match(text, /<img src=x onerror=window\.__pwned=1>/, "shown as text");
  const c = await page.evaluate(() => playground.pg.config());
  assert.equal(c.learningRate, 10);
  assert.deepEqual(c.hidden, [8, 2, 3, 4, 5, 6]);
  assert.equal(c.dataset, "circle");
  await page.waitForTimeout(200);
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.locator("#notice img, #notice script").count(), 0);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the Content-Security-Policy blocks inline scripts and eval", async () => {
  const { page } = await openPage(env.browser, env.url + "/");
  const result = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener("securitypolicyviolation", (e) => violations.push(e.violatedDirective));
    const s = document.createElement("script");
    s.textContent = "window.__inline = 1";
    document.body.append(s);
    const div = document.createElement("div");
    div.innerHTML = '<img src="x" onerror="window.__handler = 1">';
    document.body.append(div);
    await new Promise((r) => setTimeout(r, 300));
    const policy = document.querySelector('meta[http-equiv="Content-Security-Policy"]').content;
    return { inline: window.__inline, handler: window.__handler, policy, violations };
  });
  assert.equal(result.inline, undefined, "the inline script did not run");
  assert.equal(result.handler, undefined, "the inline handler did not run");
  // No eval beyond what wasm compilation needs. (Code run through the DevTools protocol, as
  // this test is, is exempt from the eval rule, so the policy itself is checked.)
  const scriptSrc = result.policy.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"));
  assert.equal(scriptSrc, "script-src 'self' 'wasm-unsafe-eval'");
  assert.doesNotMatch(result.policy, /unsafe-inline|'unsafe-eval'/);
  assert.ok(result.violations.some((d) => d.startsWith("script-src")), JSON.stringify(result.violations));
  // …while the page itself (wasm included) works under it.
  assert.ok(Number(await page.evaluate(() => playground.pg.metrics().trainLoss)) > 0);
  await page.close();
});
