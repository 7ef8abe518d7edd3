// A long run holds: after the first seconds, wasm memory and the JS heap stop growing and the
// loss history stays bounded while training the 6×8 network with everything drawn. (Frame
// times are a benchmark figure — `just bench` — not a test: the suite must pass on a busy
// machine.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage } from "./harness.mjs";

const env = useBrowser();

const SECONDS = Number(process.env.LONGRUN_SECONDS ?? 75);

test(`training for ${SECONDS} s of page time keeps memory flat and the history bounded`, async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=spiral&hidden=8,8,8,8,8,8&seed=1&learningRate=0.03");
  const cdp = await page.context().newCDPSession(page);
  const sample = async () => {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const s = await page.evaluate(() => ({
      wasm: window.wasmBindings.wasmMemory().buffer.byteLength,
      epoch: playground.pg.metrics().epoch,
      history: playground.history.length,
    }));
    return { heap: usedSize, ...s };
  };
  // Open the inspector on a point too, so its refreshes run all along.
  await page.evaluate(() => playground.setSample({ x1: 1, x2: 1, label: 1 }));
  await page.selectOption("#speed", "max");
  await page.click("#play");
  // The loss history fills its 1024 entries (one a frame) in about 17 s; from then on nothing
  // should grow.
  await page.waitForTimeout(20000);
  const a = await sample();
  await page.waitForTimeout((SECONDS - 20) * 1000);
  const b = await sample();
  await page.click("#play");
  console.log(JSON.stringify({ at20s: a, atEnd: b }));
  assert.ok(b.epoch > a.epoch + 1000, `training went on: epoch ${a.epoch} → ${b.epoch}`);
  assert.equal(b.wasm, a.wasm, "wasm memory stopped growing");
  assert.ok(b.heap - a.heap < 2 * 1024 * 1024, `JS heap ${a.heap} → ${b.heap} bytes`);
  assert.ok(b.history <= 3 * 1024, `the loss history stays bounded (${b.history / 3} entries)`);
  assert.deepEqual(errors, []);
  await page.close();
});
