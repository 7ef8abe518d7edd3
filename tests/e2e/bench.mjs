// `just bench` (wasm part): the named configurations — spiral, 500 points, 50% train, batch 10,
// lr 0.03, tanh, hidden [8,8] and [8,8,8,8,8,8] — in wasm under node and in Chromium: µs per
// epoch, ms per all-neuron grid (100², 256²) and per full-resolution boundary (360², the
// page's f32 path), each also as a fraction of a multiply-add roof the bench measures itself
// with a tiny wasm kernel (tests/e2e/roof.wat: independent f64x2 / f32x4 multiply-add chains);
// the loss landscape's maps; then the page: frame interval and work per frame training [8×6]
// with the boundary at full resolution, the first second after load, and the same page on a
// phone-class CPU (Chromium's ×4 CPU throttling, the default pace): its frame interval and how
// often the boundary picture changes, at 1400×1000 and on a phone's 390×844 screen at 3 device
// pixels per CSS pixel. Prints a table: medians of 7 runs, their range.
// It prints no ratio to another program: such a ratio needs the other program measured in the
// same run on the same machine (docs/PERFORMANCE.md says how).
//
// Environment: BENCH_ONLY=node measures wasm under node alone (no browser, no page; quick to
// iterate with); BENCH_DIST=dir measures the build in `dir` (e.g. a saved copy of an older
// dist/) instead of dist/, under node and in Chromium.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import http from "node:http";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { DIST, WASM_BUDGET_KB, serve, launch, openPage } from "./harness.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The roof kernel, assembled from its text by binaryen's wasm-as (from node_modules). */
export const roofBytes = () => execFileSync(path.join(HERE, "node_modules/.bin/wasm-as"), ["--enable-simd", path.join(HERE, "roof.wat"), "-o", "-"]);

const CONFIGS = { "8,8": [8, 8], "8x6": [8, 8, 8, 8, 8, 8] };
const base = { dataset: "spiral", points: 500, trainRatio: 0.5, batchSize: 10, learningRate: 0.03, activation: "tanh", noise: 0, seed: 1, features: ["x1", "x2"] };
const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];
const quantile = (a, q) => a.slice().sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * q))];
const BOUNDARY = 360; // the boundary canvas at one device pixel per CSS pixel

/** Multiply-adds of one forward pass of one point through `hidden` (2 inputs, 2 outputs). */
const forwardMacs = (hidden) => [2, ...hidden, 2].reduce((s, n, i, a) => (i ? s + a[i - 1] * n : 0), 0);

/** Runs in node or in the page: the roof (G multiply-adds/s, best of 21, with the range) and
 * each measurement's median µs per call with its range. */
async function measure(Playground, CONFIGS, base, roofBytes, BOUNDARY) {
  // The roof's rows first (filled in at the end).
  const out = { "roof f64x2": null, "roof f32x4": null };
  const { instance } = await WebAssembly.instantiate(new Uint8Array(roofBytes));
  // The roof is measured three times — before, between and after the configurations — and
  // the best of all 21 runs kept: on a shared machine a short burst of load during one
  // measurement would otherwise lower the roof and inflate every fraction.
  const roofRuns = { f64x2: [], f32x4: [] };
  const roof = () => {
    for (const [name, lanes] of [["f64x2", 2], ["f32x4", 4]]) {
      const f = instance.exports[name];
      // Many short calls first: V8 moves a function to its optimizing tier between calls.
      const until = performance.now() + 300;
      while (performance.now() < until) f(1e4, 0.9999999, 1e-7);
      for (let k = 0; k < 7; k++) {
        const s = performance.now();
        f(2e6, 0.9999999, 1e-7);
        roofRuns[name].push((10 * lanes * 2e6) / (performance.now() - s) / 1e6);
      }
    }
  };
  roof();
  const time = (fn, n) => {
    const t = [];
    for (let k = 0; k < 7; k++) {
      const s = performance.now();
      for (let i = 0; i < n; i++) fn();
      t.push(((performance.now() - s) * 1000) / n);
    }
    t.sort((a, b) => a - b);
    return [t[3], t[0], t[6]];
  };
  const per = (r, k) => r.map((v) => v / k);
  for (const [name, hidden] of Object.entries(CONFIGS)) {
    const pg = new Playground({ ...base, hidden });
    // Warm up long enough for the engine's optimizing tier to take over from the baseline one.
    const until = performance.now() + 400;
    // (Builds from before the f32 boundary have no evaluateBoundary: the bench also measures them.)
    const boundary = pg.evaluateBoundary ? (n) => pg.evaluateBoundary(n) : null;
    while (performance.now() < until) pg.step(1), boundary?.(64);
    out[`epoch [${name}]`] = per(time(() => pg.trainFor(1000, 100), 2), 100); // 100 epochs, metrics once
    out[`epoch + train/test metrics [${name}]`] = time(() => pg.step(1), 200);
    out[`grid 100² all neurons [${name}]`] = time(() => pg.evaluateGrid(100), 20);
    out[`grid 256² all neurons [${name}]`] = time(() => pg.evaluateGrid(256), 3);
    // The boundary as the page draws it, after some training (flat tiles interpolated).
    pg.trainFor(1000, 300);
    if (boundary) out[`boundary ${BOUNDARY}² f32 [${name}]`] = time(() => boundary(BOUNDARY), 5);
    // The loss landscape of two weights: the picture's maps (f32, the middle exact) while
    // its point is dragged (33²) and once it stops (65²), over two first-layer weights (every
    // layer runs for each value) and two last-layer ones; and the exact 65² map.
    const last = `W${hidden.length + 1}`;
    const map = (a, b, n) => () => pg.lossLandscape(a, b, n, 1, 0, n, true);
    out[`loss landscape 33² picture, W1 [${name}]`] = time(map("W1[0][0]", "W1[1][0]", 33), 3);
    out[`loss landscape 65² picture, W1 [${name}]`] = time(map("W1[0][0]", "W1[1][0]", 65), 1);
    out[`loss landscape 65² picture, ${last} [${name}]`] = time(map(`${last}[0][0]`, `${last}[1][0]`, 65), 1);
    out[`loss landscape 65² exact, W2 [${name}]`] = time(() => pg.lossLandscape("W2[0][0]", "W2[1][0]", 65, 1), 1);
    pg.free();
    roof();
  }
  for (const [name, r] of Object.entries(roofRuns)) out[`roof ${name}`] = [Math.max(...r), Math.min(...r), Math.max(...r)];
  return out;
}

/** Useful multiply-adds per call (0 where not counted): an epoch is 250 training points
 * forward and backward (dW and dx: about three forward passes); a grid or the boundary counts
 * every cell's forward pass (the boundary computes fewer — flat tiles are interpolated — so
 * its fraction of the roof is an effective one). */
function macs(what) {
  const m = /\[(.*)\]/.exec(what);
  if (!m) return 0;
  const f = forwardMacs(CONFIGS[m[1]]);
  if (what.startsWith("epoch [")) return 250 * 3 * f;
  const g = /(\d+)²/.exec(what);
  if (what.startsWith("grid") || what.startsWith("boundary")) return Number(g[1]) ** 2 * f;
  return 0;
}

const rows = [];
const fmt = (v) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));
/** One engine's rows: the value (µs; ms from 1000 µs) with its range, and the fraction of the
 * roof measured in the same run: the f64 epoch against the f64x2 roof, the work done in f32
 * (the all-neuron grid and the boundary) against the f32x4 one. */
function report(where, m) {
  const roof = { f64: m["roof f64x2"][0], f32: m["roof f32x4"][0] };
  for (const [k, [v, lo, hi]] of Object.entries(m)) {
    if (k.startsWith("roof")) {
      rows.push([where, `${k} (G multiply-adds/s, best of 21)`, v.toFixed(1), `${lo.toFixed(1)}–${hi.toFixed(1)}`, ""]);
      continue;
    }
    const d = v >= 1000 ? 1000 : 1;
    const n = macs(k);
    const f32 = k.startsWith("grid") || k.startsWith("boundary");
    const frac = n ? `${((100 * n) / (v * 1e3) / (f32 ? roof.f32 : roof.f64)).toFixed(1)} %` : "";
    rows.push([where, `${k} ${d > 1 ? "ms" : "µs"}`, fmt(v / d), `${fmt(lo / d)}–${fmt(hi / d)}`, frac]);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ROOF = Array.from(roofBytes());
  const dist = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : DIST;
  const glue = path.join(dist, "backprop-wasm.js");
  const wasmFile = path.join(dist, "backprop-wasm_bg.wasm");
  const bindings = await import(glue);
  bindings.initSync({ module: fs.readFileSync(wasmFile) });
  report("node", await measure(bindings.Playground, CONFIGS, base, ROOF, BOUNDARY));

  if (process.env.BENCH_ONLY !== "node") await inBrowser(ROOF, dist);
  sizes(glue, wasmFile);
  print();
}

/** Serves another build's directory (BENCH_DIST) as harness.mjs serves dist/. */
function serveDir(dir) {
  const types = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
  const server = http.createServer((req, res) => {
    let file = path.normalize(path.join(dir, decodeURIComponent(new URL(req.url, "http://x").pathname)));
    if (!file.startsWith(dir)) return res.writeHead(403).end();
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": types[path.extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${server.address().port}` })));
}

/** Chromium: the same measurements in a page, then the page training [8×6]. */
async function inBrowser(ROOF, dist) {
  const { server, url } = dist === DIST ? await serve() : await serveDir(dist);
  const browser = await launch();
  try {
    const { page } = await openPage(browser, url + "/");
    // An expression string runs through the DevTools protocol, which the page's CSP (no eval)
    // does not govern.
    const inPage = await page.evaluate(`(${measure.toString()})(window.wasmBindings.Playground, ${JSON.stringify(CONFIGS)}, ${JSON.stringify(base)}, ${JSON.stringify(ROOF)}, ${BOUNDARY})`);
    report("chromium", inPage);
    await page.close();

    // The page training [8×6] as fast as it can, the boundary at full resolution every frame.
    const hash = "#dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8,8,8,8,8&seed=1";
    const { page: p2 } = await openPage(browser, url + "/" + hash);
    // The first second: Train pressed 0.3 s after load (the warm-up runs meanwhile).
    await p2.waitForTimeout(300);
    await p2.selectOption("#speed", "max");
    await p2.click("#play");
    await p2.waitForTimeout(1000);
    const first = await p2.evaluate(() => playground.pg.metrics().epoch);
    await p2.evaluate(() => ((playground.frames.length = 0), (playground.work.length = 0)));
    const e0 = await p2.evaluate(() => playground.pg.metrics().epoch);
    await p2.waitForTimeout(5000);
    const f = await p2.evaluate(() => ({ frames: playground.frames.slice(), work: playground.work.slice(), epoch: playground.pg.metrics().epoch, size: document.getElementById("boundary").width, drawn: Number(document.getElementById("boundary").dataset.boundarySize) }));
    const row = (what, v) => rows.push(["page", what, v, "", ""]);
    row(`frame interval, training [8x6], canvas ${f.size}² (median ms)`, median(f.frames).toFixed(2));
    // Reliably on time, not only in the median: the 95th percentile, and the share of frames
    // that came later than one and a half 60 Hz frames (one frame or more dropped).
    row("frame interval, 95th percentile (ms)", quantile(f.frames, 0.95).toFixed(2));
    row("frames late (interval over 25 ms), of all", `${f.frames.filter((v) => v > 25).length} / ${f.frames.length}`);
    // While training, the boundary takes the resolution its 8 ms of the frame allow.
    row("boundary while training: cells per side / device pixels", `${f.drawn} / ${f.size}`);
    row("work per frame: train + render [8x6] (median ms)", median(f.work).toFixed(2));
    row("work per frame, 95th percentile (ms)", quantile(f.work, 0.95).toFixed(2));
    row("epochs per second [8x6], steady", ((f.epoch - e0) / 5).toFixed(0));
    row("epochs in the first second of Train, pressed 0.3 s after load", String(first));
    await p2.close();

    // A phone-class CPU: Chromium's ×4 CPU throttling, training [8×6] at the default pace.
    const { page: p3 } = await openPage(browser, url + "/" + hash);
    const cdp = await p3.context().newCDPSession(p3);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await p3.click("#play");
    await p3.waitForTimeout(2000);
    const at = () => p3.evaluate(() => ({ pictures: Number(document.getElementById("boundary").dataset.pictures ?? 0), epoch: playground.pg.metrics().epoch, t: performance.now() }));
    await p3.evaluate(() => (playground.frames.length = 0));
    const s0 = await at();
    await p3.waitForTimeout(5000);
    const s1 = await at();
    const slow = await p3.evaluate(() => playground.frames.slice());
    const secs = (s1.t - s0.t) / 1000;
    row("×4 CPU throttling, training [8x6] at the default pace: frame interval (median ms)", median(slow).toFixed(1));
    row("×4 CPU throttling: boundary updates per second", ((s1.pictures - s0.pictures) / secs).toFixed(1));
    row("×4 CPU throttling: epochs per second", ((s1.epoch - s0.epoch) / secs).toFixed(0));
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await p3.close();

    // The same on a phone's screen: 390×844 CSS pixels at 3 device pixels each, the output in
    // sight (its canvases three times as dense: what a frame costs follows their pixels).
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true });
    const p4 = await phone.newPage();
    await p4.goto(url + "/" + hash);
    await p4.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 30000 });
    await p4.evaluate(() => document.getElementById("boundary").scrollIntoView({ block: "center" }));
    await (await phone.newCDPSession(p4)).send("Emulation.setCPUThrottlingRate", { rate: 4 });
    await p4.evaluate(() => document.getElementById("play").click());
    await p4.waitForTimeout(2000);
    const at4 = () => p4.evaluate(() => ({ pictures: Number(document.getElementById("boundary").dataset.pictures ?? 0), t: performance.now() }));
    await p4.evaluate(() => (playground.frames.length = 0));
    const q0 = await at4();
    await p4.waitForTimeout(5000);
    const q1 = await at4();
    const phoneFrames = await p4.evaluate(() => playground.frames.slice());
    row("×4 CPU throttling, 390×844 at 3 device pixels, [8x6]: frame interval (median ms)", median(phoneFrames).toFixed(1));
    row("×4 CPU throttling, 390×844 at 3 device pixels: boundary updates per second", ((q1.pictures - q0.pictures) / ((q1.t - q0.t) / 1000)).toFixed(1));
    await phone.close();
  } finally {
    await browser.close();
    server.close();
  }
}

function sizes(glue, wasmFile) {
  const wasmBytes = fs.readFileSync(wasmFile);
  const size = (what, v) => rows.push(["size", what, v, "", ""]);
  const kb = (bytes) => (bytes / 1000).toFixed(1);
  const gz = (bytes) => zlib.gzipSync(bytes, { level: 9 }).length;
  size("release wasm (KB)", kb(wasmBytes.length));
  size(`release wasm gzipped (KB; budget ${WASM_BUDGET_KB})`, kb(gz(wasmBytes)));
  size("JS glue gzipped (KB)", kb(gz(fs.readFileSync(glue))));
  // The NumPy export's module, loaded only when a learner exports.
  const python = path.join(path.dirname(wasmFile), "backprop-extra-wasm_bg.wasm");
  if (fs.existsSync(python)) size("NumPy export wasm gzipped (KB, on use)", kb(gz(fs.readFileSync(python))));
}

function print() {
  const w = Math.max(...rows.map((r) => r[1].length));
  console.log(`${"where".padEnd(8)} ${"what".padEnd(w)} ${"median".padStart(8)} ${"range".padStart(13)} ${"of roof".padStart(8)}`);
  for (const [where, what, v, range, frac] of rows) console.log(`${where.padEnd(8)} ${what.padEnd(w)} ${v.padStart(8)} ${range.padStart(13)} ${frac.padStart(8)}`);
}
