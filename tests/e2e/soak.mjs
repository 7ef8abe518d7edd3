// The soak (`just soak`, not part of `just test`): the page used for SOAK_MINUTES (10) in
// Chromium as a learner would — training, drawing points, Step, pasted links and Back, the
// inspector, the saved-work list, reloads — with the wasm memory, the JS heap (after a garbage
// collection) and the DOM's node count sampled about every 30 s. Fails when the second half's
// highest sample grows past the first half's by more than the bounds below; prints every figure.
import { serve, launch } from "./harness.mjs";

const MINUTES = Number(process.env.SOAK_MINUTES ?? 10);
const SAMPLE_MS = 30_000;
/** Growth allowed from the first half's highest sample to the second half's. */
const BOUNDS = { wasmMB: { ratio: 1.25, plus: 2 }, heapMB: { ratio: 1.5, plus: 4 }, nodes: { ratio: 1.1, plus: 100 } };

const LINKS = ["#dataset=spiral&hidden=8,8&activation=tanh&seed=3", "#dataset=xor&hidden=4&seed=5", "#dataset=circle&hidden=5,3&seed=7", "#dataset=gauss&hidden=2&seed=9"];

const { server, url } = await serve();
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
const cdp = await page.context().newCDPSession(page);
const ready = () => page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 60000 });
await page.goto(url + "/" + LINKS[0]);
await ready();

async function sample() {
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const { nodes } = await cdp.send("Memory.getDOMCounters");
  const wasm = await page.evaluate(() => window.wasmBindings.wasmMemory().buffer.byteLength);
  return { wasmMB: wasm / 1e6, heapMB: usedSize / 1e6, nodes };
}

async function at(x1, x2) {
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  const b = await page.locator("#boundary").boundingBox();
  return [b.x + ((x1 + 6) / 12) * b.width, b.y + ((6 - x2) / 12) * b.height];
}

/** One round of use (about 20 s of it), different each round. */
async function use(round) {
  const pause = (ms) => page.waitForTimeout(ms);
  await page.click("#play");
  await pause(4000);
  await page.click("#play");
  await page.selectOption("#click-mode", "add");
  for (let i = 0; i < 3; i++) await page.mouse.click(...(await at(((round * 7 + i * 3) % 11) - 5.5, ((round * 5 + i) % 11) - 5.5)));
  await page.click("#step");
  await page.click("#view-graph");
  await pause(1000);
  await page.click("#insp-next");
  await page.click("#view-network");
  await page.click("#saved-open");
  await page.click("#saved-close");
  const link = LINKS[(round + 1) % LINKS.length];
  await page.evaluate((h) => (location.hash = h), link);
  await pause(1500);
  await page.click("#play");
  await pause(3000);
  await page.click("#play");
  if (round % 3 === 2) {
    await page.goBack();
    await pause(1000);
  }
  if (round % 4 === 3) {
    await page.reload();
    await ready();
  }
  await page.evaluate(() => playground.settled());
}

const samples = [];
const start = Date.now();
let round = 0;
let next = start;
while (Date.now() - start < MINUTES * 60_000) {
  await use(round++);
  if (Date.now() >= next) {
    const s = { t: Math.round((Date.now() - start) / 1000), ...(await sample()) };
    samples.push(s);
    console.log(`${String(s.t).padStart(4)} s  wasm ${s.wasmMB.toFixed(1)} MB  heap ${s.heapMB.toFixed(1)} MB  DOM ${s.nodes} nodes  (round ${round})`);
    next += SAMPLE_MS;
  }
}
await browser.close();
server.close();

const half = Math.floor(samples.length / 2);
const failed = [];
for (const [key, { ratio, plus }] of Object.entries(BOUNDS)) {
  const first = Math.max(...samples.slice(0, half).map((s) => s[key]));
  const second = Math.max(...samples.slice(half).map((s) => s[key]));
  const bound = Math.max(first * ratio, first + plus);
  console.log(`${key}: first half ≤ ${first.toFixed(1)}, second half ≤ ${second.toFixed(1)} (bound ${bound.toFixed(1)})`);
  if (second > bound) failed.push(key);
}
console.log(`${samples.length} samples over ${MINUTES} min, ${round} rounds; ${errors.length} console errors`);
for (const e of errors.slice(0, 5)) console.log("  " + e);
if (samples.length < 4) failed.push("too few samples");
if (errors.length) failed.push("console errors");
if (failed.length) {
  console.log("soak FAILED: " + failed.join(", "));
  process.exit(1);
}
console.log("soak passed: flat within the bounds");
