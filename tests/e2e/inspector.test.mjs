// The backprop inspector in real Chromium: the article's example with its numbers, stepping
// backward node by node, the gradient check, and picking a sample by clicking a data point.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { useBrowser, openPage, shot } from "./harness.mjs";

const fixture = JSON.parse(fs.readFileSync(new URL("../fixtures/article-example.json", import.meta.url)));
const env = useBrowser();

/** The full-precision numbers (from each number's hover title) in a slot. */
const slotValues = (page, key) => page.$$eval(`.slot[data-key="${key}"] .val .n`, (ns) => ns.map((n) => Number(n.title)));
const visible = (page, key) => page.$eval(`.slot[data-key="${key}"]`, (e) => !e.classList.contains("pending"));
const close = (got, want, tol, what) => {
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= tol, `${what}[${i}]: ${g} vs ${want[i]}`));
};

test("the article's example: its forward numbers, then its gradients node by node", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/", { height: 1500 });
  await page.click("#article-preset");
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2]);
  assert.equal(await page.inputValue("#insp-x1"), "5");
  assert.equal(await page.inputValue("#insp-x2"), "1");
  assert.equal(await page.textContent("#insp-phase"), "Start");
  await shot(page, "inspector-00-start");
  // Forward: u1, z1, u2, y, then the loss — each revealed by its own step.
  const order = [];
  for (let i = 0; i < 12; i++) {
    await page.click("#insp-next");
    const cur = await page.$$eval(".slot.current", (s) => s.map((e) => e.dataset.key));
    order.push(cur.join("+"));
    await shot(page, `inspector-${String(i + 1).padStart(2, "0")}-${cur.join("-") || "update"}`);
  }
  assert.deepEqual(order, ["u1", "z1", "u2", "y", "L", "delta2", "dW2+db2", "dz1", "delta1", "dW1+db1", "dx", ""]);
  assert.equal(await page.textContent("#insp-phase"), "Update");
  const fw = fixture.forward;
  close(await slotValues(page, "u1"), fw.u1[0], 1e-9, "u1");
  close(await slotValues(page, "z1"), fw.z1[0], 1e-9, "z1");
  close(await slotValues(page, "u2"), fw.u2[0], 1e-9, "u2");
  close(await slotValues(page, "y"), fw.y[0], 1e-9, "y");
  close(await slotValues(page, "L"), [fw.loss_exact], 1e-9, "L");
  // What a person reads: four decimals.
  assert.match(await page.textContent('.slot[data-key="u1"]'), /\(0\.8000, 2\.1000, 3\.4000\)/);
  assert.match(await page.textContent('.slot[data-key="y"]'), /\(0\.1203, 0\.8797\)/);
  assert.match(await page.textContent('.slot[data-key="L"]'), /0\.1281/);
  const g = fixture.gradients;
  close(await slotValues(page, "delta2"), g.delta2[0], 1e-9, "delta2");
  close(await slotValues(page, "dW2"), g.dW2.flat(), 1e-9, "dW2");
  close(await slotValues(page, "db2"), g.db2, 1e-9, "db2");
  close(await slotValues(page, "delta1"), g.delta1[0], 1e-9, "delta1");
  close(await slotValues(page, "dW1"), g.dW1.flat(), 1e-9, "dW1");
  close(await slotValues(page, "db1"), g.db1, 1e-9, "db1");
  // The update step shows W ← W − η·dW: W1[0][0] = 0.1 − 0.01·(−0.1804) = 0.1018.
  assert.ok(await page.isVisible("#insp-update"));
  assert.match(await page.textContent("#insp-update"), /0\.1000 → 0\.1018/);
  // Back steps hide what they revealed, in reverse.
  await page.click("#insp-first");
  for (let i = 0; i < 6; i++) await page.click("#insp-next");
  assert.ok(await visible(page, "delta2"));
  assert.ok(!(await visible(page, "dW2")), "dW2 comes after δ2");
  await page.click("#insp-back");
  assert.ok(!(await visible(page, "delta2")));
  // Keyboard arrows step when the inspector has focus.
  await page.focus("#inspector");
  await page.keyboard.press("ArrowRight");
  assert.ok(await visible(page, "delta2"));
  await page.keyboard.press("ArrowLeft");
  assert.ok(!(await visible(page, "delta2")));
  assert.equal(await page.textContent("#epoch"), "0", "the arrows did not train the network");
  // Shapes as the article writes them.
  assert.match(await page.textContent("#insp-graph"), /\(1×2\)·\(2×3\) \+ \(3\) = \(1×3\)/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the gradient check agrees to 1e-6 on the preset and on a trained 6×8 network", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/", { height: 1500 });
  await page.click("#article-preset");
  await page.click("#gradcheck-run");
  const max = Number(await page.textContent(".gc-max"));
  assert.ok(max < 1e-6, `max relative error ${max}`);
  assert.equal(await page.locator("table.gc tr").count(), 1 + 17, "a row per parameter for a small network");
  assert.match(await page.textContent(".gc-summary"), /68 forward passes/);
  await shot(page, "inspector-gradcheck-article");
  // The article's loop: 100 steps on the sample, then x = (1, 5).
  await page.click("#insp-train");
  assert.match(await page.textContent("#insp-train-out"), /\(0\.0127, 0\.9873\)/);
  assert.match(await page.textContent("#insp-train-out"), /first forward pass/);

  // Pasting a link into the same tab (only the fragment changes) starts that run.
  await page.goto(env.url + "/#dataset=spiral&hidden=8,8,8,8,8,8&seed=2&learningRate=0.03");
  await page.waitForFunction(() => playground.sizes.length === 8);
  assert.equal(await page.evaluate(() => playground.pg.config().dataset), "spiral");
  await page.click("#step");
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch > 100);
  await page.click("#play");
  // Pick a training point by clicking it on the output canvas.
  const p = await page.evaluate(() => {
    const pts = playground.points;
    return { x1: pts[0], x2: pts[1], label: pts[2] };
  });
  const box = await page.locator("#boundary").boundingBox();
  await page.mouse.click(box.x + ((p.x1 + 6) / 12) * box.width, box.y + ((6 - p.x2) / 12) * box.height);
  const s = await page.evaluate(() => playground.inspector.sample);
  assert.deepEqual(s, p, "the clicked point is the traced sample");
  assert.equal(Number(await page.inputValue("#insp-x1")), p.x1);
  await page.click("#gradcheck-run");
  const max6 = Number(await page.textContent(".gc-max"));
  assert.ok(max6 < 1e-6, `6×8: max relative error ${max6}`);
  assert.match(await page.textContent("#gradcheck-out"), /ten parameters with the largest errors/);
  await page.click("#insp-last");
  await shot(page, "inspector-6x8");
  assert.deepEqual(errors, []);
  await page.close();
});

test("clicking another data point updates the trace; typing a sample works too", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=3&seed=4");
  const pts = await page.evaluate(() => Array.from(playground.points.slice(0, 8)));
  const click = async (i) => {
    await page.locator("#boundary").scrollIntoViewIfNeeded();
    const box = await page.locator("#boundary").boundingBox();
    await page.mouse.click(box.x + ((pts[4 * i] + 6) / 12) * box.width, box.y + ((6 - pts[4 * i + 1]) / 12) * box.height);
  };
  await click(0);
  await page.click("#insp-last");
  const x0 = await slotValues(page, "x");
  await click(1);
  const x1 = await slotValues(page, "x");
  close(x0, [pts[0], pts[1]], 1e-12, "first point");
  close(x1, [pts[4], pts[5]], 1e-12, "second point");
  await page.fill("#insp-x1", "-2.5");
  await page.fill("#insp-x2", "3");
  await page.press("#insp-x2", "Enter");
  close(await slotValues(page, "x"), [-2.5, 3], 0, "typed");
  const y = await slotValues(page, "y");
  const predicted = await page.evaluate(() => Array.from(playground.pg.predict(-2.5, 3)));
  close(y, predicted, 1e-12, "the trace's y is the network's prediction");
  assert.deepEqual(errors, []);
  await page.close();
});
