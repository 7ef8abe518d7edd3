// The backprop inspector in real Chromium: the article's example drawn as its computation
// graph (layer level and opened into primitive nodes), stepping forward and backward node by
// node, sigmoid and tanh networks, the warm-up graph, the gradient check, picking a sample by
// clicking a data point — in English and Japanese. Screenshots of every step land in
// tests/e2e/screenshots/.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { useBrowser, openPage, shot } from "./harness.mjs";

const fixture = JSON.parse(fs.readFileSync(new URL("../fixtures/article-example.json", import.meta.url)));
const env = useBrowser();
// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());

/** The full-precision numbers (from each number's hover title) in a card slot. */
const slotValues = (page, key) => page.$$eval(`.slot[data-key="${key}"] .val .n`, (ns) => ns.map((n) => Number(n.title)));
const close = (got, want, tol, what) => {
  got = [].concat(got);
  want = [].concat(want);
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${g} vs ${want[i]}`));
};
/** Every drawn node in flow order: {kind, id, stage, forward, backward (undefined until reached)}. */
const nodes = (page) =>
  page.$$eval("#graph [data-node]", (ns) =>
    ns.map((n) => ({
      kind: n.dataset.node,
      id: n.dataset.id,
      stage: n.dataset.stage,
      forward: JSON.parse(n.dataset.forward),
      backward: n.hasAttribute("data-backward") ? JSON.parse(n.dataset.backward) : undefined,
      current: n.classList.contains("current"),
    })),
  );
const current = async (page) => (await nodes(page)).find((n) => n.current)?.id ?? "";

test("the article's example as its graph: forward node by node, then backward, then the update", async () => {
  // (Four decimals, as the link says: the article's example comes at 8 otherwise.)
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&digits=4", { width: 1400, height: 900 });
  await page.click("#article-preset");
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2]);
  assert.equal(await page.inputValue("#insp-x1"), "5");
  assert.equal(await page.inputValue("#insp-x2"), "1");
  assert.equal(await page.textContent("#insp-phase"), "Start");
  // In sight at 1400×900: the graph is on screen without scrolling, the output beside it.
  assert.equal(await page.evaluate(() => scrollY), 0, "the page did not scroll");
  for (const id of ["#graph", "#boundary", "#insp-next"]) {
    const b = await page.locator(id).boundingBox();
    assert.ok(b && b.y >= 0 && b.y + Math.min(b.height, 120) <= 900, `${id} is in sight: ${JSON.stringify(b)}`);
  }
  // Layer level: x → Affine → ReLU → Affine → Softmax-with-Loss → L.
  let ns = await nodes(page);
  assert.deepEqual(ns.map((n) => n.kind), ["input", "affine", "relu", "affine", "loss", "L"]);
  assert.ok(ns.every((n) => n.backward === undefined), "no gradient before the backward pass");
  const fw = fixture.forward;
  close(ns[1].forward, fw.u1[0], 1e-12, "Affine1 → u1");
  close(ns[2].forward, fw.z1[0], 1e-12, "ReLU → z1");
  close(ns[3].forward, fw.u2[0], 1e-12, "Affine2 → u2");
  close(ns[4].forward, fw.loss_exact, 1e-12, "Softmax-with-Loss → L");
  assert.equal(await page.locator("#graph .cg-yt").count(), 0, "y and t appear once the loss layer is reached");
  await shot(page, "graph-en-00-start");
  // Every step highlights one node, in flow order: forward, then backward, then the update.
  const order = [];
  const gradientsAt = {};
  for (let i = 1; i < 13; i++) {
    await page.click("#insp-next");
    order.push(`${await page.textContent("#insp-phase")}:${await current(page)}`);
    gradientsAt[order.at(-1)] = await page.$$eval("#graph .cg-bwd", (ts) => ts.map((t) => t.textContent));
    await shot(page, `graph-en-${String(i).padStart(2, "0")}`);
  }
  assert.deepEqual(order, ["Forward:s0", "Forward:s1", "Forward:s2", "Forward:s3", "Loss:L", "Backward:L", "Backward:s3", "Backward:s2", "Backward:s1", "Backward:s0", "Backward:x", "Update:"]);
  assert.ok(await page.isDisabled("#insp-next"), "Next is disabled at the last step");
  // Each backward step shows the gradient it computes, under the arrow into its node: at L,
  // ∂L/∂L = 1; at Softmax-with-Loss, y − t.
  assert.deepEqual(gradientsAt["Backward:L"], ["1.0000"]);
  const yMinusT = [fw.y[0][0] - 0, fw.y[0][1] - 1].map((v) => v.toFixed(4));
  assert.deepEqual(gradientsAt["Backward:s3"], [...yMinusT, "1.0000"]);
  // Softmax-with-Loss shows the article's y and t under it (its arrow out carries L).
  const yt = await page.$$eval("#graph .cg-yt", (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(yt, [`y = (${fw.y[0].map((v) => v.toFixed(4)).join(", ")})`, "t = (0, 1)"]);
  ns = await nodes(page);
  const g = fixture.gradients;
  close(ns[5].backward, 1, 0, "∂L/∂L");
  close(ns[4].backward, 1, 0, "the loss stage's output is L");
  close(ns[3].backward, g.delta2[0], 1e-12, "δ2 = ∂L/∂u2 = y − t");
  close(ns[1].backward, g.delta1[0], 1e-12, "δ1 = ∂L/∂u1");
  close(ns[2].backward, [0, 1, 2].map((i) => fixture.network.W2[i].reduce((s, w, j) => s + w * g.delta2[0][j], 0)), 1e-12, "∂L/∂z1 = δ2·W2ᵀ");
  // The cards hold every number, matrices included.
  close(await slotValues(page, "dW2"), g.dW2.flat(), 1e-12, "dW2");
  close(await slotValues(page, "db2"), g.db2, 1e-12, "db2");
  close(await slotValues(page, "dW1"), g.dW1.flat(), 1e-12, "dW1");
  close(await slotValues(page, "db1"), g.db1, 1e-12, "db1");
  close(await slotValues(page, "y"), fw.y[0], 1e-12, "y");
  assert.match(await page.textContent("#insp-graph"), /\(1×2\)·\(2×3\) \+ \(3\) = \(1×3\)/, "shapes as the article writes them");
  // The update step shows W ← W − η·dW: W1[0][0] = 0.1 − 0.01·(−0.1804) = 0.1018.
  assert.ok(await page.isVisible("#insp-update"));
  assert.match(await page.textContent("#insp-update"), /0\.1000 → 0\.1018/);
  // What a person reads on the arrows: four decimals.
  assert.match(await page.textContent("#graph"), /0\.8000.*2\.1000.*3\.4000/s);
  // Back steps hide the gradients they revealed, in reverse.
  await page.click("#insp-first");
  for (let i = 0; i < 7; i++) await page.click("#insp-next");
  ns = await nodes(page);
  assert.deepEqual(ns.map((n) => n.backward !== undefined), [false, false, false, false, true, true], "the gradient has reached the loss stage only");
  await page.click("#insp-back");
  assert.equal((await nodes(page))[4].backward, undefined);
  // Keyboard arrows step when the inspector has focus, and do not train.
  await page.focus("#inspector");
  await page.keyboard.press("ArrowRight");
  assert.notEqual((await nodes(page))[4].backward, undefined);
  await page.keyboard.press("ArrowLeft");
  assert.equal((await nodes(page))[4].backward, undefined);
  assert.equal(await page.textContent("#epoch"), "0", "the arrows did not train the network");
  assert.deepEqual(errors, []);
  await page.close();
});

test("opened into primitive nodes: the article's numbers on every node, the chain rule node by node", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&digits=4", { width: 1400, height: 900 });
  await page.click("#article-preset");
  // A click opens one layer.
  await page.click('#graph [data-node="affine"][data-stage="0"]');
  assert.deepEqual((await nodes(page)).map((n) => n.kind), ["input", "dot", "add", "relu", "affine", "loss", "L"]);
  // The checkbox opens all.
  await page.check("#primitives");
  let ns = await nodes(page);
  assert.deepEqual(ns.map((n) => n.kind), ["input", "dot", "add", "relu", "dot", "add", "exp", "sum", "recip", "mul", "log", "mul", "sum", "neg", "L"]);
  const fw = fixture.forward;
  const y = fw.y[0];
  const e = [Math.exp(1.62), Math.exp(3.61)];
  close(ns[1].forward, [0.7, 1.9, 3.1], 1e-12, "x·W1");
  close(ns[2].forward, fw.u1[0], 1e-12, "x·W1 + b1");
  close(ns[6].forward, e, 1e-12, "exp(u2)");
  close(ns[7].forward, e[0] + e[1], 1e-12, "Σ exp");
  close(ns[8].forward, 1 / (e[0] + e[1]), 1e-12, "1/Σ");
  close(ns[9].forward, y, 1e-12, "y = exp · 1/Σ");
  close(ns[10].forward, y.map(Math.log), 1e-12, "ln y");
  close(ns[11].forward, [0, Math.log(y[1])], 1e-12, "t · ln y");
  close(ns[13].forward, fw.loss_exact, 1e-12, "L = −Σ t ln y");
  // Step through: 1 start + 14 forward + 15 backward + 1 update.
  assert.match(await page.textContent("#insp-stepno"), /of 31/);
  // A forward step says what its node computes; a backward step how it passes the gradient.
  await page.click("#insp-first");
  await page.click("#insp-next");
  await page.click("#insp-next");
  assert.match(await page.textContent("#insp-explain"), /^Forward through \+ \(Affine1\) — Add node: adds the bias b to each input/);
  await page.click("#insp-last");
  for (let i = 0; i < 3; i++) await page.click("#insp-back"); // update, x, dot: back to +
  assert.match(await page.textContent("#insp-explain"), /^Backward through \+ \(Affine1\) — Add node: passes the gradient on unchanged/);
  // exp feeds Σ and ×: its backward step says the two gradients that come back and their sum.
  await page.click("#insp-last");
  for (let i = 0; i < 7; i++) await page.click("#insp-back");
  const two = (await page.textContent("#insp-explain")).match(/from Σ \((\S+), (\S+)\) \(under the arrow e → Σ\), from × \(∂L\/∂y times 1\/Σ\) \((\S+), (\S+)\) \(over the arrow e → ×\); together ∂L\/∂e = \((\S+), (\S+)\)/);
  assert.ok(two, await page.textContent("#insp-explain"));
  const [s0, s1, m0, m1, t0, t1] = two.slice(1).map(Number);
  assert.equal(s0, s1, "Σ copies one gradient to both");
  assert.ok(Math.abs(s0 + m0 - t0) < 2e-4 && Math.abs(s1 + m1 - t1) < 2e-4, "the two add up");
  await page.click("#insp-last");
  ns = await nodes(page);
  const g = fixture.gradients;
  close(ns[13].backward, 1, 0, "×(−1) outputs L");
  close(ns[12].backward, -1, 0, "the sum gets −1");
  close(ns[11].backward, [-1, -1], 0, "the sum copies its gradient");
  close(ns[10].backward, [0, -1], 0, "×t sends t times the gradient");
  close(ns[9].backward, [0, -1 / y[1]], 1e-12, "log passes 1/x");
  close(ns[6].backward, g.delta2[0].map((d, k) => d / e[k]), 1e-12, "∂L/∂exp: both paths (the product and the sum)");
  close(ns[5].backward, g.delta2[0], 1e-12, "exp passes exp(x): δ2 = y − t at the layer boundary");
  close(ns[3].backward, [0, 1, 2].map((i) => fixture.network.W2[i].reduce((s, w, j) => s + w * g.delta2[0][j], 0)), 1e-12, "the dot node flips: δ2·W2ᵀ");
  close(ns[2].backward, g.delta1[0], 1e-12, "ReLU passes where u1 > 0");
  // The parameters' gradients over their operand arrows, at the dot and add nodes (the
  // article's goal, ∂L/∂W): dW = xᵀ·δ, db = δ.
  const paramGrads = await page.$$eval("#graph [data-param-grad]", (ns) => ns.map((n) => JSON.parse(n.dataset.paramGrad)));
  assert.equal(paramGrads.length, 4);
  close(paramGrads[0].flat(), g.dW1.flat(), 1e-12, "∂L/∂W1");
  close(paramGrads[1].flat(), g.db1, 1e-12, "∂L/∂b1");
  close(paramGrads[2].flat(), g.dW2.flat(), 1e-12, "∂L/∂W2");
  close(paramGrads[3].flat(), g.db2, 1e-12, "∂L/∂b2");
  assert.match(await page.textContent("#graph"), /∂L\/∂W1\s*-0\.1804 -0\.1804 -0\.1804\s*-0\.0361 -0\.0361 -0\.0361/);
  // The article prints eight decimals: the page can too (the link's digits=8).
  await page.selectOption("#insp-digits", "8");
  assert.match(await page.textContent("#graph"), /-0\.18038529 -0\.18038529 -0\.18038529/);
  // The one-hot target stays as the article writes it, whatever the decimals.
  assert.ok((await page.$$eval('#insp-graph [data-key="t"]', (ns) => ns.map((n) => n.textContent))).some((x) => x.includes("(0, 1)")));
  assert.match(await page.evaluate(() => location.hash), /&digits=8/);
  await page.selectOption("#insp-digits", "4");
  // Before the backward pass reaches them, the blocks' places are held by their names, greyed:
  // the graph does not move when the numbers come.
  const where = async () => (await page.evaluate(() => playground.settled()), page.$$eval("#graph [data-node]", (ns) => { const o = ns[0].ownerSVGElement.getBoundingClientRect(); return ns.map((n) => { const r = (n.querySelector("circle, ellipse, rect") ?? n).getBoundingClientRect(); return [Math.round(r.x - o.x), Math.round(r.y - o.y)]; }); }));
  const atEnd = await where();
  await page.click("#insp-first");
  assert.deepEqual(await page.$$eval("#graph .cg-param-pending", (ts) => ts.map((x) => x.textContent)), ["∂L/∂W1", "∂L/∂b1", "∂L/∂W2", "∂L/∂b2"]);
  assert.equal(await page.$$eval("#graph [data-param-grad]", (ns) => ns.length), 0);
  assert.deepEqual(await where(), atEnd, "every node stays where it was");
  await page.click("#insp-last");
  assert.equal(await page.$$eval("#graph .cg-param-pending", (ts) => ts.length), 0);
  // Each node says its local rule.
  const rules = await page.$$eval("#graph [data-node] > title", (ts) => ts.map((x) => x.textContent));
  assert.ok(rules.some((r) => /unchanged/.test(r)), "add passes the gradient on unchanged");
  assert.ok(rules.some((r) => /other input/.test(r)), "multiply flips");
  assert.ok(rules.some((r) => /exp\(x\)/.test(r)) && rules.some((r) => /−y²/.test(r)) && rules.some((r) => /1\/x/.test(r)) && rules.some((r) => /every input/.test(r)));
  // Walk the whole primitive graph and save each step.
  await page.click("#insp-first");
  for (let i = 1; i < 31; i++) {
    await page.click("#insp-next");
    if (i % 3 === 0 || i > 27) await shot(page, `graph-en-prim-${String(i).padStart(2, "0")}`);
  }
  assert.ok(await page.isDisabled("#insp-next"));
  assert.deepEqual(errors, []);
  await page.close();
});

for (const act of ["sigmoid", "tanh"]) {
  test(`a ${act} network: its primitive chain meets the layer-level backward at every boundary`, async () => {
    const { page, errors } = await openPage(env.browser, env.url + `/#lang=en&dataset=circle&hidden=3,2&activation=${act}&seed=6`, { width: 1400, height: 900 });
    await page.evaluate(() => playground.setSample({ x1: 1.5, x2: -2, label: 1 }));
    await page.check("#primitives");
    await page.click("#insp-last");
    const ns = await nodes(page);
    const chain = act === "sigmoid" ? ["neg", "exp", "add", "recip"] : ["mul", "exp", "add", "recip", "mul", "add"];
    const kinds = ns.map((n) => n.kind);
    assert.deepEqual(kinds.slice(3, 3 + chain.length), chain, `${act} = ${chain.join(" → ")}`);
    const tr = await page.evaluate(() => playground.pg.trace(1.5, -2, 1));
    // The Affine stages' add nodes carry u and δ; the activation's last node carries z and ∂L/∂z.
    const adds = ns.filter((n, i) => n.kind === "add" && ns[i - 1]?.kind === "dot");
    assert.equal(adds.length, 3);
    adds.forEach((n, l) => {
      close(n.forward, tr.layers[l].u, 1e-12, `u${l + 1}`);
      close(n.backward, tr.layers[l].delta, 1e-12, `δ${l + 1}`);
    });
    const firstAct = ns[3 + chain.length - 1];
    close(firstAct.forward, tr.layers[0].z, 1e-12, "z1");
    close(firstAct.backward, tr.layers[0].dz, 1e-12, "∂L/∂z1");
    close(ns[0].backward, tr.dx, 1e-12, "∂L/∂x");
    await shot(page, `graph-en-${act}`);
    assert.deepEqual(errors, []);
    await page.close();
  });
}

test("the warm-up graph (§2.2): z = t², t = x + y with every value and gradient", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en", { width: 1400, height: 900 });
  await page.click("#warmup-open");
  await page.fill("#warm-x", "1");
  await page.fill("#warm-y", "2");
  const read = () => page.$$eval("#warm-graph [data-node]", (ns) => ns.map((n) => [n.dataset.node, JSON.parse(n.dataset.forward), JSON.parse(n.dataset.backward)]));
  assert.deepEqual(await read(), [["input", 1, 6], ["input", 2, 6], ["add", 3, 6], ["square", 9, 1], ["output", 9, 1]]);
  await page.fill("#warm-x", "-0.5");
  assert.deepEqual((await read())[2], ["add", 1.5, 3], "∂z/∂x = 2t·1 follows the inputs");
  assert.match(await page.textContent("#warm-explain"), /2t·1 = 3/);
  await page.locator("#warmup").scrollIntoViewIfNeeded();
  await shot(page, "graph-en-warmup");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the gradient check agrees to 1e-6 on the preset and on a trained 6×8 network", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&digits=4", { height: 1500 });
  await page.click("#article-preset");
  await page.click("#gradcheck-run");
  const max = Number(await page.textContent(".gc-max"));
  assert.ok(max < 1e-6, `max relative error ${max}`);
  assert.equal(await page.locator("table.gc tr").count(), 1 + 17, "a row per parameter for a small network");
  assert.match(await page.textContent(".gc-summary"), /68 forward passes/);
  await shot(page, "inspector-gradcheck-article");
  // The article's loop: 100 steps on the sample, then x = (1, 5).
  await page.click("#insp-train");
  assert.ok(await page.isVisible("#insp-train-out"), "the loop's result stays in sight (the sample is now its probe)");
  assert.match(await page.textContent("#insp-train-out"), /\(0\.0127, 0\.9873\)/);
  assert.match(await page.textContent("#insp-train-out"), /first forward pass/);
  // The article's own table, from its loop as written, to its eight decimals.
  const printed = (await page.textContent("#insp-train-out .printed")).replace(/\s+/g, " ");
  for (const row of ["W1 = [0.33765368, 0.63071480, 0.92377592] [0.24753074, 0.46614296, 0.68475518]", "b1 = [0.14753074, 0.26614296, 0.38475518]", "W2 = [0.00379451, 0.49620549] [-0.05253941, 0.75253941] [-0.10887333, 1.00887333]", "b2 = [-0.02025686, 0.32025686]", "x = (1, 5) gives y = (0.00011427, 0.99988573)"]) assert.ok(printed.includes(row), `${row} in ${printed}`);

  // Pasting a link into the same tab (only the fragment changes) starts that run.
  await page.goto(env.url + "/#dataset=spiral&hidden=8,8,8,8,8,8&seed=2&learningRate=0.03&lang=en");
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
  const s = await page.evaluate(() => playground.sample);
  assert.deepEqual(s, p, "the clicked point is the traced sample");
  assert.ok(Math.abs(Number(await page.inputValue("#insp-x1")) - p.x1) <= 5e-5, "the box shows the point to four decimals");
  assert.equal(Number(await page.getAttribute("#insp-x1", "title")), p.x1, "its title, in full");
  // Changing only the target keeps the clicked point's full coordinates.
  await page.selectOption("#insp-label", String(1 - p.label));
  assert.deepEqual(await page.evaluate(() => playground.sample), { ...p, label: 1 - p.label });
  await page.selectOption("#insp-label", String(p.label));
  await page.click("#gradcheck-run");
  const max6 = Number(await page.textContent(".gc-max"));
  assert.ok(max6 < 1e-6, `6×8: max relative error ${max6}`);
  assert.match(await page.textContent("#gradcheck-out"), /ten parameters with the largest errors/);
  await page.click("#insp-last");
  await shot(page, "inspector-6x8");
  assert.deepEqual(errors, []);
  await page.close();
});

test("clicking a data point traces it, in sight; another point updates the trace; typing works too", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=3&seed=4&lang=en", { width: 1400, height: 900 });
  const pts = await page.evaluate(() => Array.from(playground.points.slice(0, 8)));
  const click = async (i) => {
    const box = await page.locator("#boundary").boundingBox();
    await page.mouse.click(box.x + ((pts[4 * i] + 6) / 12) * box.width, box.y + ((6 - pts[4 * i + 1]) / 12) * box.height);
  };
  await click(0);
  assert.equal(await page.evaluate(() => scrollY), 0);
  const g = await page.locator("#graph").boundingBox();
  assert.ok(g.y + 100 < 900, "the graph is in sight after the click");
  assert.equal(await page.getAttribute("#view-graph", "aria-pressed"), "true");
  // Tab meets what is seen first: the inspector before the output.
  const before = (a, b) => page.evaluate(([a, b]) => Boolean(document.getElementById(a).compareDocumentPosition(document.getElementById(b)) & Node.DOCUMENT_POSITION_FOLLOWING), [a, b]);
  assert.ok(await before("insp-next", "boundary"), "graph view: the inspector comes first in the document");
  await page.click("#insp-last");
  close((await nodes(page))[0].forward, [pts[0], pts[1]], 1e-12, "first point");
  await click(1);
  close((await nodes(page))[0].forward, [pts[4], pts[5]], 1e-12, "second point");
  await page.fill("#insp-x1", "-2.5");
  await page.fill("#insp-x2", "3");
  await page.press("#insp-x2", "Enter");
  close((await nodes(page))[0].forward, [-2.5, 3], 0, "typed");
  const predicted = await page.evaluate(() => Array.from(playground.pg.predict(-2.5, 3)));
  close(await slotValues(page, "y"), predicted, 1e-12, "the trace's y is the network's prediction");
  // Back to the network view by keyboard.
  await page.focus("#view-network");
  await page.keyboard.press("Enter");
  assert.ok(await page.isVisible("#network"));
  assert.ok(await before("boundary", "insp-next"), "network view: the inspector back after the output");
  assert.deepEqual(errors, []);
  await page.close();
});

test("日本語: the article's terms, the same numbers, stepping in Japanese; no English left", async () => {
  const en = (await import("../../web/js/messages-en.js")).default;
  const ja = (await import("../../web/js/messages-ja.js")).default;
  assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), "both tables have the same keys");
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=ja", { width: 1400, height: 900 });
  assert.equal(await page.getAttribute("html", "lang"), "ja");
  await page.click("#article-preset");
  assert.equal(await page.textContent("#insp-phase"), "開始");
  const steps = [];
  for (let i = 1; i < 13; i++) {
    await page.click("#insp-next");
    steps.push(await page.textContent("#insp-phase"));
    await shot(page, `graph-ja-${String(i).padStart(2, "0")}`);
  }
  assert.deepEqual(steps, ["順伝播", "順伝播", "順伝播", "順伝播", "誤差関数", "逆伝播", "逆伝播", "逆伝播", "逆伝播", "逆伝播", "逆伝播", "更新"]);
  close((await nodes(page))[3].backward, fixture.gradients.delta2[0], 1e-12, "δ2 in Japanese too");
  const text = await page.evaluate(() => document.body.innerText + " " + [...document.querySelectorAll("[title],[aria-label]")].map((e) => (e.getAttribute("title") ?? "") + " " + (e.getAttribute("aria-label") ?? "")).join(" "));
  for (const term of ["順伝播", "逆伝播", "計算グラフ", "重み", "学習率", "活性化関数"]) assert.ok(text.includes(term), `uses the article's term ${term}`);
  // No English UI string remains: every message that differs between the tables, split at its
  // placeholders, is absent from the page.
  const leftovers = [];
  for (const [key, value] of Object.entries(en)) {
    if (ja[key] === value) continue;
    for (const part of value.split(/\{\w+\}/)) if (/[a-z]{3,}.*\s.*[a-z]{3,}/i.test(part) && text.includes(part.trim())) leftovers.push(`${key}: ${part.trim()}`);
  }
  assert.deepEqual(leftovers, []);
  await page.check("#primitives");
  await page.click("#insp-last");
  await shot(page, "graph-ja-primitives");
  // The core's validation messages are shown in Japanese too, with what and where.
  await page.setInputFiles("#import-csv", { name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from('x1,x2,label\n1,1,1\n1,abc,0\n') });
  await page.waitForFunction(() => !document.getElementById("notice").hidden);
  assert.equal(await page.textContent("#notice-text"), 'bad.csv: 3行目: x2: "abc" は数ではありません。何も変更していません。');
  await page.click("#notice-close");
  // Every core message has its Japanese (the page words the core's code, not its English):
  // a model whose first layer has 3 rows for 2 features, and one with 9 layers.
  const model = (layers) => Buffer.from(JSON.stringify({ format: "backprop-playground/model@1", features: ["x1", "x2"], activation: "tanh", output: "softmax", layers }));
  const layer = (i, o) => ({ weights: Array.from({ length: i }, () => Array(o).fill(0.1)), bias: Array(o).fill(0) });
  for (const [name, layers, want] of [
    ["inputs.json", [layer(3, 2)], "layers[0].weights: 2 行が必要ですが、3 行あります"],
    ["deep.json", Array.from({ length: 9 }, (_, i) => layer(2, 2)), "layers: 層は最大 7 個ですが、9 個あります"],
  ]) {
    await page.setInputFiles("#import-model", { name, mimeType: "application/json", buffer: model(layers) });
    await page.waitForFunction(() => !document.getElementById("notice").hidden);
    const text = await page.textContent("#notice-text");
    assert.ok(text.includes(want), `${name}: ${text}`);
    assert.doesNotMatch(text, /expected|found|at most/, "no English left");
    await page.click("#notice-close");
  }
  // The switch in the header changes the language in place.
  await page.click('[data-lang="en"]');
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.equal(await page.textContent("#insp-phase"), "Update");
  assert.match(await page.evaluate(() => location.hash), /lang=en/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the inspector and the warm-up say what is wrong with a typed value, and keep the last good one", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=3&seed=4&lang=en", { width: 1400, height: 900 });
  // No sample yet: nothing to step through or check, and the article's loop is not offered.
  for (const id of ["insp-next", "insp-play", "insp-last", "gradcheck-run"]) assert.ok(await page.isDisabled("#" + id), `#${id} without a sample`);
  assert.equal(await page.isVisible("#insp-train"), false, "the article's loop belongs to its example");
  // A coordinate the core refuses: said, the box marked, no sample.
  await page.fill("#insp-x2", "1");
  await page.fill("#insp-x1", "1e300");
  await page.press("#insp-x1", "Enter");
  assert.match(await page.textContent("#notice-text"), /^x1: 1e300 is too large/);
  assert.equal(await page.getAttribute("#insp-x1", "aria-invalid"), "true");
  assert.equal(await page.evaluate(() => playground.sample), null);
  // One box empty: no trace yet, and the explanation says what is missing.
  await page.fill("#insp-x1", "");
  await page.press("#insp-x1", "Enter");
  assert.equal(await page.getAttribute("#insp-x1", "aria-invalid"), null);
  assert.match(await page.textContent("#insp-explain"), /both x₁ and x₂/);
  await page.fill("#insp-x1", "2");
  await page.press("#insp-x1", "Enter");
  assert.deepEqual(await page.evaluate(() => playground.sample), { x1: 2, x2: 1, label: 0 });
  assert.equal(await page.isDisabled("#insp-next"), false);
  assert.equal(await page.isVisible("#insp-train"), false, "still not the article's example");
  // A value too large after a good one: the trace stays on the good sample.
  await page.fill("#insp-x2", "-1e9");
  await page.press("#insp-x2", "Enter");
  assert.equal(await page.getAttribute("#insp-x2", "aria-invalid"), "true");
  assert.deepEqual(await page.evaluate(() => playground.sample), { x1: 2, x2: 1, label: 0 });
  // The warm-up: z = (x + y)² overflows past 1e154, so x and y are bounded like weights.
  await page.click("#warmup-open");
  await page.fill("#warm-x", "1");
  await page.fill("#warm-y", "2");
  const z = () => page.$eval('#warm-graph [data-node="output"]', (n) => JSON.parse(n.dataset.forward));
  assert.equal(await z(), 9);
  await page.fill("#warm-x", "1e200");
  assert.equal(await page.textContent("#warm-explain"), "x: 1e200 is out of range (|value| ≤ 1e6)");
  assert.equal(await page.getAttribute("#warm-x", "aria-invalid"), "true");
  assert.equal(await z(), 9, "the graph keeps the last good values");
  await page.fill("#warm-x", "");
  assert.match(await page.textContent("#warm-explain"), /x: "" is not a number/);
  await page.fill("#warm-x", "3");
  assert.equal(await z(), 25);
  assert.equal(await page.getAttribute("#warm-x", "aria-invalid"), null);
  // The article's example offers its loop.
  await page.click("#article-preset");
  assert.ok(await page.isVisible("#insp-train"));
  assert.deepEqual(errors, []);
  await page.close();
});

test("the computation graph wraps into even rows, and stepping keeps the current node on screen on a phone", async () => {
  const rowsOf = (page) =>
    page.$$eval("#graph .cg-node", (ns) => {
      const rows = new Map();
      for (const n of ns) {
        const y = Math.round(n.getBoundingClientRect().top / 10);
        rows.set(y, (rows.get(y) ?? 0) + 1);
      }
      return [...rows.values()];
    });
  // Desktop: x, three layers and their activations, softmax-with-loss and L do not fit one row;
  // they take two even ones, not seven and a lone L.
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=spiral&hidden=4,2&seed=3", { width: 1400, height: 900 });
  await page.evaluate(() => playground.setSample({ x1: -1.87, x2: 1.4, label: 1 }));
  await frame(page);
  const rows = await rowsOf(page);
  assert.equal(rows.length, 2, `rows ${rows}`);
  assert.ok(Math.min(...rows) >= 3, `rows of ${rows} nodes`);
  assert.deepEqual(errors, []);
  await page.close();
  // Phone: the graph wraps onto many rows; each step brings its node into sight.
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const phone = await context.newPage();
  await phone.goto(env.url + "/#lang=en&dataset=spiral&hidden=4,2&seed=3");
  await phone.waitForFunction(() => document.body.classList.contains("ready"));
  await phone.evaluate(() => playground.setSample({ x1: -1.87, x2: 1.4, label: 1 }));
  await frame(phone);
  assert.ok((await rowsOf(phone)).length >= 3);
  for (let i = 0; i < 8; i++) {
    await phone.click("#insp-next");
    await frame(phone); // (the graph redrawn for the step)
    const r = await phone.$eval("#graph .cg-node.current", (n) => {
      const b = n.getBoundingClientRect();
      const next = document.getElementById("insp-next").getBoundingClientRect();
      const explain = document.getElementById("insp-steps").getBoundingClientRect();
      const box = document.getElementById("graph").getBoundingClientRect();
      return { top: b.top, bottom: b.bottom, next: [next.top, next.bottom], explain: explain.bottom, box: [box.top, box.bottom] };
    });
    // Inside the graph's own box (nothing sticky over it), which is on screen.
    assert.ok(r.top >= r.box[0] && r.bottom <= r.box[1] && r.box[1] <= 844, `step ${i + 2}: the node at ${r.top}–${r.bottom} in its box ${r.box}`);
    // The node, the Next button and the step's explanation are all on screen, one above the other,
    // and so are the numbers over the arrow into the node (up to four lines).
    assert.ok(r.top - 56 >= r.explain && r.bottom <= 844, `step ${i + 2}: the current node at ${r.top}–${r.bottom}, below the explanation (${r.explain})`);
    assert.ok(r.next[0] >= 0 && r.next[1] <= 844, `step ${i + 2}: Next at ${r.next}`);
  }
  // Nothing sticky or fixed covers the graph on a phone.
  const covering = await phone.evaluate(() => {
    const g = document.getElementById("graph").getBoundingClientRect();
    return [...document.querySelectorAll("body *")]
      .filter((e) => ["fixed", "sticky"].includes(getComputedStyle(e).position) && getComputedStyle(e).display !== "none" && !e.hidden)
      .filter((e) => {
        const b = e.getBoundingClientRect();
        return b.height > 0 && b.bottom > g.top && b.top < g.bottom && b.right > g.left && b.left < g.right;
      })
      .map((e) => e.id || e.className);
  });
  assert.deepEqual(covering, [], "nothing sticky or fixed over the graph");
  // The article's example opened into its nodes: at every step the numbers over the arrow into
  // the current node are below the step buttons (before, two steps hid them under the buttons).
  await phone.click("#article-open");
  await phone.check("#primitives");
  await frame(phone);
  for (let i = 0; i < 30; i++) {
    await phone.click("#insp-next");
    await frame(phone);
    const r = await phone.evaluate(() => {
      const n = document.querySelector("#graph .cg-node.current");
      return n && { top: n.getBoundingClientRect().top, steps: document.getElementById("insp-steps").getBoundingClientRect().bottom };
    });
    if (r) assert.ok(r.top - 56 >= r.steps, `step ${i + 2}: the node at ${r.top}, the buttons end at ${r.steps}`);
  }
  await context.close();
});

test("on a phone a long step explanation keeps to three lines with a button that reads on", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=ja");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.click("#article-open");
  await page.check("#primitives");
  await frame(page);
  let found = false;
  for (let i = 0; i < 40 && !found; i++) {
    found = await page.isVisible("#insp-read-on");
    if (!found) await page.click("#insp-next");
  }
  assert.ok(found, "some step of the article's graph says more than three lines");
  // A finger's targets: the inspector's buttons and selects (the 24 px floor once overrode these).
  const heights = await page.$$eval("#gradcheck-run, #insp-digits, #insp-read-on", (es) => es.map((e) => [e.id, e.getBoundingClientRect().height]));
  for (const [id, h] of heights) assert.ok(h >= 32, `${id}: ${h} px`);
  const box = () => page.$eval("#insp-explain", (e) => ({ cut: e.scrollHeight > e.clientHeight + 1, h: e.clientHeight }));
  const closed = await box();
  assert.ok(closed.cut, "closed, the text is cut");
  await page.click("#insp-read-on");
  const open = await box();
  assert.ok(!open.cut && open.h > closed.h, `open, the whole text shows (${closed.h} → ${open.h} px)`);
  assert.equal(await page.getAttribute("#insp-read-on", "aria-expanded"), "true");
  assert.match(await page.textContent("#insp-read-on"), /閉じる/);
  await page.click("#insp-back");
  assert.equal(await page.getAttribute("#insp-read-on", "aria-expanded"), "false");
  assert.deepEqual(errors, []);
  await context.close();
});

test("in the graph view the arrow keys step the graph and never train; the focus stays where it was; a huge sample gives no NaN", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en", { width: 1400, height: 900 });
  // The preset from the keyboard: the inspector moves to the top, the focus stays on the button.
  await page.focus("#article-preset");
  await page.keyboard.press("Enter");
  await frame(page);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "article-preset", "the focus is not dropped to the page");
  const epoch = () => page.evaluate(() => playground.pg.metrics().epoch);
  const step = () => page.textContent("#insp-stepno");
  assert.match(await step(), /^step 1 of/);
  // From the page itself (a presenter's clicker sends → with the focus nowhere in particular).
  await page.evaluate(() => document.activeElement.blur());
  for (let i = 0; i < 4; i++) await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  assert.match(await step(), /^step 4 of/);
  assert.equal(await epoch(), 0, "no training: the weights stay the article's");
  // Right after the view's button was clicked (the focus on it), and with PageDown / PageUp,
  // which most clickers send.
  await page.click("#view-network");
  await page.click("#view-graph");
  await page.click("#insp-first");
  await page.focus("#view-graph");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageUp");
  assert.match(await step(), /^step 3 of/);
  assert.equal(await page.evaluate(() => document.activeElement?.id), "view-graph");
  await page.click("#insp-next");
  assert.match(await step(), /^step 4 of/);
  assert.equal(await epoch(), 0, "no training: the weights stay the article's");
  // In the network view → is still one epoch.
  await page.click("#view-network");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("ArrowRight");
  assert.equal(await epoch(), 1);
  // x₁ = 10000 on the article's network: e^u would overflow; the graph takes exp(u − max)
  // as the article's code does, and no value or gradient is NaN.
  await page.click("#article-preset");
  await page.check("#primitives");
  await page.fill("#insp-x1", "10000");
  await page.dispatchEvent("#insp-x1", "change");
  await page.click("#insp-last");
  await frame(page);
  const drawn = await nodes(page);
  assert.ok(drawn.length > 10);
  for (const n of drawn) assert.ok(!JSON.stringify([n.forward, n.backward]).includes("null"), `${n.kind} ${n.id}: ${JSON.stringify([n.forward, n.backward])}`);
  assert.ok((await page.$$eval('#graph [data-node="exp"]', (ns) => ns.map((n) => n.textContent))).some((s) => s.includes("exp(x−max)")), "the shifted exp is named");
  assert.ok(!(await page.textContent("#insp-graph")).includes("NaN"), "no NaN in the cards either");
  // The header's "Article example" (where a reader of the article looks first) does what the
  // inspector's button does, from the network view too.
  await page.click("#view-network");
  await page.click("#article-open");
  await frame(page);
  assert.ok(await page.evaluate(() => document.getElementById("layout").classList.contains("graph-view")));
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2]);
  assert.deepEqual(await page.evaluate(() => playground.sample), { x1: 5, x2: 1, label: 1 });
  assert.match(await step(), /^step 1 of/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("on a phone the warm-up graph fits its box instead of being cut at the right", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(env.url + "/#lang=ja");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.click("#warmup-open");
  await page.locator("#warm-graph svg").scrollIntoViewIfNeeded();
  const fit = await page.$eval("#warm-graph", (box) => ({ box: box.getBoundingClientRect().width, svg: box.querySelector("svg").getBoundingClientRect().width, scrolls: box.scrollWidth > box.clientWidth + 1 }));
  assert.ok(fit.svg <= fit.box + 0.5 && !fit.scrolls, `the graph ${fit.svg} px in a ${fit.box} px box`);
  await context.close();
});
