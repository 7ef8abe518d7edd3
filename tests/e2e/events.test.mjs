// One event per meaning: what only changes what a view shows (a focus, a panel opened) redraws,
// and never counts as a change of the weights — the loss landscape is not recomputed for it and
// no save is made for it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useBrowser, openPage } from "./harness.mjs";

const env = useBrowser();

test("focusing the canvases or opening a panel redraws without recomputing the landscape; a weight change recomputes it", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=3&seed=3&landscape=W1%5B0%5D%5B0%5D");
  await page.evaluate(() => playground.settled());
  assert.ok(await page.evaluate(() => playground.landscape() !== null), "the landscape is open");
  // The run's first save (a new run is saved once after it starts) is made before counting.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes("/session/")), null, { timeout: 10000 });
  await page.waitForTimeout(1500);
  // Count the core's landscape computations and the saves from here on.
  await page.evaluate(() => {
    const pg = playground.pg;
    const compute = pg.lossLandscape.bind(pg);
    window.computed = 0;
    pg.lossLandscape = (...args) => (window.computed++, compute(...args));
    window.saves = 0;
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (...args) {
      window.saves++;
      return set.apply(this, args);
    };
  });
  await page.focus("#network");
  await page.focus("#boundary");
  await page.click("#hidden-space summary").catch(() => {});
  await page.evaluate(() => document.activeElement.blur());
  await page.evaluate(() => playground.settled());
  await page.waitForTimeout(1500); // (a save would be made within this)
  assert.equal(await page.evaluate(() => window.computed), 0, "no landscape computed for a focus or a panel");
  assert.equal(await page.evaluate(() => window.saves), 0, "and nothing saved");
  // A weight set by hand is a change of the weights: the landscape follows.
  await page.evaluate(() => playground.pg.param("W1[0][0]"));
  await page.click("#step");
  await page.evaluate(() => playground.settled());
  assert.ok((await page.evaluate(() => window.computed)) > 0, "a step recomputes the landscape");
  assert.deepEqual(errors, []);
  await page.close();
});
