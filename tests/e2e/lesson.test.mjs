// The lesson in real Chromium: the first screen's two ways in, every step of the article's
// order rendered with its formula (MathML) and the core's numbers at the article's precision
// (the 100-update table and the recomputation on x = (1, 5) against the article's printout),
// `view=lesson` / `lesson=<id>` links surviving a reload, the clicker keys, `present=lesson`,
// Japanese, and a phone. Screenshots of every step (1400×900 and 390×844, en and ja) land in
// tests/e2e/screenshots/lesson-<id>-<lang>-<width>.png.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { useBrowser, openPage, shot, SHOTS } from "./harness.mjs";

const env = useBrowser();
const STEPS = ["1", "2.1", "2.2", "2.3", "3.1", "3.2", "3.3", "4", "5"];
const SUBSTEPS = { "3.1": ["3.1.1", "3.1.2"], "3.2": ["3.2.1", "3.2.2"], "3.3": ["3.3.1", "3.3.2"] };
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const fixture = JSON.parse(fs.readFileSync(new URL("../fixtures/article-example.json", import.meta.url)));

const shown = (page) => page.$$eval("#lesson-steps > [data-lesson-step]", (ns) => ns.filter((n) => !n.hidden).map((n) => n.dataset.lessonStep));
// (In the lesson, once its numbers have come — a module loaded on first use — and its step is shown.)
const settle = (page) =>
  page.evaluate(
    () =>
      new Promise((r) => {
        const built = () => !document.body.classList.contains("lesson-mode") || document.querySelector("#lesson-steps > [data-lesson-step]:not([hidden])");
        const check = () => (built() ? requestAnimationFrame(() => setTimeout(r, 0)) : setTimeout(check, 20));
        check();
      }),
  );

/** Every keyed number of a step: its text, and the core's value for its key (the lesson's
 * data from the core's `articleLesson()`; `warmUp.*` from `Playground.warmUp` at the step's x, y). */
const keyed = (page, id) =>
  page.evaluate(async (id) => {
    const { Playground } = window.wasmBindings;
    const L = await window.playground.lessonNumbers();
    const step = document.querySelector(`#lesson-steps > [data-lesson-step="${id}"]`);
    const inputs = [...step.querySelectorAll("[data-warm]")].map((i) => Number(i.value));
    const W = inputs.length ? Playground.warmUp(inputs[0], inputs[1]) : null;
    const get = (o, p) => p.split(".").reduce((a, k) => a?.[k], o);
    return [...step.querySelectorAll("[data-key]")].map((e) => ({
      key: e.dataset.key,
      text: e.textContent.trim(),
      value: e.dataset.key.startsWith("warmUp.") ? W[e.dataset.key.slice(7)] : get(L, e.dataset.key),
    }));
  }, id);

/** The text shows the core's value at the article's precision: 8 decimals (trailing zeros
 * dropped as numpy does), 8 in exponent form, or every digit (as Python prints a float). */
function atPrecision({ key, text, value }) {
  assert.equal(typeof value, "number", `${key} is a number of the core`);
  const shownValue = Number(text.replace("−", "-"));
  assert.ok(Number.isFinite(shownValue), `${key}: "${text}" reads as a number`);
  const ok = shownValue === Number(value.toFixed(8)) || shownValue === Number(value.toExponential(8)) || shownValue === value;
  assert.ok(ok, `${key}: "${text}" is ${value} at 8 decimals or in full`);
}

test("the first screen says what the page is and offers the lesson and the playground, on a desktop and a phone", async () => {
  for (const [width, height] of [[1400, 900], [390, 844]]) {
    for (const lang of ["en", "ja"]) {
      const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}`, { width, height });
      for (const sel of [".intro-line", "#start-lesson", "#start-playground"]) {
        const box = await page.locator(sel).boundingBox();
        assert.ok(box && box.y >= 0 && box.y + box.height <= height && box.x + box.width <= width, `${sel} in the first screen at ${width}×${height} (${lang})`);
      }
      assert.ok((await page.textContent(".intro-line")).length > 30);
      await page.click("#start-lesson");
      await settle(page);
      assert.ok(await page.evaluate(() => document.body.classList.contains("lesson-mode")));
      assert.deepEqual(await shown(page), ["1"]);
      assert.match(await page.evaluate(() => location.hash), /view=lesson/);
      assert.match(await page.evaluate(() => location.hash), /lesson=1(&|$)/);
      // Back out to the playground: the network view and its panels again.
      await page.click("#lesson-exit");
      await settle(page);
      assert.ok(!(await page.evaluate(() => document.body.classList.contains("lesson-mode"))));
      assert.ok(await page.locator("#network").isVisible());
      await page.click("#start-playground");
      assert.ok(await page.locator("#layout").isVisible());
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("every step in the article's order, with its formula and the core's numbers; PageDown walks them; screenshots", async () => {
  for (const lang of ["en", "ja"]) {
    for (const [width, height] of [[1400, 900], [390, 844]]) {
      const { page, errors } = await openPage(env.browser, env.url + `/#view=lesson&lesson=1&lang=${lang}`, { width, height });
      for (const [i, id] of STEPS.entries()) {
        if (i) {
          // A presenter's clicker: PageDown, with the focus on the page.
          await page.evaluate(() => document.activeElement?.blur());
          await page.keyboard.press("PageDown");
          await settle(page);
        }
        assert.deepEqual(await shown(page), [id], `PageDown reaches §${id}`);
        assert.match(await page.evaluate(() => location.hash), new RegExp(`lesson=${id.replace(".", "\\.")}(&|$)`));
        const step = page.locator(`#lesson-steps > [data-lesson-step="${id}"]`);
        // 2–6 sentences of our own: at least one paragraph of text, in the page's language.
        const texts = await step.locator(".lesson-text").allTextContents();
        assert.ok(texts.length >= 1 && texts[0].length > 60, `§${id} explains itself`);
        if (lang === "ja") assert.match(texts.join(""), /[ぁ-んァ-ン]/, `§${id} in Japanese`);
        for (const sub of SUBSTEPS[id] ?? []) assert.equal(await step.locator(`[data-lesson-step="${sub}"]`).count(), 1, `§${sub} inside §${id}`);
        if (id !== "5") assert.ok((await step.locator("math").count()) >= 1, `§${id} has a MathML formula`);
        const numbers = await keyed(page, id);
        if (!["2.3", "5"].includes(id)) assert.ok(numbers.length >= 2, `§${id} shows the core's numbers`);
        numbers.forEach(atPrecision);
        await shot(page, `lesson-${id}-${lang}-${width}`);
      }
      // One word per meaning: the lesson's steps are 節 in Japanese, never ステップ (an epoch, a graph step).
      if (lang === "ja") {
        // No English sentence of the lesson is left on the Japanese page.
        const en = (await import("../../web/js/messages-en.js")).default;
        const ja = (await import("../../web/js/messages-ja.js")).default;
        const all = await page.evaluate(() => [...document.querySelectorAll("#lesson-steps > [data-lesson-step]")].map((n) => n.textContent).join(" "));
        const left = Object.entries(en).filter(([k, v]) => k.startsWith("lesson.") && ja[k] !== v && v.split(/\{\w+\}/).some((part) => part.trim().length > 12 && all.includes(part.trim())));
        assert.deepEqual(left.map(([k]) => k), []);
        assert.match(await page.textContent("#lesson-to"), /§/);
        assert.doesNotMatch(await page.textContent("#lesson"), /ステップ/);
      }
      assert.deepEqual(errors, []);
      await page.close();
    }
  }
});

test("§4 prints every number of the article's run: forward, loss both ways, gradients, update, the 100-update table and x = (1, 5)", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#view=lesson&lesson=4&lang=en", { width: 1400, height: 900 });
  const numbers = new Map((await keyed(page, "4")).map((n) => [n.key, n]));
  const text = (key) => {
    assert.ok(numbers.has(key), `§4 shows ${key}`);
    return numbers.get(key).text.replace("−", "-");
  };
  // The article's own printout, digit for digit (its numpy rounds to 8 decimals).
  const article = {
    "weights.0.weights.0": ["0.1", "0.3", "0.5"],
    "weights.0.weights.1": ["0.2", "0.4", "0.6"],
    "weights.1.weights.0": ["0.1", "0.4"],
    "weights.1.weights.1": ["0.2", "0.5"],
    "weights.1.weights.2": ["0.3", "0.6"],
    "weights.0.bias": ["0.1", "0.2", "0.3"],
    "weights.1.bias": ["0.1", "0.2"],
    "sample.trace.layers.0.u": ["0.8", "2.1", "3.4"],
    "sample.trace.layers.0.z": ["0.8", "2.1", "3.4"],
    "sample.trace.layers.1.u": ["1.62", "3.61"],
    "sample.trace.y": ["0.12025686", "0.87974314"],
    "printed.0.weights.0": ["0.33765368", "0.6307148", "0.92377592"],
    "printed.0.weights.1": ["0.24753074", "0.46614296", "0.68475518"],
    "printed.1.weights.0": ["0.00379451", "0.49620549"],
    "printed.1.weights.1": ["-0.05253941", "0.75253941"],
    "printed.1.weights.2": ["-0.10887333", "1.00887333"],
    "printed.0.bias": ["0.14753074", "0.26614296", "0.38475518"],
    "printed.1.bias": ["-0.02025686", "0.32025686"],
    "probePass.trace.layers.0.u": ["1.72283809", "3.22757256", "4.73230703"],
    "probePass.trace.layers.0.z": ["1.72283809", "3.22757256", "4.73230703"],
    "probePass.trace.layers.1.u": ["-0.69851633", "8.3783125"],
    "probePass.trace.y": ["1.14270386e-04", "9.99885730e-01"],
  };
  for (const [path, want] of Object.entries(article)) want.forEach((w, i) => assert.equal(text(`${path}.${i}`), w, `${path}.${i}`));
  assert.equal(text("sample.sumY"), "1.0");
  assert.equal(text("probePass.sumY"), "1.0");
  // The loss as the article prints it (log(y + 1e-7)), and exact; the article prints every digit.
  assert.ok(Math.abs(Number(text("sample.lossPrinted")) - 0.12812518961618194) < 1e-12);
  assert.ok(Math.abs(Number(text("sample.trace.loss")) - fixture.forward.loss_exact) < 1e-12);
  assert.ok(Math.abs(Number(text("probePass.lossPrinted")) - 0.00011417690406179714) < 1e-12);
  // Every gradient (the fixture, recomputed in numpy), at 8 decimals.
  const g = fixture.gradients;
  const eight = (v) => v.toFixed(8);
  g.delta2[0].forEach((v, i) => assert.equal(text(`sample.trace.layers.1.delta.${i}`), eight(v)));
  g.dW2.forEach((r, i) => r.forEach((v, j) => assert.equal(text(`sample.trace.layers.1.dw.${i}.${j}`), eight(v))));
  g.db2.forEach((v, i) => assert.equal(text(`sample.trace.layers.1.db.${i}`), eight(v)));
  g.delta1[0].forEach((v, i) => assert.equal(text(`sample.trace.layers.0.delta.${i}`), eight(v)));
  g.dW1.forEach((r, i) => r.forEach((v, j) => assert.equal(text(`sample.trace.layers.0.dw.${i}.${j}`), eight(v))));
  g.db1.forEach((v, i) => assert.equal(text(`sample.trace.layers.0.db.${i}`), eight(v)));
  // The update applied: W − η·dW, at 8 decimals.
  fixture.network.W1.forEach((r, i) => r.forEach((w, j) => assert.equal(text(`updated.0.weights.${i}.${j}`), eight(w - fixture.learning_rate * g.dW1[i][j]))));
  fixture.network.b2.forEach((b, i) => assert.equal(text(`updated.1.bias.${i}`), eight(b - fixture.learning_rate * g.db2[i])));
  // Gradient descent proper beside the article's table, and said why they differ; the sample
  // change to (1, 5) said in words.
  assert.ok(numbers.has("descent.0.weights.0.0") && numbers.has("descentProbe.trace.y.1"));
  assert.notEqual(text("descent.1.bias.0"), text("printed.1.bias.0"));
  const words = await page.textContent('[data-lesson-step="4"]');
  assert.match(words, /backward\(\)/);
  assert.match(words, /\(1, 5\), not \(5, 1\)/);
  assert.match(words, /1e-7|10⁻⁷/);
  assert.deepEqual(errors, []);
  await page.close();
});

test("lesson= links keep the place through a reload; → ← PageDown PageUp step, except in a box that uses them; bad ids are refused", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#view=lesson&lesson=3.3&lang=en", { width: 1400, height: 900 });
  assert.deepEqual(await shown(page), ["3.3"]);
  await page.keyboard.press("ArrowRight");
  await settle(page);
  assert.deepEqual(await shown(page), ["4"]);
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.deepEqual(await shown(page), ["4"], "a reload opens the same step");
  await page.keyboard.press("PageUp");
  await page.keyboard.press("ArrowLeft");
  await settle(page);
  assert.deepEqual(await shown(page), ["3.2"]);
  // The buttons too, and the list of steps.
  await page.click("#lesson-next");
  await settle(page);
  assert.deepEqual(await shown(page), ["3.3"]);
  await page.selectOption("#lesson-to", "2.1");
  await settle(page);
  assert.deepEqual(await shown(page), ["2.1"]);
  // In §2.1's x box the arrows move the caret, not the lesson; typing recomputes z from the core.
  await page.fill('[data-lesson-step="2.1"] [data-warm="x"]', "3");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await settle(page);
  assert.deepEqual(await shown(page), ["2.1"]);
  const z = await page.evaluate(() => window.wasmBindings.Playground.warmUp(3, 2));
  const zShown = await page.$eval('[data-lesson-step="2.1"] [data-key="warmUp.z"]', (e) => Number(e.dataset.value));
  assert.equal(zShown, z.z);
  // §2.2 shows the same x: ∂z/∂x = 2t·1 at x = 3.
  await page.click("#lesson-next");
  await settle(page);
  assert.equal(await page.$eval('[data-lesson-step="2.2"] [data-key="warmUp.dzDx"]', (e) => Number(e.dataset.value)), z.dzDx);
  // From a step to the node-by-node view with the article's example loaded.
  await page.selectOption("#lesson-to", "3.1");
  await page.click('[data-lesson-step="3.1"] .lesson-link');
  await page.waitForFunction(() => /view=graph/.test(location.hash));
  assert.deepEqual(await page.evaluate(() => window.playground.sample), { x1: 5, x2: 1, label: 1 });
  assert.ok(await page.locator("#graph [data-node]").first().isVisible());
  // A sub-step in a link opens its section.
  await page.evaluate(() => (location.hash = "#view=lesson&lesson=3.3.2&lang=en"));
  await page.waitForFunction(() => !document.querySelector('#lesson-steps > [data-lesson-step="3.3"]').hidden);
  assert.deepEqual(await shown(page), ["3.3"]);
  assert.deepEqual(errors, []);
  await page.close();
  // A step that does not exist is refused (the first step opens, and the link says why).
  const bad = await openPage(env.browser, env.url + "/#view=lesson&lesson=9.9&lang=en", { width: 1400, height: 900 });
  assert.deepEqual(await shown(bad.page), ["1"]);
  assert.match(await bad.page.textContent("#notice-text"), /lesson/);
  await bad.page.close();
});

test("§1 takes gradient-descent steps on one weight with the core's E and ∂E/∂w", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#view=lesson&lesson=1&lang=en", { width: 1400, height: 900 });
  const L = await page.evaluate(() => window.playground.lessonNumbers());
  const g0 = L.sample.trace.layers[0].dw[0][0];
  assert.equal(await page.$eval('[data-key="sample.trace.layers.0.dw.0.0"]', (e) => Number(e.dataset.value)), g0);
  await page.selectOption("#lesson-rate", "1");
  await page.click("#lesson-descend");
  const values = await page.$$eval(".lesson-readout .ln", (ns) => ns.map((n) => Number(n.dataset.value)));
  assert.ok(Math.abs(values[0] - (0.1 - g0)) < 1e-12, "w ← w − η·∂E/∂w");
  assert.ok(values[1] < L.sample.trace.loss, "E went down");
  assert.equal(await page.locator(".lesson-curve circle").count(), 2);
  assert.deepEqual(errors, []);
  await page.close();
});

test("present=lesson shows the lesson in large type; §5 hands over to the playground, training", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#present=lesson&lesson=2.2&lang=ja", { width: 1280, height: 720 });
  assert.equal(await page.evaluate(() => document.body.dataset.present), "lesson");
  assert.deepEqual(await shown(page), ["2.2"]);
  const size = await page.$eval('[data-lesson-step="2.2"] .lesson-text', (e) => parseFloat(getComputedStyle(e).fontSize));
  assert.ok(size >= 22, `large type (${size}px)`);
  assert.equal(await page.locator("#notice:not([hidden])").count(), 0, "no notice over the lesson");
  await page.close();

  const p2 = await openPage(env.browser, env.url + "/#view=lesson&lesson=5&lang=en", { width: 1400, height: 900 });
  await p2.page.click("#lesson-try-xor");
  await p2.page.waitForFunction(() => Number(document.querySelector("#epoch").textContent) > 3, null, { timeout: 20000 });
  const cfg = await p2.page.evaluate(() => window.playground.pg.config());
  assert.equal(cfg.dataset, "xor");
  assert.deepEqual(cfg.hidden, [3]);
  assert.equal(cfg.activation, "relu");
  assert.ok(!(await p2.page.evaluate(() => document.body.classList.contains("lesson-mode"))));
  assert.deepEqual([...errors, ...p2.errors], []);
  await p2.page.close();
});

test("on a phone the step's text, its formula and its current node are in sight together, and nothing sticky covers them", async () => {
  const page = await env.browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  for (const id of ["3.1", "3.2", "3.3"]) {
    await page.goto(env.url + `/#view=lesson&lesson=${id}&lang=ja`);
    await page.waitForFunction(() => document.body.classList.contains("ready"));
    await settle(page);
    const step = `#lesson-steps > [data-lesson-step="${id}"]`;
    for (const sel of [`${step} .lesson-text`, `${step} .formula`, `${step} .cg-node.current`]) {
      const r = await page.$eval(sel, (e) => e.getBoundingClientRect().toJSON());
      assert.ok(r.top >= 0 && r.bottom <= 844 && r.left >= -1 && r.right <= 391, `§${id}: ${sel} in sight (${JSON.stringify(r)})`);
    }
    // A graph wider than the screen says that it scrolls.
    const wide = await page.$eval(`${step} .lesson-graph-scroll`, (e) => e.scrollWidth > e.clientWidth + 1);
    if (wide) assert.ok(await page.locator(`${step} .scroll-hint`).first().isVisible());
    const covering = await page.evaluate(() =>
      [...document.querySelectorAll("body *")].filter((e) => ["fixed", "sticky"].includes(getComputedStyle(e).position) && e.getBoundingClientRect().height > 0 && getComputedStyle(e).display !== "none" && !e.hidden).map((e) => e.id || e.className),
    );
    assert.deepEqual(covering, [], "nothing fixed or sticky over the lesson");
  }
  // No step makes the page scroll sideways (a wide formula or graph scrolls in its own box).
  for (const id of STEPS) {
    await page.goto(env.url + `/#view=lesson&lesson=${id}&lang=en`);
    await page.waitForFunction(() => document.body.classList.contains("ready"));
    assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, `§${id} fits the phone's width`);
  }
  await page.close();
});

test("axe-core finds no serious or critical issue in the lesson (steps with graphs, formulas and controls)", async () => {
  for (const [width, height, lang] of [[1400, 900, "ja"], [390, 844, "en"]]) {
    const { page } = await openPage(env.browser, env.url + `/#view=lesson&lesson=1&lang=${lang}`, { width, height });
    await page.evaluate(axeSource);
    for (const id of ["1", "2.2", "3.1", "3.3", "4", "5"]) {
      await page.selectOption("#lesson-to", id);
      await settle(page);
      const found = await page.evaluate(async () => {
        const res = await window.axe.run(document, { resultTypes: ["violations"] });
        // (A collapsed layer of graph.js's drawing is named "open …" while its text is the
        // layer's name and numbers: the renderer's, shared with the inspector, not the lesson's.)
        const own = (n) => !(n.target.join(" ").includes("data-node") && true);
        return res.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => ({ ...v, nodes: v.id === "label-content-name-mismatch" ? v.nodes.filter(own) : v.nodes }))
          .filter((v) => v.nodes.length)
          .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
      });
      assert.deepEqual(found, [], `§${id} at ${width}px (${lang})`);
    }
    await page.close();
  }
});

test("phone: every lesson step's diagram labels are drawn at 12 px or more (390×844, en and ja)", async () => {
  for (const lang of ["en", "ja"]) {
    const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 });
    const page = await context.newPage();
    await page.goto(env.url + `/#view=lesson&lesson=1&lang=${lang}`);
    await page.waitForFunction(() => document.body.classList.contains("ready"));
    let labels = 0;
    for (const id of STEPS) {
      await page.selectOption("#lesson-to", id);
      await settle(page);
      // Each label's size on the screen: its font size times its drawing's scale.
      const sizes = await page.evaluate((id) => {
        const step = document.querySelector(`#lesson-steps > [data-lesson-step="${id}"]`);
        const texts = [...step.querySelectorAll("svg text")].filter((t) => t.getClientRects().length && t.textContent.trim());
        return texts.map((t) => ({ px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a, text: t.textContent.slice(0, 20) }));
      }, id);
      labels += sizes.length;
      const small = sizes.filter((s) => s.px < 11.99);
      assert.deepEqual(small, [], `§${id} (${lang}): labels under 12 px`);
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, `§${id} (${lang}): the page keeps the phone's width`);
      if (sizes.length) {
        await page.locator(`#lesson-steps > [data-lesson-step="${id}"] svg`).last().scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, `lesson-diagram-390-${lang}-${id}.png`) });
      }
    }
    assert.ok(labels > 100, "the steps' diagrams were measured");
    await context.close();
  }
});
