// The decision boundary at full resolution: the page's f32 boundary grid (evaluateBoundary:
// tiles where the boundary is computed cell by cell, flat tiles interpolated from their
// corners) against the all-neuron grid (evaluateGrid: every cell, node-major f32 planes) at
// the same size, after training, for two and three classes and regression; and the canvas
// drawn at the screen's device pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage, openInContext } from "./harness.mjs";

const env = useBrowser();

/** In the page: trains `epochs`, then compares the two grids at `size`; returns the worst
 * difference and the most colour steps (of 255) between what the page would paint. */
const compare = (page, size, epochs) =>
  page.evaluate(
    ([size, epochs]) => {
      const pg = playground.pg;
      pg.step(epochs);
      const mem = () => wasmBindings.wasmMemory().buffer;
      const [ptr, k] = pg.evaluateBoundary(size);
      const f32 = new Float32Array(mem(), ptr, size * size * k).slice();
      const layout = pg.evaluateGrid(size);
      const l = layout.length - 2;
      const n2 = size * size;
      const plane = new Float32Array(mem(), layout[l], n2 * layout[l + 1]);
      // The output plane (node-major) as rows of k, like the boundary's.
      const f64 = Float64Array.from({ length: n2 * k }, (_, q) => plane[(q % k) * n2 + Math.floor(q / k)]);
      let worst = 0;
      let steps = 0;
      let classes = 0;
      const index = (v) => Math.min(255, Math.max(0, ((v + 1) * 127.5) | 0));
      for (let i = 0; i < size * size; i++) {
        for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(f32[i * k + j] - f64[i * k + j]));
        const v = (a) => (k === 1 ? a[i] : k === 2 ? a[2 * i + 1] - a[2 * i] : 0);
        steps = Math.max(steps, Math.abs(index(v(f32)) - index(v(f64))));
        // The most probable class, wherever the exact grid is clear about it.
        const best = (a) => { let b = 0; for (let j = 1; j < k; j++) if (a[i * k + j] > a[i * k + b]) b = j; return b; };
        const sorted = Array.from(f64.subarray(i * k, i * k + k)).sort((a, b) => b - a);
        if (k > 1 && sorted[0] - sorted[1] > 0.02 && best(f32) !== best(f64)) classes++;
      }
      return { k, worst, steps, classes };
    },
    [size, epochs],
  );

for (const [name, hash, k] of [
  ["spiral [8×6] tanh", "dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8,8,8,8,8&seed=1", 2],
  ["spiral3 [8,8] relu", "dataset=spiral3&points=300&activation=relu&hidden=8,8&seed=2", 3],
  ["bumps [6,4] sigmoid, x1² x2²", "dataset=bumps&activation=sigmoid&hidden=6,4&features=x1,x2,x1%5E2,x2%5E2&seed=3", 1],
]) {
  test(`the full-resolution boundary equals the exact f64 grid to display precision: ${name}`, async () => {
    const { page, errors } = await openPage(env.browser, env.url + "/#" + hash);
    const r = await compare(page, 360, 150);
    assert.equal(r.k, k);
    assert.ok(r.worst <= 0.02, `worst difference ${r.worst}`);
    assert.ok(r.steps <= 2, `colour steps ${r.steps}`);
    assert.equal(r.classes, 0, "cells of another class");
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the boundary canvas holds one pixel per device pixel, and the boundary reaches it once the page is still", async () => {
  for (const dpr of [1, 2]) {
    const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: dpr });
    await page.goto(env.url + "/");
    await page.waitForFunction(() => document.body.classList.contains("ready"));
    // The first picture is coarse (a short first task); the page refines it frame by frame as
    // far as the measured cost allows — on this machine, to the canvas's every device pixel.
    const first = await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(Number(document.getElementById("boundary").dataset.boundarySize)))));
    await page.waitForFunction(() => {
      const c = document.getElementById("boundary");
      return Number(c.dataset.boundarySize) === c.width;
    }, null, { timeout: 15000 });
    const s = await page.evaluate(() => {
      const c = document.getElementById("boundary");
      return { width: c.width, height: c.height, css: c.clientWidth, boundary: Number(c.dataset.boundarySize) };
    });
    assert.equal(s.width, Math.round(s.css * dpr));
    assert.equal(s.height, s.width);
    assert.ok(first > 0 && first <= s.boundary, `first ${first}, then ${s.boundary}`);
    // The refined picture is whole: no band of rows painted before its part was computed. Such
    // a band shows as rows that differ from the row above across most of the canvas; in a
    // whole picture only the horizontal axis does (its two edges).
    const jumps = await page.evaluate(() => {
      const c = document.getElementById("boundary");
      const w = c.width;
      const d = c.getContext("2d").getImageData(0, 0, w, c.height).data;
      const rows = [];
      for (let y = 1; y < c.height; y++) {
        let n = 0;
        for (let x = 0; x < w; x++) {
          const i = 4 * (y * w + x);
          const j = i - 4 * w;
          if (Math.abs(d[i] - d[j]) + Math.abs(d[i + 1] - d[j + 1]) + Math.abs(d[i + 2] - d[j + 2]) > 24) n++;
        }
        if (n > 0.6 * w) rows.push(y);
      }
      return rows;
    });
    assert.ok(jumps.length <= 2, `rows that jump across the picture: ${jumps.length} (${jumps.slice(0, 8)})`);
    // A narrower window: the canvas follows the layout (no reload), and so does the boundary.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForFunction(() => {
      const c = document.getElementById("boundary");
      return c.width === Math.round(c.clientWidth * devicePixelRatio) && Number(c.dataset.boundarySize) === c.width;
    }, null, { timeout: 15000 });
    await page.close();
  }
});

test("while training, the boundary at every device pixel comes from a worker, the same picture the page would draw", async () => {
  // (Every device pixel while a picture takes the worker at most 40 ms: [8,8] leaves a busy
  // machine a wide margin.)
  const hash = "dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8&seed=1";
  const { page, errors } = await openPage(env.browser, env.url + "/#" + hash);
  await page.selectOption("#speed", "max");
  await page.click("#play");
  await page.waitForFunction(() => {
    const c = document.getElementById("boundary");
    return c.dataset.boundaryFrom === "worker" && Number(c.dataset.boundarySize) === c.width;
  }, null, { timeout: 15000 });
  await page.click("#play"); // pause: the page draws it itself again, refined to full resolution
  await page.waitForFunction(() => {
    const c = document.getElementById("boundary");
    return c.dataset.boundaryFrom === "page" && Number(c.dataset.boundarySize) === c.width;
  }, null, { timeout: 15000 });
  // The worker's picture, for these weights, against the page's own pass: bit for bit.
  const same = await page.evaluate(async () => {
    const pg = playground.pg;
    const size = 150;
    const worker = new Worker("js/boundary-worker.js", { type: "module" });
    const got = await new Promise((resolve) => {
      worker.onmessage = ({ data }) => resolve(data);
      worker.postMessage({ id: 1, config: pg.config(), params: pg.params(), size });
    });
    worker.terminate();
    const [ptr, k] = pg.evaluateBoundary(size);
    const mine = new Float32Array(wasmBindings.wasmMemory().buffer, ptr, size * size * k);
    return { error: got.error ?? null, width: got.width, k, equal: got.buf?.length === mine.length && got.buf.every((v, i) => Object.is(v, mine[i])) };
  });
  assert.equal(same.error, null);
  assert.equal(same.width, 2);
  assert.ok(same.equal, "the worker's picture differs from the page's");
  assert.deepEqual(errors, []);
  await page.close();
});

test("while training, the worker's pictures keep coming to the canvas, and 'Discretize output' applies to them", async () => {
  // Frames between two pictures reuse the last one's pixels: the canvas must still follow each
  // new picture, coloured as the page is set to colour it.
  const hash = "dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8&seed=1";
  const { page, errors } = await openPage(env.browser, env.url + "/#" + hash);
  await page.click("#play");
  await page.waitForFunction(() => document.getElementById("boundary").dataset.boundaryFrom === "worker", null, { timeout: 15000 });
  // The boundary's colours (well inside the canvas, away from the axes' labels): how many
  // distinct ones, and a fingerprint of the pixels.
  const look = () =>
    page.evaluate(async () => {
      await playground.settled();
      const c = document.getElementById("boundary");
      const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
      const count = new Map();
      let print = 0;
      for (let i = 0; i < d.length; i += 4) {
        const rgb = (d[i] << 16) | (d[i + 1] << 8) | d[i + 2];
        count.set(rgb, (count.get(rgb) ?? 0) + 1);
        print = (print * 31 + rgb) | 0;
      }
      // How many colours it takes to cover 80 % of the pixels (the points' and axes' edges
      // add many rare ones).
      const common = [...count.values()].sort((x, y) => y - x);
      let colours = 0;
      for (let covered = 0; covered < 0.8 * (d.length / 4); colours++) covered += common[colours];
      return { colours, print, from: c.dataset.boundaryFrom };
    });
  const a = await look();
  await page.waitForTimeout(600);
  const b = await look();
  assert.notEqual(a.print, b.print, "the canvas stood still while the network trained");
  await page.check("#discretize");
  await page.waitForTimeout(300);
  const c = await look();
  assert.equal(c.from, "worker");
  // Four levels a side instead of a continuous ramp (the points and axes add a few colours).
  assert.ok(c.colours < b.colours / 2, `discretized: ${c.colours} colours, continuous: ${b.colours}`);
  await page.uncheck("#discretize");
  await page.waitForTimeout(300);
  const d = await look();
  assert.ok(d.colours > c.colours * 2, `continuous again: ${d.colours} colours, discretized: ${c.colours}`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the worker colours its picture as the page does (an ImageBitmap), continuous and discretized", async () => {
  const hash = "dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8&seed=1";
  const { page, errors } = await openPage(env.browser, env.url + "/#" + hash);
  const res = await page.evaluate(async () => {
    const pg = playground.pg;
    pg.step(30);
    const { paintClasses } = await import("./js/draw.js");
    const size = 120;
    const worker = new Worker("js/boundary-worker.js", { type: "module" });
    const out = [];
    for (const discretize of [false, true]) {
      const got = await new Promise((resolve) => {
        worker.onmessage = ({ data }) => resolve(data);
        worker.postMessage({ id: 1, config: pg.config(), params: pg.params(), size, paint: { classes: 2, discretize } });
      });
      if (got.error || !got.bitmap) {
        out.push({ error: got.error ?? "no bitmap" });
        continue;
      }
      const c = new OffscreenCanvas(size, size);
      const ctx = c.getContext("2d");
      ctx.drawImage(got.bitmap, 0, 0);
      const drawn = new Uint32Array(ctx.getImageData(0, 0, size, size).data.buffer);
      const mine = new Uint32Array(size * size);
      paintClasses(mine, got.buf, size, 2, discretize);
      let differ = 0;
      for (let i = 0; i < mine.length; i++) differ += drawn[i] !== mine[i];
      out.push({ error: null, paint: got.paint, size: got.bitmap.width, differ, colours: new Set(drawn).size });
    }
    worker.terminate();
    return out;
  });
  for (const [i, r] of res.entries()) {
    assert.equal(r.error, null);
    assert.equal(r.paint, `2 ${i === 1}`);
    assert.equal(r.size, 120);
    assert.equal(r.differ, 0, "the worker's colours differ from the page's");
  }
  assert.ok(res[1].colours <= 2 && res[0].colours > 10, `colours: ${res[0].colours} continuous, ${res[1].colours} discretized`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("while training, the page has at most two jobs out to the worker, each with the weights and colouring of the moment; paused, it sends none", async () => {
  const hash = "dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8&seed=1";
  const page = await env.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // Every job the page sends to the boundary worker, and every reply (counted before the
  // page's own handler runs, which may send the next job).
  await page.addInitScript(() => {
    const jobs = (window.__jobs = { posts: [], replies: 0, maxOut: 0 });
    const Base = window.Worker;
    window.Worker = class extends Base {
      constructor(url, options) {
        super(url, options);
        this.tracked = String(url).includes("boundary-worker");
        if (this.tracked) this.addEventListener("message", () => jobs.replies++);
      }
      postMessage(msg, transfer) {
        if (this.tracked) {
          jobs.posts.push({ id: msg.id, size: msg.size, paint: msg.paint, config: msg.config ?? null, weights: msg.params.length });
          jobs.maxOut = Math.max(jobs.maxOut, jobs.posts.length - jobs.replies);
        }
        return super.postMessage(msg, transfer);
      }
    };
  });
  await page.goto(env.url + "/#" + hash);
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 20000 });
  await page.click("#play");
  await page.waitForFunction(() => window.__jobs.posts.length >= 20 && document.getElementById("boundary").dataset.boundaryFrom === "worker", null, { timeout: 20000 });
  await page.check("#discretize");
  await page.waitForFunction(() => window.__jobs.posts.at(-1).paint.discretize === true, null, { timeout: 10000 });
  // Paused from inside the page, so that what was sent by then is known exactly.
  const atPause = await page.evaluate(() => {
    document.getElementById("play").click();
    return window.__jobs.posts.length;
  });
  await page.evaluate(() => playground.settled());
  await page.waitForTimeout(400);
  const jobs = await page.evaluate(() => ({ ...window.__jobs, weights: playground.pg.params().length, from: document.getElementById("boundary").dataset.boundaryFrom }));
  assert.equal(jobs.posts.length, atPause, "a job was sent after the pause");
  assert.ok(jobs.maxOut <= 2 && jobs.maxOut >= 1, `jobs out at once: ${jobs.maxOut}`);
  // The first job carries the network's configuration; every job its weights and colouring,
  // in order.
  assert.deepEqual(jobs.posts[0].config?.hidden, [8, 8]);
  assert.ok(jobs.posts.every((p, i) => p.id === i + 1 && p.weights === jobs.weights && p.paint.classes === 2 && p.size > 0));
  assert.ok(jobs.posts.some((p) => p.paint.discretize === false));
  assert.equal(jobs.from, "page");
  assert.deepEqual(errors, []);
  await page.close();
});

test("a dense phone screen whose frames come late draws the changing canvases at 1.5 pixels per CSS pixel while training, every device pixel again once paused", async () => {
  const { context, page, errors } = await openInContext(env.browser, env.url + "/#dataset=spiral&hidden=8,8,8,8,8,8&seed=1", { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
  const sizes = () =>
    page.evaluate(() => {
      const b = document.getElementById("boundary");
      const n = document.getElementById("network");
      return { lean: b.hasAttribute("data-lean"), boundary: b.width, boundaryCss: b.clientWidth, network: n.width, networkCss: n.clientWidth };
    });
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const before = await sizes();
  assert.equal(before.boundary, Math.round(before.boundaryCss * 3));
  assert.equal(before.network, Math.round(before.networkCss * 3));
  // Frames made late whatever the machine's speed: each frame also spends 40 ms in a script
  // of its own (a slow phone's frames, without depending on how fast this machine is).
  await page.evaluate(() => {
    const busy = () => {
      const until = performance.now() + 40;
      while (performance.now() < until);
      if (!window.__stopBusy) requestAnimationFrame(busy);
    };
    requestAnimationFrame(busy);
  });
  await page.tap("#play");
  await page.waitForSelector("#boundary[data-lean]", { timeout: 20000 });
  await page.waitForFunction(() => {
    const b = document.getElementById("boundary");
    return document.getElementById("network").width === Math.round(document.getElementById("network").clientWidth * 1.5) && b.width === Math.round(b.clientWidth * 1.5);
  }, null, { timeout: 20000 });
  const lean = await sizes();
  assert.ok(lean.lean);
  assert.equal(lean.boundary, Math.round(lean.boundaryCss * 1.5));
  // Still training, still late: it stays lean (no back and forth).
  const pictures = await page.evaluate(() => Number(document.getElementById("boundary").dataset.pictures));
  await page.waitForFunction((n) => Number(document.getElementById("boundary").dataset.pictures) >= n + 3, pictures, { timeout: 20000 });
  assert.ok((await sizes()).lean, "lean while training");
  // Paused: every device pixel again, the boundary refined to it.
  await page.evaluate(() => (window.__stopBusy = true));
  await page.tap("#play");
  await page.waitForFunction(() => {
    const b = document.getElementById("boundary");
    return !b.hasAttribute("data-lean") && b.width === Math.round(b.clientWidth * 3) && Number(b.dataset.boundarySize) === b.width;
  }, null, { timeout: 20000 });
  const after = await sizes();
  assert.equal(after.network, Math.round(after.networkCss * 3));
  assert.deepEqual(errors, []);
  await context.close();
});
