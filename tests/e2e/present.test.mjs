// Presenting on a projector (present=graph|network|output): the presented panel fits the
// screen at 1280×720 and 1920×1080 with every number it shows at least 20 px (HTML, SVG and
// the text drawn on its canvases, measured as rendered); a graph too tall is shown row by row
// following the current node; a notice never covers what is presented and goes with the next
// step; the clicker steps from a focused checkbox or button; axe-core finds nothing serious.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import fs from "node:fs";
import { createRequire } from "node:module";
import { useBrowser, SHOTS } from "./harness.mjs";

const env = useBrowser();
const axeCore = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** A page at `size` that records every text drawn on a canvas with its rendered size (px on
 * the screen: the font's size times the canvas transform, over the bitmap's pixels per CSS
 * pixel of its box). */
async function open(hash, [width, height]) {
  const page = await env.browser.newPage({ viewport: { width, height } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.addInitScript(() => {
    window.__canvasTexts = [];
    const fill = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (text, ...rest) {
      const c = this.canvas;
      const box = c.getBoundingClientRect();
      const px = parseFloat(this.font) * Math.hypot(this.getTransform().a, this.getTransform().b) * (box.width / c.width);
      window.__canvasTexts.push({ id: c.id, text: String(text), px });
      return fill.call(this, text, ...rest);
    };
  });
  await page.goto(env.url + "/#" + hash);
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 20000 });
  await settle(page);
  return { page, errors };
}

/** Every view drawn, and the presented panel's fit done: its zoom and box the same over
 * three frames (a fit waits for a frame, and a new size fits again). */
async function settle(page) {
  await page.evaluate(() => playground.settled());
  await page.evaluate(async () => {
    const state = () => JSON.stringify([...document.querySelectorAll(".layout > .panel, #graph, #network")].map((e) => [e.style.zoom, e.getBoundingClientRect().height]));
    const frames = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (let k = 0, last = ""; k < 30; k++) {
      await frames();
      const now = state();
      if (now === last) return;
      last = now;
    }
  });
  await page.evaluate(() => playground.settled());
}

const HOSTS = { graph: "#inspector", network: ".panel.net", output: ".panel.output" };

/** The presented panel's box, the page's scroll size, and every visible number in the panel
 * with its rendered size: HTML text (its font size times its zoom), SVG text (its font size
 * times the drawing's scale on the screen). */
function measure(page, host) {
  return page.evaluate((host) => {
    const panel = document.querySelector(host);
    const r = panel.getBoundingClientRect();
    const numbers = [];
    const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const e = n.parentElement;
      if (!/\d/.test(n.data) || !e.checkVisibility({ visibilityProperty: true }) || e.closest(".sr-only, option, title")) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      const box = range.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // (Text scrolled out of its box, a graph shown row by row, is not on the screen.)
      const clip = e.closest("#graph")?.getBoundingClientRect();
      if (clip && (box.bottom <= clip.top || box.top >= clip.bottom)) continue;
      const size = parseFloat(getComputedStyle(e).fontSize);
      const svg = e.closest("svg");
      const px = svg ? size * (svg.getBoundingClientRect().width / svg.viewBox.baseVal.width) : size * (e.currentCSSZoom || 1);
      numbers.push({ text: n.data.trim().slice(0, 30), px: Math.round(px * 100) / 100, where: e.className?.baseVal ?? e.className ?? e.tagName });
    }
    return {
      panel: { top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right },
      width: innerWidth,
      height: innerHeight,
      scrollWidth: document.documentElement.scrollWidth,
      numbers,
    };
  }, host);
}

/** The canvas texts with digits drawn inside `host` since the last call. */
async function canvasNumbers(page, host) {
  return page.evaluate((host) => {
    const ids = new Set([...document.querySelector(host).querySelectorAll("canvas")].map((c) => c.id));
    const got = window.__canvasTexts.filter((t) => ids.has(t.id) && /\d/.test(t.text));
    window.__canvasTexts = [];
    return got;
  }, host);
}

function assertFits(m, what) {
  assert.ok(m.panel.top >= 0 && m.panel.bottom <= m.height + 0.5, `${what}: the panel (${Math.round(m.panel.top)}–${Math.round(m.panel.bottom)}) is inside the screen's ${m.height} px`);
  assert.ok(m.panel.left >= 0 && m.panel.right <= m.width + 0.5, `${what}: the panel (${Math.round(m.panel.left)}–${Math.round(m.panel.right)}) is inside the screen's ${m.width} px`);
  assert.ok(m.scrollWidth <= m.width, `${what}: no sideways scroll`);
}

function assertLarge(numbers, what) {
  assert.ok(numbers.length > 0, `${what}: numbers were found`);
  const small = numbers.filter((n) => n.px < 19.99);
  assert.deepEqual(small, [], `${what}: every number at least 20 px`);
}

const CASES = {
  output: "dataset=circle&hidden=3&seed=2&present=output",
  network: "dataset=circle&hidden=4,3&seed=2&present=network",
  graph: "dataset=circle&hidden=3&seed=2&present=graph&sample=1,1,0&step=4",
};

for (const size of [[1280, 720], [1920, 1080]]) {
  for (const [mode, hash] of Object.entries(CASES)) {
    test(`present=${mode} at ${size.join("×")}: the panel fits the screen, every number at least 20 px`, async () => {
      const { page, errors } = await open(`lang=en&${hash}`, size);
      const m = await measure(page, HOSTS[mode]);
      assertFits(m, mode);
      assertLarge(m.numbers, `${mode} (HTML and SVG)`);
      // The canvases' numbers (the output's axes and loss chart, the network's labels), as
      // drawn again after a step.
      // (A step's new numbers may widen the panel and fit it again; a canvas drawn in the frame
      // between the new zoom and its new bitmap shows smaller text for that frame only, so a
      // busy machine gets two more steps to draw at rest.)
      if (mode !== "graph") {
        let drawn = [];
        for (let k = 0; k < 3; k++) {
          await page.click("#step");
          await settle(page);
          drawn = await canvasNumbers(page, HOSTS[mode]);
          if (drawn.length && drawn.every((n) => n.px >= 19.99)) break;
        }
        assertLarge(drawn, `${mode} (canvas)`);
      }
      // Larger than the page's own sizes: presenting made the panel larger, not only fit.
      assert.ok((await page.evaluate((h) => document.querySelector(h).currentCSSZoom, mode === "graph" ? "#graph" : HOSTS[mode])) > 1.5);
      if (size[0] === 1280) {
        await page.screenshot({ path: path.join(SHOTS, `present-${mode}-en.png`) });
        await page.evaluate(() => document.querySelector('[data-lang="ja"]').click());
        await settle(page);
        const ja = await measure(page, HOSTS[mode]);
        assertFits(ja, `${mode} (ja)`);
        assertLarge(ja.numbers, `${mode} (ja)`);
        await page.screenshot({ path: path.join(SHOTS, `present-${mode}-ja.png`) });
        // axe-core finds nothing serious in what is presented.
        await page.evaluate(axeCore);
        const found = await page.evaluate(async () => (await axe.run(document, { resultTypes: ["violations"] })).violations.filter((v) => ["serious", "critical"].includes(v.impact)).map((v) => v.id));
        assert.deepEqual(found, [], `axe-core, present=${mode}`);
      }
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

test("present=graph with every layer open: too tall for the screen, the graph is shown row by row and follows the current node", async () => {
  const { page, errors } = await open("lang=en&dataset=circle&hidden=3,3&seed=2&present=graph&sample=1,1,0&primitives=1", [1280, 720]);
  const m = await measure(page, "#inspector");
  assertFits(m, "every layer open");
  assertLarge(m.numbers, "every layer open");
  assert.ok(await page.evaluate(() => document.getElementById("graph").classList.contains("rows")), "shown row by row");
  const rows = new Set();
  // Through the forward pass and back: the current node is always in the graph's box.
  await page.evaluate(() => document.activeElement.blur());
  for (let k = 0; k < 60 && (await page.textContent("#insp-phase")) !== "Update"; k++) {
    await page.keyboard.press("PageDown");
    const where = await page.evaluate(() => {
      const node = document.querySelector("#graph .cg-node.current");
      if (!node) return null;
      const g = document.getElementById("graph").getBoundingClientRect();
      const r = node.getBoundingClientRect();
      return { row: node.dataset.row, inside: r.top >= g.top - 0.5 && r.bottom <= g.bottom + 0.5 && r.bottom <= innerHeight, y: scrollY };
    });
    if (!where) continue;
    rows.add(where.row);
    assert.ok(where.inside, `step ${k + 1}: the current node (row ${where.row}) is in sight`);
    assert.equal(where.y, 0, `step ${k + 1}: the page did not scroll`);
  }
  assert.ok(rows.size >= 3, `the steps went over ${rows.size} rows`);
  // The update step: its table in the graph's place, its numbers 20 px too.
  assert.equal(await page.textContent("#insp-phase"), "Update");
  await settle(page);
  assert.ok(await page.isHidden("#graph"));
  const u = await measure(page, "#inspector");
  assertLarge(u.numbers, "the update step");
  await page.screenshot({ path: path.join(SHOTS, "present-graph-rows-en.png") });
  assert.deepEqual(errors, []);
  await page.close();
});

test("present=network with two layers of eight: the nodes draw closer and smaller, and the network fits 1280×720 with its numbers at 20 px", async () => {
  const { page, errors } = await open("lang=en&dataset=spiral&hidden=8,8&seed=2&present=network", [1280, 720]);
  const m = await measure(page, ".panel.net");
  assertFits(m, "8, 8");
  assertLarge(m.numbers, "8, 8");
  await page.click("#step");
  await settle(page);
  assertLarge(await canvasNumbers(page, ".panel.net"), "8, 8 (canvas)");
  // Every node is on the screen, and a click on one still opens its weights.
  const nodes = await page.evaluate(() => {
    const c = document.getElementById("network");
    const r = c.getBoundingClientRect();
    const z = c.currentCSSZoom;
    return [0, 7].map((i) => playground.nodeCenter(2, i)).map((p) => ({ x: r.left + p.x * z, y: r.top + p.y * z }));
  });
  for (const p of nodes) assert.ok(p.y < 720 - 8, `a node at y = ${p.y}`);
  await page.screenshot({ path: path.join(SHOTS, "present-network-8-8-en.png") });
  const side = () => page.evaluate(() => document.getElementById("network").getBoundingClientRect().height);
  const before = await side();
  await page.mouse.click(nodes[1].x, nodes[1].y);
  await page.waitForSelector("#weights", { state: "visible" });
  assert.match(await page.textContent("#weights-title"), /Neuron 8 of layer 2/);
  await settle(page);
  // (The weights open under the drawing, which keeps its size: the page scrolls to them.)
  assert.equal(await side(), before);
  assert.deepEqual(errors, []);
  await page.close();
});

test("presenting, a notice sits outside what is presented and goes with the next step (the graph, the lesson)", async () => {
  // A rejected link value says so in a notice.
  const { page, errors } = await open("lang=en&dataset=circle&hidden=3&seed=2&present=graph&sample=1,1,0&noise=abc", [1280, 720]);
  await page.waitForSelector("#notice", { state: "visible" });
  await settle(page);
  const apart = (a, b) => page.evaluate(([a, b]) => {
    const r = document.querySelector(a).getBoundingClientRect();
    const s = document.querySelector(b).getBoundingClientRect();
    return r.bottom <= s.top || s.bottom <= r.top || r.right <= s.left || s.right <= r.left;
  }, [a, b]);
  assert.ok(await apart("#notice", "#inspector"), "the notice does not cover the graph's panel");
  assertFits(await measure(page, "#inspector"), "with a notice");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press("PageDown");
  assert.ok(await page.isHidden("#notice"), "the next step took the notice away");
  assert.deepEqual(errors, []);
  await page.close();

  const lesson = await open("lang=en&view=lesson&present=lesson&noise=abc", [1280, 720]);
  await lesson.page.waitForSelector("#notice", { state: "visible" });
  assert.ok(await lesson.page.evaluate(() => {
    const n = document.getElementById("notice").getBoundingClientRect();
    const s = document.querySelector(".lesson-step:not([hidden])").getBoundingClientRect();
    return n.bottom <= s.top || s.bottom <= n.top;
  }), "the notice does not cover the slide");
  await lesson.page.keyboard.press("PageDown");
  assert.ok(await lesson.page.isHidden("#notice"), "the next slide took the notice away");
  assert.deepEqual(lesson.errors, []);
  await lesson.page.close();
});

test("the clicker: PageDown and → step the graph from a focused checkbox or button, and the page does not scroll", async () => {
  const { page, errors } = await open("lang=en&dataset=circle&hidden=3&seed=2&view=graph&sample=1,1,0", [1400, 900]);
  const stepNo = () => page.textContent("#insp-stepno");
  for (const [sel, key] of [["#primitives", "PageDown"], ["#primitives", "ArrowRight"], ["#article-preset", "PageDown"], ["#view-graph", "PageDown"]]) {
    await page.focus(sel);
    const before = await stepNo();
    const y = await page.evaluate(() => scrollY);
    await page.keyboard.press(key);
    assert.notEqual(await stepNo(), before, `${key} on ${sel} stepped`);
    assert.equal(await page.evaluate(() => scrollY), y, `${key} on ${sel} did not scroll the page`);
  }
  // Presenting the output, PageDown is the Step button, from a focused button too.
  await page.goto(env.url + "/#lang=en&dataset=circle&hidden=3&seed=2&present=output");
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  await settle(page);
  const epoch = await page.evaluate(() => playground.pg.metrics().epoch);
  await page.focus("#reset");
  await page.keyboard.press("PageDown");
  await page.keyboard.press("PageDown");
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), epoch + 2, "two clicks, two epochs");
  assert.equal(await page.evaluate(() => scrollY), 0);
  await page.goto(env.url + "/#lang=en&dataset=circle&hidden=3&seed=2&view=graph&sample=1,1,0");
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  // A box that takes the keys keeps them.
  await page.focus("#insp-x1");
  const before = await stepNo();
  await page.keyboard.press("PageDown");
  assert.equal(await stepNo(), before, "a text box keeps PageDown");
  assert.deepEqual(errors, []);
  await page.close();
});
