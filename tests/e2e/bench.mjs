// `just bench` (wasm part): the named configurations — spiral, 500 points, 50% train, batch 10,
// lr 0.03, tanh, hidden [8,8] and [8,8,8,8,8,8] — in wasm under node and in Chromium, and the
// page's frame time while training [8×6] with the boundary drawn. Prints a table.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DIST, serve, launch, openPage } from "./harness.mjs";

const CONFIGS = { "8,8": [8, 8], "8x6": [8, 8, 8, 8, 8, 8] };
const base = { dataset: "spiral", points: 500, trainRatio: 0.5, batchSize: 10, learningRate: 0.03, activation: "tanh", noise: 0, seed: 1, features: ["x1", "x2"] };
const median = (a) => a.slice().sort((x, y) => x - y)[Math.floor(a.length / 2)];

/** Runs in node or in the page: returns median µs per call for each measurement. */
function measure(Playground, CONFIGS, base) {
  const time = (fn, n) => {
    const t = [];
    for (let k = 0; k < 5; k++) {
      const s = performance.now();
      for (let i = 0; i < n; i++) fn();
      t.push(((performance.now() - s) * 1000) / n);
    }
    return t.sort((a, b) => a - b)[2];
  };
  const out = {};
  for (const [name, hidden] of Object.entries(CONFIGS)) {
    const pg = new Playground({ ...base, hidden });
    // Warm up long enough for the engine's optimizing tier to take over from the baseline one.
    const until = performance.now() + 400;
    while (performance.now() < until) pg.step(1);
    out[`epoch [${name}] µs`] = time(() => pg.trainFor(1000, 100), 2) / 100; // 100 epochs, metrics once
    out[`epoch + train/test metrics [${name}] µs`] = time(() => pg.step(1), 200);
    out[`grid 100² all neurons [${name}] µs`] = time(() => pg.evaluateGrid(100), 20);
    out[`grid 256² all neurons [${name}] µs`] = time(() => pg.evaluateGrid(256), 3);
    // The loss landscape of two weights, 65×65 mean training losses (issue: fits in a frame?).
    out[`loss landscape 65² [${name}] µs`] = time(() => pg.lossLandscape("W2[0][0]", "W2[1][0]", 65, 1), 1);
    pg.free();
  }
  return out;
}

const rows = [];
const glue = path.join(DIST, "backprop-wasm.js");
const wasmFile = path.join(DIST, "backprop-wasm_bg.wasm");
const bindings = await import(glue);
bindings.initSync({ module: fs.readFileSync(wasmFile) });
for (const [k, v] of Object.entries(measure(bindings.Playground, CONFIGS, base))) rows.push(["node", k, v.toFixed(1)]);

const { server, url } = await serve();
const browser = await launch();
try {
  const { page } = await openPage(browser, url + "/");
  // An expression string runs through the DevTools protocol, which the page's CSP (no eval)
  // does not govern.
  const inPage = await page.evaluate(`(${measure.toString()})(window.wasmBindings.Playground, ${JSON.stringify(CONFIGS)}, ${JSON.stringify(base)})`);
  for (const [k, v] of Object.entries(inPage)) rows.push(["chromium", k, v.toFixed(1)]);
  await page.close();

  const hash = "#dataset=spiral&points=500&trainRatio=0.5&batchSize=10&learningRate=0.03&activation=tanh&hidden=8,8,8,8,8,8&seed=1";
  const { page: p2 } = await openPage(browser, url + "/" + hash);
  await p2.selectOption("#speed", "max");
  await p2.click("#play");
  await p2.waitForTimeout(1000);
  await p2.evaluate(() => ((playground.frames.length = 0), (playground.work.length = 0)));
  await p2.waitForTimeout(5000);
  const f = await p2.evaluate(() => ({ frames: playground.frames.slice(), work: playground.work.slice(), epoch: playground.pg.metrics().epoch }));
  rows.push(["chromium", "page frame interval, training [8x6] (median ms)", median(f.frames).toFixed(2)]);
  rows.push(["chromium", "page work per frame: train + render [8x6] (median ms)", median(f.work).toFixed(2)]);
  rows.push(["chromium", "page epochs per second [8x6]", (f.epoch / 6).toFixed(0)]);
} finally {
  await browser.close();
  server.close();
}
const wasmBytes = fs.readFileSync(wasmFile);
rows.push(["size", "release wasm (KB)", (wasmBytes.length / 1024).toFixed(1)]);
rows.push(["size", "release wasm gzipped (KB)", (zlib.gzipSync(wasmBytes, { level: 9 }).length / 1024).toFixed(1)]);
rows.push(["size", "JS glue gzipped (KB)", (zlib.gzipSync(fs.readFileSync(glue), { level: 9 }).length / 1024).toFixed(1)]);
const w = Math.max(...rows.map((r) => r[1].length));
for (const [where, what, v] of rows) console.log(`${where.padEnd(9)} ${what.padEnd(w)} ${v.padStart(9)}`);
