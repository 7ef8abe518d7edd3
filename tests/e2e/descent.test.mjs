// Gradient descent you can watch: the loss chart from epoch 0, the gradients on the network
// graph (equal to `backprop grad` for the same model and batch), the loss landscape (its middle
// is the training loss, a corner is the loss with the two weights set by hand), hidden space.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { execFileSync } from "node:child_process";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "../..");
// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());
const distinctPixels = (page, id) =>
  page.evaluate((id) => {
    const c = document.getElementById(id);
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    const s = new Set();
    for (let i = 0; i < d.length; i += 16) s.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2] | (d[i + 3] << 24));
    return s.size;
  }, id);

test("the loss chart shows epoch 0 and labels train and test", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&seed=2");
  await frame(page);
  assert.ok((await distinctPixels(page, "loss-chart")) > 3, "the chart is not an empty box at epoch 0");
  assert.match(await page.textContent(".metrics"), /train.*test.*Loss.*Accuracy/s);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the gradient view shows ∂L/∂w of the last mini-batch: equal to `backprop grad` on the same model and batch", async () => {
  // Batch size ≥ the training set: the last mini-batch is the whole training set.
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=xor&points=60&trainRatio=0.5&hidden=3,2&batchSize=100&seed=8&activation=tanh");
  const model = await page.evaluate(() => playground.pg.exportModel());
  const csv = await page.evaluate(() => {
    const p = playground.pg.points();
    const rows = ["x1,x2,label"];
    for (let i = 0; i < p.length; i += 4) if (p[i + 3] === 1) rows.push(`${p[i]},${p[i + 1]},${p[i + 2]}`);
    return rows.join("\n") + "\n";
  });
  await page.check("#show-gradients");
  await page.click("#step");
  await frame(page);
  const drawn = await page.evaluate(() => playground.drawnValues());
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "bp-grad-"));
  fs.writeFileSync(path.join(dir, "m.json"), model);
  fs.writeFileSync(path.join(dir, "d.csv"), csv);
  const out = execFileSync("cargo", ["run", "-q", "-p", "backprop-cli", "--", "grad", "--model", path.join(dir, "m.json"), "--data", path.join(dir, "d.csv")], { cwd: root, encoding: "utf8" });
  const cli = JSON.parse(out);
  const want = cli.layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);
  assert.equal(drawn.length, want.length);
  drawn.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= 1e-12 * Math.max(1, Math.abs(want[i])), `parameter ${i}: page ${g} vs CLI ${want[i]}`));
  assert.ok(want.some((g) => Math.abs(g) > 1e-6), "the gradients are not all zero");
  // Hovering a link names the gradient.
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.mouse.move(box.x + node.x - 40, box.y + node.y);
  await shot(page, "descent-gradients");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the loss landscape: middle = training loss, a corner = the two weights set by hand, the network unchanged", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=4&seed=5", { width: 1400, height: 1300 });
  const r = await page.evaluate(() => {
    const pg = playground.pg;
    const before = Array.from(pg.params());
    const a = "W1[0][1]";
    const b = "b2[0]";
    const n = 5;
    const span = 0.75;
    const grid = Array.from(pg.lossLandscape(a, b, n, span));
    const curve = Array.from(pg.lossLandscape(a, "", 7, span));
    const after = Array.from(pg.params());
    const train = pg.metrics().trainLoss;
    const va = pg.param(a);
    const vb = pg.param(b);
    pg.setParam(a, va + span);
    pg.setParam(b, vb - span);
    const corner = pg.metrics().trainLoss;
    pg.setParam(a, va);
    pg.setParam(b, vb);
    return { grid, curve, before, after, train, corner, n };
  });
  assert.equal(r.grid.length, r.n * r.n);
  assert.equal(r.grid[(r.n * r.n - 1) / 2], r.train, "the middle value is the training loss");
  assert.equal(r.curve.length, 7);
  assert.equal(r.curve[3], r.train);
  assert.ok(Math.abs(r.grid[r.n - 1] - r.corner) <= 1e-14 * r.corner, `corner (row b − span, column a + span): ${r.grid[r.n - 1]} vs ${r.corner}`);
  assert.deepEqual(r.after, r.before, "lossLandscape leaves the network unchanged");
  // Bad arguments are refused with a message.
  for (const args of [["W1[0][1]", "", 4, 1], ["W1[0][1]", "W1[0][1]", 5, 1], ["W9[0][0]", "", 5, 1], ["W1[0][1]", "", 5, -1]]) {
    const msg = await page.evaluate((args) => {
      try {
        playground.pg.lossLandscape(...args);
        return null;
      } catch (e) {
        return e.message;
      }
    }, args);
    assert.ok(msg, `refused: ${JSON.stringify(args)}`);
  }
  // The page: pick one weight from the weight panel, then a second.
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.mouse.click(box.x + node.x, box.y + node.y);
  await page.click('#weights-body [data-landscape="W1[0][0]"]');
  await frame(page); // (the landscape is computed in slices)
  assert.ok(await page.isVisible("#landscape"));
  const g = await page.evaluate(() => playground.pg.trainGradient()[0]);
  assert.match(await page.textContent("#landscape-readout"), new RegExp(`∂L/∂w = ${g.toPrecision(4).replace(/[.+-]/g, "\\$&")}`), "the tangent's slope is the backprop gradient");
  assert.ok((await distinctPixels(page, "landscape-canvas")) > 5);
  await shot(page, "descent-landscape-curve");
  // The second pick and Train at once: the map is computed in slices while training frames
  // come, and the curve's data must not be drawn as the map meanwhile.
  await page.evaluate(() => {
    document.querySelector('#weights-body [data-landscape="W1[1][0]"]').click();
    document.getElementById("play").click();
  });
  await page.waitForFunction(() => playground.pg.metrics().epoch > 200);
  await page.click("#play");
  await frame(page);
  assert.ok((await distinctPixels(page, "landscape-canvas")) > 30, "a heatmap with contours");
  assert.match(await page.textContent("#land-hint"), /blue where it is low, orange where it is high/, "the map's hint says what its colours mean");
  // The map was computed a few rows at a time: the same values as the picture's in one call,
  // within display precision of the exact map, its middle exact.
  const map = await page.evaluate(() => {
    const l = playground.landscape();
    const whole = Array.from(playground.pg.lossLandscape(l.picks[0], l.picks[1], l.n, l.span, 0, l.n, true));
    const exact = Array.from(playground.pg.lossLandscape(l.picks[0], l.picks[1], l.n, l.span));
    const mid = (l.n * l.n - 1) / 2;
    return {
      n: l.n,
      picks: l.picks,
      same: whole.length === l.values.length && whole.every((v, i) => Object.is(v, l.values[i])),
      worst: Math.max(...exact.map((e, i) => Math.abs(e - l.values[i]) / Math.max(1, Math.abs(e)))),
      middle: [l.values[mid], exact[mid]],
    };
  });
  assert.deepEqual(map.picks, ["W1[0][0]", "W1[1][0]"]);
  assert.equal(map.n, 65);
  assert.ok(map.same, `the ${map.n}² map on screen is the core's picture`);
  assert.ok(map.worst <= 1e-5, `within display precision of the exact map: ${map.worst}`);
  assert.equal(map.middle[0], map.middle[1], "its middle value is exact");
  // Dragging the point moves both weights.
  const w0 = await page.evaluate(() => [playground.pg.param("W1[0][0]"), playground.pg.param("W1[1][0]")]);
  const c = await page.locator("#landscape-canvas").boundingBox();
  await page.mouse.move(c.x + c.width * 0.3, c.y + c.height * 0.3);
  await page.mouse.down();
  await page.mouse.move(c.x + c.width * 0.35, c.y + c.height * 0.35, { steps: 3 });
  await page.mouse.up();
  await frame(page);
  const w1 = await page.evaluate(() => [playground.pg.param("W1[0][0]"), playground.pg.param("W1[1][0]")]);
  assert.ok(w1[0] !== w0[0] && w1[1] !== w0[1], `both weights moved: ${w0} → ${w1}`);
  // The map followed the point: once let go, it is centred on the new weights.
  await page.evaluate(() => playground.settled());
  const centred = await page.evaluate(() => {
    const l = playground.landscape();
    const exact = playground.pg.metrics().trainLoss;
    return { n: l.n, middle: l.values[(l.n * l.n - 1) / 2], exact };
  });
  assert.equal(centred.n, 65);
  assert.equal(centred.middle, centred.exact, "the map's middle is the loss at the dragged weights");
  const slider = await page.inputValue('#weights-body input[type="range"][data-param="W1[0][0]"]');
  assert.ok(Math.abs(Number(slider) - w1[0]) <= 0.0005, `the slider follows (${slider} vs ${w1[0]}; its step is 0.001)`);
  await shot(page, "descent-landscape-map");
  assert.deepEqual(errors, []);
  await page.close();
});

test("phone: the loss landscape's canvas holds a device pixel per screen pixel (DPR 3)", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=en&dataset=spiral&hidden=8,8&seed=2&landscape=W1[0][0],W1[1][0]");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.locator("#landscape-canvas").scrollIntoViewIfNeeded();
  await page.evaluate(() => playground.settled());
  const c = await page.$eval("#landscape-canvas", (e) => ({ w: e.width, h: e.height, css: e.getBoundingClientRect().width, cssH: e.getBoundingClientRect().height, dpr: devicePixelRatio }));
  assert.equal(c.dpr, 3);
  assert.equal(c.w, Math.round(c.css * 3), `the store is the box's width in device pixels: ${c.w} for ${c.css} CSS px`);
  assert.ok(Math.abs(c.h - c.cssH * 3) <= 3, `and its height: ${c.h} for ${c.cssH} CSS px`);
  assert.ok((await distinctPixels(page, "landscape-canvas")) > 30, "the map is drawn");
  await shot(page, "phone-landscape-dpr3");
  await page.locator("#landscape").screenshot({ path: new URL("./screenshots/phone-landscape-dpr3-box.png", import.meta.url).pathname });
  assert.deepEqual(errors, []);
  await context.close();
});

test("hidden space: the points through two hidden neurons, live", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=4,3&seed=5", { width: 1400, height: 1300 });
  const check = await page.evaluate(() => {
    const pg = playground.pg;
    const acts = pg.activations(1);
    const p = pg.points();
    const tr = pg.trace(p[0], p[1], p[2]);
    return { row: Array.from(acts.slice(0, 4)), z: tr.layers[0].z, n: acts.length, points: p.length / 4 };
  });
  assert.equal(check.n, check.points * 4, "points × width");
  check.row.forEach((v, i) => assert.ok(Math.abs(v - check.z[i]) < 1e-12, "the first point's hidden activations are its trace's z1"));
  await page.click("#hidden-space summary");
  await page.selectOption("#hs-b", "2");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch > 100);
  await page.click("#play");
  await frame(page);
  assert.ok((await distinctPixels(page, "hs-canvas")) > 5, "the hidden space is drawn");
  await page.locator("#hidden-space").scrollIntoViewIfNeeded();
  await shot(page, "descent-hidden-space");
  assert.deepEqual(errors, []);
  await page.close();
});

test("slow motion: one mini-batch at a time, forward then backward then update on the graph", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=4,2&seed=3&batchSize=10", { width: 1400, height: 900 });
  assert.equal(await page.inputValue("#speed"), "1", "the default speed is one epoch per redraw, slow enough to watch");
  await page.selectOption("#speed", "slow");
  const p0 = await page.evaluate(() => Array.from(playground.pg.params()));
  await page.click("#step");
  await frame(page);
  assert.match(await page.textContent("#batch-info"), /batch 1\/25/);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 1, "the first batch begins epoch 1");
  assert.notDeepEqual(await page.evaluate(() => Array.from(playground.pg.params())), p0, "one step moved the weights");
  await page.click("#play");
  const phases = new Set();
  for (let i = 0; i < 60 && phases.size < 3; i++) {
    const m = (await page.textContent("#batch-info")).match(/(forward|backward|update)$/);
    if (m) phases.add(m[1]);
    await page.waitForTimeout(60);
  }
  await page.click("#play");
  assert.deepEqual([...phases].sort(), ["backward", "forward", "update"], "each step plays its forward, backward and update");
  await shot(page, "descent-slow-motion");
  assert.deepEqual(errors, []);
  await page.close();
});
