// The graph teaches what the article teaches: every drawn arrow carries its own value and its
// own gradient (at softmax's e, which feeds Σ and ×, each branch its share and the node their
// sum); the update step applies W ← W − η·dW to the network and Undo takes it back; the article's
// example is a run of its own on its one sample, which never overwrites the learner's saved work
// and has a way back; the article's words in Japanese; 8 decimals. Screenshots of the graph view
// with the article's example at 1400×900 and 390×844, in English and Japanese.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { useBrowser, openPage, shot, clickNeuron, SHOTS } from "./harness.mjs";

const env = useBrowser();
const frame = (page) => page.evaluate(() => playground.settled());
const params = (page) => page.evaluate(() => Array.from(playground.pg.params()));
const close = (got, want, tol, what) => {
  got = [].concat(got).flat();
  want = [].concat(want).flat();
  assert.equal(got.length, want.length, what);
  got.forEach((g, i) => assert.ok(Math.abs(g - want[i]) <= tol * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${g} vs ${want[i]}`));
};
/** Every drawn arrow: {arrow, from, to, forward, backward (undefined until reached)}. */
const arrows = (page) =>
  page.$$eval("#graph [data-arrow]", (as) =>
    as.map((a) => ({
      arrow: a.dataset.arrow,
      from: a.dataset.from,
      to: a.dataset.to,
      forward: a.hasAttribute("data-forward") ? JSON.parse(a.dataset.forward) : undefined,
      backward: a.hasAttribute("data-backward") ? JSON.parse(a.dataset.backward) : undefined,
    })),
  );
const node = (page, id) => page.$eval(`#graph [data-id="${id}"]`, (n) => ({ forward: JSON.parse(n.dataset.forward), backward: n.hasAttribute("data-backward") ? JSON.parse(n.dataset.backward) : undefined }));
const flatParams = (layers) => layers.flatMap((l) => [...l.weights.flat(), ...l.bias]);

test("every arrow carries its own gradient: at softmax's e, e → Σ and e → × each their share, and e their sum", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en", { width: 1400, height: 900 });
  await page.click("#article-preset");
  await page.check("#primitives");
  // Before the backward pass no arrow carries a gradient; every arrow carries its value.
  let as = await arrows(page);
  assert.ok(as.length >= 19, `${as.length} arrows`);
  assert.ok(as.every((a) => a.forward !== undefined && a.backward === undefined), "values only, before the backward pass");
  await page.click("#insp-last");
  await frame(page);
  as = await arrows(page);
  const kinds = new Set(await page.$$eval("#graph [data-node]", (ns) => ns.map((n) => n.dataset.node)));
  for (const a of as) {
    assert.match(a.arrow, /^[a-zA-Z]+>[a-zA-Z]+$/, JSON.stringify(a));
    const [from, to] = a.arrow.split(">");
    assert.ok(from === "param" || kinds.has(from), `from a drawn kind: ${a.arrow}`);
    assert.ok(kinds.has(to), `to a drawn kind: ${a.arrow}`);
    assert.ok(a.forward !== undefined && a.backward !== undefined, `value and gradient on ${a.arrow} ${a.from}→${a.to}`);
  }
  // The parameters' and the target's arrows come in from `param`: W1, b1, W2, b2, t.
  assert.deepEqual(as.filter((a) => a.arrow.startsWith("param>")).map((a) => a.from), ["W1", "b1", "W2", "b2", "t"]);
  // The core's own per-edge gradients: each node's arrow in carries what that node sends back.
  const pt = await page.evaluate(() => playground.pg.primitiveTrace(5, 1, 1));
  const nodes = pt.stages.flatMap((s, si) => s.nodes.map((n, ni) => ({ id: `s${si}n${ni}`, n })));
  for (const { id, n } of nodes) {
    const into = as.find((a) => a.to === id && !a.arrow.startsWith("param>") && a.arrow !== "exp>mul");
    close(into.backward, n.inputGrad, 0, `the arrow into ${id}`);
  }
  // The fan-out: e feeds Σ and ×.
  const e = [Math.exp(1.62), Math.exp(3.61)];
  const S = e[0] + e[1];
  const toSum = as.find((a) => a.arrow === "exp>sum");
  const toMul = as.find((a) => a.arrow === "exp>mul");
  assert.equal(toSum.from, "s3n0");
  assert.equal(toMul.from, "s3n0");
  assert.equal(toMul.to, "s3n3");
  close(toSum.forward, e, 1e-12, "e → Σ carries e");
  close(toMul.forward, e, 1e-12, "e → × carries e");
  close(toSum.backward, [1 / S, 1 / S], 1e-12, "e → Σ: the Σ branch's share, 1/S to both");
  close(toMul.backward, [0, -1 / e[1]], 1e-12, "e → ×: the × branch's share, ∂L/∂y · 1/S");
  assert.notDeepEqual(toSum.backward, toMul.backward);
  const exp = await node(page, "s3n0");
  close(exp.backward, toSum.backward.map((g, k) => g + toMul.backward[k]), 1e-15, "e's gradient is the sum of its two shares");
  // The article: ∂L/∂e = (0.0238, −0.0033) = (0.0238, 0.0238) + (0, −0.0271).
  close(exp.backward, [0.023798676638245045, -0.003253170228105357], 1e-12, "∂L/∂e");
  // Drawn as such, at 8 decimals: the × share over its arrow, the sum under e.
  assert.equal(await page.textContent("#graph .cg-share"), "(0.00000000, -0.02705185)");
  assert.deepEqual(await page.$$eval("#graph .cg-fan-sum", (ts) => ts.map((t) => t.textContent)), ["∂L/∂e = Σ+×", "0.02379868", "-0.00325317"]);
  const labels = await page.$$eval('#graph [data-arrow="exp>sum"] .cg-bwd', (ts) => ts.map((t) => t.textContent));
  assert.deepEqual(labels, ["0.02379868", "0.02379868"], "e → Σ shows the Σ branch's share, not the total");
  // The arrows of the parameters carry W and dW.
  const w1 = as.find((a) => a.from === "W1");
  assert.deepEqual(w1.forward, [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]);
  const tr = await page.evaluate(() => playground.pg.trace(5, 1, 1));
  close(w1.backward, tr.layers[0].dw, 1e-12, "W1 → dot carries dW1 (the layer-level backward's)");
  close(as.find((a) => a.from === "t").backward, pt.y.map((y) => -Math.log(y)), 1e-12, "t → ×t carries ∂L/∂t = −ln y");
  // Stepping back hides the shares in reverse: at Σ's backward step e → Σ has its share, e → ×
  // too (× came before), and e has none yet.
  await page.click("#insp-back"); // x
  for (let i = 0; i < 7; i++) await page.click("#insp-back"); // dot, +, ReLU, dot, +, exp, Σ
  assert.match(await page.textContent("#insp-explain"), /Σ/);
  as = await arrows(page);
  assert.ok(as.find((a) => a.arrow === "exp>sum").backward && as.find((a) => a.arrow === "exp>mul").backward);
  assert.equal((await node(page, "s3n0")).backward, undefined);
  assert.equal(await page.locator("#graph .cg-fan-sum").count(), 0);
  await page.click("#insp-back"); // 1/x
  await page.click("#insp-back"); // ×
  as = await arrows(page);
  assert.ok(as.find((a) => a.arrow === "exp>mul").backward && !as.find((a) => a.arrow === "exp>sum").backward, "× sends its share before Σ");
  // The layer level too: every arrow has its value and, after the backward pass, its gradient.
  await page.uncheck("#primitives");
  await page.click("#insp-last");
  as = await arrows(page);
  assert.deepEqual(as.map((a) => a.arrow), ["input>affine", "affine>relu", "relu>affine", "affine>loss", "loss>L"]);
  assert.ok(as.every((a) => a.forward !== undefined && a.backward !== undefined));
  close(as[3].backward, tr.layers[1].delta, 1e-12, "u2 → Softmax-with-Loss carries y − t");
  close(as[4].backward, 1, 0, "L's arrow carries ∂L/∂L = 1");
  assert.deepEqual(errors, []);
  await page.close();
});

test("#insp-apply applies W ← W − η·dW to the network (plain gradient descent, not an epoch); Undo and Back take it back", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en", { width: 1400, height: 900 });
  await page.click("#article-preset");
  // Whatever the optimizer: the article's plain step.
  await page.selectOption("#optimizer", "adam");
  assert.ok(await page.isHidden("#insp-apply"), "only at the update step");
  await page.click("#insp-last");
  assert.ok(await page.isVisible("#insp-apply"));
  const before = await params(page);
  const tr = await page.evaluate(() => playground.pg.trace(5, 1, 1));
  const epoch = await page.textContent("#epoch");
  await page.click("#insp-apply");
  await frame(page);
  const after = await params(page);
  assert.deepEqual(after, flatParams(tr.updated), "the core's W − η·dW");
  const dw = tr.layers.flatMap((l) => [...l.dw.flat(), ...l.db]);
  close(after, before.map((w, i) => w - 0.01 * dw[i]), 1e-15, "W − η·dW with η = 0.01");
  assert.equal(await page.textContent("#epoch"), epoch, "not an epoch");
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 0);
  // The graph shows the next forward pass: from the start, with the new weights.
  assert.equal(await page.textContent("#insp-phase"), "Start");
  assert.match(await page.textContent("#insp-explain"), /update is applied.*0\.12812530/);
  for (let i = 0; i < 5; i++) await page.click("#insp-next");
  const next = await page.evaluate(() => playground.pg.trace(5, 1, 1));
  close((await node(page, "L")).forward, next.loss, 1e-12, "the new L");
  assert.ok(next.loss < tr.loss, `the loss went down: ${tr.loss} → ${next.loss}`);
  // Undo takes it back.
  assert.ok(await page.isVisible("#insp-undo"));
  await page.click("#insp-undo");
  await frame(page);
  assert.deepEqual(await params(page), before, "the weights before the update");
  assert.equal(await page.textContent("#insp-phase"), "Update");
  assert.ok(await page.isHidden("#insp-undo"));
  // Back from the start of the next pass does too.
  await page.click("#insp-apply");
  assert.equal(await page.textContent("#insp-phase"), "Start");
  assert.ok(!(await page.isDisabled("#insp-back")), "Back can take the update back");
  await page.click("#insp-back");
  await frame(page);
  assert.deepEqual(await params(page), before);
  assert.equal(await page.textContent("#insp-phase"), "Update");
  assert.equal(await page.textContent("#epoch"), epoch);
  assert.deepEqual(errors, []);
  await page.close();
});

test("the article's example is a run of its own: the output, the landscape, Train and Step are about its one sample", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=4&seed=3", { width: 1400, height: 1300 });
  await page.click("#article-open");
  await frame(page);
  // Its data is its sample: x = (5, 1), t = class 1, in the training set.
  assert.deepEqual(await page.evaluate(() => Array.from(playground.points)), [5, 1, 1, 1]);
  assert.match(await page.textContent("#notice-text"), /run of its own.*x = \(5, 1\), t = \(0, 1\)/);
  // The output says what its data is, after the notice is gone too.
  assert.match(await page.textContent("#task-text"), /the article's one sample x = \(5, 1\), t = \(0, 1\)/);
  // The output's loss is the graph's L (to the output's three decimals), its accuracy 100 %.
  const L = 0.12812530328571797;
  assert.equal(await page.textContent("#train-loss"), L.toFixed(3));
  const m = await page.evaluate(() => playground.pg.metrics());
  close(m.trainLoss, L, 1e-12, "the training loss is L");
  // 8 decimals: the graph, the cards.
  assert.equal(await page.inputValue("#insp-digits"), "8");
  await page.click("#insp-next");
  assert.match(await page.textContent("#graph"), /0\.80000000/);
  // The loss landscape's gradient (over the training set) is the graph's ∂L/∂W1[0][0] = −0.1804.
  const tr = await page.evaluate(() => playground.pg.trace(5, 1, 1));
  const g = await page.evaluate(() => Array.from(playground.pg.trainGradient()));
  close(g, tr.layers.flatMap((l) => [...l.dw.flat(), ...l.db]), 1e-12, "the landscape's gradient is the sample's");
  await page.click("#view-network");
  await clickNeuron(page, 1, 0);
  await page.click('#weights-body [data-landscape="W1[0][0]"]');
  await frame(page);
  assert.match(await page.textContent("#landscape-readout"), /∂L\/∂w = -0\.1804/);
  assert.equal(await page.evaluate(() => playground.landscape().values[(playground.landscape().values.length - 1) / 2]), m.trainLoss, "its middle is L");
  // Step is one epoch = one gradient-descent step on the sample: the update step's weights.
  await page.click("#step");
  await frame(page);
  assert.deepEqual(await params(page), flatParams(tr.updated), "Step = W − η·dW on the sample");
  assert.equal(await page.textContent("#epoch"), "1");
  // Train: the loss on the sample goes down, the output follows it.
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch >= 20);
  await page.click("#play");
  await frame(page);
  const after = await page.evaluate(() => [playground.pg.metrics().trainLoss, playground.pg.trace(5, 1, 1).loss]);
  close(after[0], after[1], 1e-12, "the output's loss is the sample's L");
  assert.ok(after[0] < L);
  assert.deepEqual(errors, []);
  await page.close();
});

test("entering the article's example never overwrites saved work; “Back to my run” returns to it, after a reload too", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=en&dataset=xor&hidden=5&learningRate=0.1&seed=12");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await page.click("#step");
  await page.click("#step");
  await page.click("#step");
  await frame(page);
  const mine = { params: await params(page), hash: await page.evaluate(() => location.hash), epoch: await page.textContent("#epoch") };
  assert.ok(await page.isHidden("#article-leave"));
  // At once (no wait for the once-a-second save): the learner's run is saved before it is left.
  await page.click("#article-open");
  await new Promise((r) => setTimeout(r, 1500));
  const slots = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith("backprop-playground/v2/session/"))
      .map(([k, v]) => ({ id: k.split("/").pop(), ...JSON.parse(v) })),
  );
  assert.equal(slots.length, 2, "the article's run saves beside the learner's");
  const theirs = slots.find((s) => s.fragment === mine.hash);
  assert.ok(theirs, `the learner's session is still saved, as it was: ${JSON.stringify(slots.map((s) => s.fragment))} ${mine.hash}`);
  assert.equal(theirs.progress.epoch, 3);
  assert.equal(slots.find((s) => s !== theirs).back, theirs.id, "the article's run knows the way back");
  // A visible way back, in the header.
  assert.ok(await page.isVisible("#article-leave"));
  await page.click("#article-preset"); // (again: still the same way back)
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.deepEqual(await page.evaluate(() => playground.sizes), [2, 3, 2], "a reload stays in the article's run");
  assert.ok(await page.isVisible("#article-leave"));
  // Work done in the article's run on other data is not overwritten by entering it again.
  await page.click("#view-network");
  await page.click('[data-dataset="circle"]');
  await page.click("#step");
  await frame(page);
  const circle = await page.evaluate(() => location.hash);
  await page.click("#article-open");
  await new Promise((r) => setTimeout(r, 1500));
  const after = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.startsWith("backprop-playground/v2/session/")).map(([, v]) => JSON.parse(v)));
  assert.ok(after.some((s) => s.fragment === circle && s.progress.epoch === 1), "the circle run is kept");
  assert.ok(after.some((s) => s.fragment === mine.hash && s.progress.epoch === 3), "and the learner's first run");
  await page.click("#article-leave");
  await frame(page);
  assert.deepEqual(await params(page), mine.params, "the learner's weights");
  assert.equal(await page.textContent("#epoch"), mine.epoch, "their epochs");
  assert.equal(await page.evaluate(() => location.hash), mine.hash, "their settings");
  assert.equal(await page.evaluate(() => playground.points.length), 4 * 500, "their data");
  assert.ok(await page.isHidden("#article-leave"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("日本語: the article's words, one per meaning; the update applied; screenshots of the article's graph at 1400×900 and 390×844", async () => {
  const ja = (await import("../../web/js/messages-ja.js")).default;
  const all = Object.values(ja).join("\n");
  assert.doesNotMatch(all, /総和ノード/, "the article's 加算ノード");
  assert.doesNotMatch(all, /最後の層/, "one name for one layer");
  assert.equal(ja["run.step"], "1エポック", "the header's step is an epoch");
  assert.ok(Object.entries(ja).every(([k, v]) => !/ステップ/.test(v) || k.startsWith("insp.")), "ステップ only for a step of the graph");
  for (const [lang, vp, tag] of [
    ["ja", { width: 1400, height: 900 }, "desktop"],
    ["en", { width: 1400, height: 900 }, "desktop"],
    ["ja", { width: 390, height: 844 }, "phone"],
    ["en", { width: 390, height: 844 }, "phone"],
  ]) {
    const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}`, vp);
    await page.click("#article-open");
    await page.click("#notice-close").catch(() => {});
    await page.check("#primitives");
    await page.click("#insp-last");
    for (let i = 0; i < 7; i++) await page.click("#insp-back"); // exp's backward step: both shares and their sum
    await frame(page);
    if (lang === "ja") {
      const titles = await page.$$eval("#graph [data-node] > title", (ts) => ts.map((t) => t.textContent));
      assert.ok(titles.some((x) => /^加算ノード\(Σ\)/.test(x)), "Σ is an 加算ノード");
      assert.ok(titles.some((x) => /^内積 x·W/.test(x)), "x·W is the article's 内積");
      assert.match(await page.textContent("#step"), /1エポック/);
      assert.match(await page.textContent("#insp-stepno"), /ステップ/);
      assert.match(await page.textContent(".graph-legend"), /誤差関数.*記事の E/);
      assert.match(await page.textContent("#article-leave"), /自分の学習に戻る/);
    }
    await page.locator("#graph").scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SHOTS, `arrows-${lang}-${tag}-fanout.png`) });
    await shot(page, `arrows-${lang}-${tag}-fanout-full`);
    await page.click("#insp-last");
    await page.click("#insp-apply");
    if (lang === "ja") {
      assert.equal(await page.textContent("#insp-phase"), "開始");
      assert.match(await page.textContent("#insp-explain"), /更新を適用しました/);
      assert.match(await page.textContent("#insp-undo"), /更新を取り消す/);
    }
    await page.screenshot({ path: path.join(SHOTS, `arrows-${lang}-${tag}-applied.png`) });
    assert.deepEqual(errors, []);
    await page.close();
  }
  assert.ok(fs.existsSync(path.join(SHOTS, "arrows-ja-phone-fanout.png")));
});
