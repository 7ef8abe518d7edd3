// A phone (390 × 844, three device pixels a CSS pixel, touch): swipes scroll the page from the
// network and the data's tiles too, the first screen says what the page is and shows the
// network with the settings one tap away, the boundary is in sight while training, every
// target takes a finger and none overlaps another, what a tooltip says is shown, nothing floats
// over what it must not, and taps made while the page loads are kept.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useBrowser, openInContext, SHOTS } from "./harness.mjs";
import en from "../../web/js/messages-en.js";
import ja from "../../web/js/messages-ja.js";

const env = useBrowser();
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true };

const phone = (hash, options = {}) => openInContext(env.browser, env.url + "/" + hash, { ...PHONE, ...options });

/** A finger's swipe through CDP touch events, as a phone sends them: from (x, y) by (dx, dy)
 * in ten moves. */
async function swipe(context, page, x, y, dx, dy) {
  const cdp = await context.newCDPSession(page);
  const touch = (type, k) => cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x: x + (dx * k) / 10, y: y + (dy * k) / 10 }] });
  await touch("touchStart", 0);
  for (let k = 1; k <= 10; k++) await touch("touchMove", k);
  await touch("touchEnd", 10);
  await cdp.detach();
}

/** Scrolls to `y` once a fling has come to rest (a swipe's scroll goes on after the finger). */
async function scrollAt(page, y) {
  await page.evaluate(async (to) => {
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    for (let last = -1, still = 0; still < 5; await frame()) still = scrollY === last ? still + 1 : ((last = scrollY), 0);
    scrollTo({ top: to, behavior: "instant" });
    await frame();
  }, y);
}

const rect = (page, sel) => page.$eval(sel, (e) => e.getBoundingClientRect().toJSON());
const overlaps = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1;

test("phone: a vertical swipe over the network graph and the data set tiles scrolls the page; a tap keeps its meaning, a slider its drag", async () => {
  const { context, page, errors } = await phone("#lang=en&dataset=circle&hidden=3&seed=2");
  // Over the network, starting on a neuron (a tap there opens its weights).
  await page.locator("#network").evaluate((e) => e.scrollIntoView({ block: "center" }));
  const net = await rect(page, "#network");
  const node = await page.evaluate(() => playground.nodeCenter(1, 1));
  let y0 = await page.evaluate(() => scrollY);
  await swipe(context, page, net.left + node.x, net.top + node.y, 0, -260);
  await page.waitForFunction((y) => scrollY > y + 100, y0, { timeout: 5000 });
  assert.ok(await page.isHidden("#weights"), "a swipe opens no weights");
  // Over a data set's tile (a tap there chooses it).
  await scrollAt(page, 0);
  const tile = await rect(page, '[data-dataset="xor"]');
  y0 = 0;
  await swipe(context, page, tile.left + tile.width / 2, tile.top + tile.height / 2, 0, -260);
  await page.waitForFunction((y) => scrollY > y + 100, y0, { timeout: 5000 });
  assert.equal(await page.evaluate(() => new URLSearchParams(location.hash.slice(1)).get("dataset")), "circle", "a swipe chooses no data set");
  // A tap on the neuron still opens its weights.
  await scrollAt(page, 0);
  await page.locator("#network").scrollIntoViewIfNeeded();
  const box = await rect(page, "#network");
  await page.touchscreen.tap(box.left + node.x, box.top + node.y);
  await page.waitForSelector("#weights", { state: "visible" });
  // A weight's slider keeps its drag: a sideways swipe on it moves the weight, not the page.
  const slider = page.locator('#weights-body input[type=range][data-param="W1[0][1]"]');
  await slider.scrollIntoViewIfNeeded();
  const before = await page.evaluate(() => playground.pg.param("W1[0][1]"));
  const s = await slider.boundingBox();
  const sy = await page.evaluate(() => scrollY);
  await swipe(context, page, s.x + s.width / 2, s.y + s.height / 2, s.width * 0.4, 0);
  await page.waitForFunction((b) => playground.pg.param("W1[0][1]") !== b, before, { timeout: 5000 });
  assert.equal(await page.evaluate(() => scrollY), sy, "the page did not move");
  assert.deepEqual(errors, []);
  await context.close();
  // The loss landscape's point keeps its drag: an upward swipe on the map moves the second
  // weight, not the page.
  const land = await phone("#lang=en&dataset=circle&hidden=3&seed=2&landscape=W1[0][0],W1[1][0]");
  await land.page.evaluate(() => playground.settled());
  await land.page.locator("#landscape-canvas").evaluate((e) => e.scrollIntoView({ block: "center" }));
  await scrollAt(land.page, await land.page.evaluate(() => scrollY));
  const map = await rect(land.page, "#landscape-canvas");
  const w0 = await land.page.evaluate(() => playground.pg.param("W1[1][0]"));
  const ly = await land.page.evaluate(() => scrollY);
  await swipe(land.context, land.page, map.left + map.width / 2, map.top + map.height * 0.7, 0, -map.height * 0.3);
  await land.page.waitForFunction((w) => playground.pg.param("W1[1][0]") !== w, w0, { timeout: 5000 });
  assert.equal(await land.page.evaluate(() => scrollY), ly, "the page did not move");
  assert.deepEqual(land.errors, []);
  await land.context.close();
});

test("phone: the first screen says in one line what the page is and shows the network, the settings one tap away, the whole output one swipe away; training is in sight", async () => {
  for (const [lang, table] of [["en", en], ["ja", ja]]) {
    const { context, page, errors } = await phone(`#lang=${lang}&dataset=circle&hidden=4,2&seed=2`);
    const line = await page.$eval(".intro-short", (e) => ({ text: e.textContent, lines: e.getClientRects().length, h: e.getBoundingClientRect().height, lh: parseFloat(getComputedStyle(e.parentElement).lineHeight) || 20, shown: e.offsetParent !== null }));
    assert.ok(line.shown, lang);
    assert.equal(line.text, table["intro.short"]);
    assert.equal(line.lines, 1, `${lang}: one line`);
    const top = await page.evaluate(() => document.querySelector("header").getBoundingClientRect().bottom);
    assert.ok(top < 360, `${lang}: the intro and the header end at ${top} px`);
    // The network is on the first screen, the output within one more.
    const net = await rect(page, "#network");
    const out = await rect(page, "#boundary");
    assert.ok(net.top < 844 - 120, `${lang}: the network starts at ${net.top} px`);
    assert.ok(out.bottom <= 2 * 844, `${lang}: the output runs from ${out.top} to ${out.bottom} px (all of it in sight after one screen's swipe)`);
    // The data sets: one row (it scrolls sideways), not two.
    const tiles = await page.$$eval("#datasets .dataset", (all) => all.map((b) => Math.round(b.getBoundingClientRect().top)));
    assert.equal(new Set(tiles).size, 1, `${lang}: the data sets' tiles in one row`);
    await page.screenshot({ path: path.join(SHOTS, `phone-${lang}-first-screen.png`) });
    // One screen down: the whole output in sight, nothing over it (the run bar, shown once the
    // header's buttons are away, sits under it).
    await scrollAt(page, 844);
    await page.waitForSelector("#run-mini", { state: "visible" });
    const seen = await page.$eval("#boundary", (c) => {
      const b = c.getBoundingClientRect();
      const at = (x, y) => document.elementFromPoint(x, y)?.closest(".boundary-wrap") === c.parentElement;
      return { top: b.top, bottom: b.bottom, clear: [b.left + 2, b.left + b.width / 2, b.right - 2].every((x) => at(x, b.top + 2) && at(x, b.bottom - 2)) };
    });
    assert.ok(seen.top >= 0 && seen.bottom <= 844, `${lang}: one screen down the output is at ${seen.top}–${seen.bottom} px`);
    assert.ok(seen.clear, `${lang}: nothing covers the output's corners and edges`);
    await page.screenshot({ path: path.join(SHOTS, `phone-${lang}-second-screen.png`) });
    await scrollAt(page, 0);
    // The settings: one tap away.
    assert.ok(await page.isHidden("#learning-rate"));
    await page.tap("#settings-toggle");
    assert.ok(await page.isVisible("#learning-rate"));
    assert.equal(await page.getAttribute("#settings-toggle", "aria-expanded"), "true");
    await page.selectOption("#activation", "relu");
    await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("activation") === "relu");
    await page.tap("#settings-toggle");
    assert.ok(await page.isHidden("#learning-rate"));
    assert.ok(await page.isHidden("#noise"));
    await page.tap("#data-more-toggle");
    assert.ok(await page.isVisible("#noise"));
    await page.tap("#data-more-toggle");
    // Training from the header: the small output beside it changes with the boundary.
    const mini = "header canvas.mini-output";
    assert.ok(await page.isVisible(mini));
    const still = await page.$eval(mini, (c) => c.toDataURL());
    await page.tap("#play");
    await page.waitForFunction(() => playground.pg.metrics().epoch > 30);
    await page.waitForFunction(([sel, was]) => document.querySelector(sel).toDataURL() !== was, [mini, still], { timeout: 10000 });
    const m = await rect(page, mini);
    assert.ok(m.top >= 0 && m.bottom <= 844, "in sight");
    await page.screenshot({ path: path.join(SHOTS, `phone-${lang}-training.png`) });
    await page.locator("#network").evaluate((e) => e.scrollIntoView({ block: "start" }));
    await page.screenshot({ path: path.join(SHOTS, `phone-${lang}-network.png`) });
    await page.tap("#play").catch(() => page.evaluate(() => document.getElementById("play").click()));
    assert.deepEqual(errors, [], lang);
    await context.close();
  }
});

/** Every control shown, with its touch area: its box, or for a check box its label's. */
const targets = (page) =>
  page.evaluate(() =>
    [...document.querySelectorAll("button, input, select, summary, a[href]")]
      .filter((e) => e.type !== "hidden" && e.checkVisibility({ visibilityProperty: true }) && e.getBoundingClientRect().width > 0)
      .map((e) => {
        const area = e.type === "checkbox" ? e.closest("label") ?? e : e;
        const r = area.getBoundingClientRect();
        return { name: e.id || e.dataset.param || e.dataset.landscape || e.getAttribute("aria-label") || e.textContent.trim().slice(0, 24) || e.tagName, neuron: Boolean(e.closest(".neuron-group")), left: r.left + scrollX, right: r.right + scrollX, top: r.top + scrollY, bottom: r.bottom + scrollY, w: r.width, h: r.height, area };
      })
      .map(({ area, ...t }, i, all) => t),
  );

function checkTargets(list, what) {
  const small = list.filter((t) => (t.neuron ? t.w < 32 || t.h < 32 : t.w < 44 || t.h < 44)).map((t) => `${t.name} ${Math.round(t.w)}×${Math.round(t.h)}`);
  assert.deepEqual(small, [], `${what}: targets under 44 px (a neuron's ± under 32)`);
  const inside = (a, b) => a.left >= b.left - 0.5 && a.right <= b.right + 0.5 && a.top >= b.top - 0.5 && a.bottom <= b.bottom + 0.5;
  const pairs = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [a, b] = [list[i], list[j]];
      if (overlaps(a, b) && !inside(a, b) && !inside(b, a)) pairs.push(`${a.name} / ${b.name}`);
    }
  assert.deepEqual(pairs, [], `${what}: targets that overlap`);
}

test("phone: every control's touch area is at least 44 × 44 px (a neuron's −/+ at least 32), a weight's −/+/∿ included, and no two overlap", async () => {
  for (const hidden of ["4,2", "3,3,3,3,3,3"]) {
    const { context, page, errors } = await phone(`#lang=en&dataset=circle&hidden=${hidden}&seed=2`);
    await page.tap("#settings-toggle");
    await page.tap("#data-more-toggle");
    // A neuron's weights open, and every parameter.
    await page.locator("#network").scrollIntoViewIfNeeded();
    const node = await page.evaluate(() => playground.nodeCenter(1, 0));
    const box = await rect(page, "#network");
    await page.touchscreen.tap(box.left + node.x, box.top + node.y);
    await page.waitForSelector("#weights", { state: "visible" });
    // (At the top, where the run bar is away: in its place under the output it covers nothing,
    // which the next test checks at every scroll.)
    await page.evaluate(() => scrollTo(0, 0));
    await page.waitForSelector("#run-mini", { state: "hidden" });
    const list = await targets(page);
    assert.ok(list.some((t) => t.name === "W1[0][0]"), "the weight's slider is among them");
    assert.ok(list.filter((t) => t.neuron).length >= 4, "the neuron buttons are among them");
    checkTargets(list, hidden);
    if (hidden === "4,2") await page.screenshot({ path: path.join(SHOTS, "phone-en-targets.png"), fullPage: true });
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test("touch: what Reset, Regenerate, Clear data, Start over, the article's example and Share say in their tooltips is shown", async () => {
  const ids = { reset: "tip.reset", regenerate: "tip.regenerate", "clear-data": "tip.clear", "start-over": "tip.startOver", "article-open": "tip.article", "article-preset": "tip.article", "share-weights": "tip.share" };
  for (const [lang, table] of [["en", en], ["ja", ja]]) {
    const { context, page, errors } = await phone(`#lang=${lang}&dataset=circle&hidden=3&seed=2`);
    await page.tap("#data-more-toggle");
    for (const [id, key] of Object.entries(ids)) {
      const shown = await page.$eval(`#${id}`, (e) => {
        const after = getComputedStyle(e, "::after");
        return { content: after.content, display: after.display, visible: e.checkVisibility() };
      });
      assert.ok(shown.visible, id);
      assert.equal(shown.content, JSON.stringify(table[key]), `${lang} ${id}`);
      assert.equal(shown.display, "block", `${lang} ${id}`);
    }
    assert.deepEqual(errors, []);
    await context.close();
  }
  // With a mouse, the tooltip is enough: no line under the label.
  const context = await env.browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(env.url + "/#lang=en");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.equal(await page.$eval("#reset", (e) => getComputedStyle(e, "::after").content), "none");
  await context.close();
});

test("phone: the run bar never covers the output's hints or Export data, the share notice not Start over, and no \"of class 0\" while a tap traces", async () => {
  const { context, page, errors } = await phone("#lang=en&dataset=circle&hidden=3&seed=2");
  assert.ok(await page.isHidden("#add-label-wrap"), "tracing: no class to add");
  await page.selectOption("#click-mode", "add");
  assert.ok(await page.isVisible("#add-label-wrap"), "adding: the class");
  await page.selectOption("#click-mode", "inspect");
  assert.ok(await page.isHidden("#add-label-wrap"));
  // The bar, at every scroll through the output panel.
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  await page.waitForSelector("#run-mini", { state: "visible" });
  const panel = await page.$eval(".panel.output", (e) => ({ top: e.getBoundingClientRect().top + scrollY, bottom: e.getBoundingClientRect().bottom + scrollY }));
  const below = ["#task-text", ".output > p.hint:not(#task-text)", "#export-csv", "#click-mode", "#show-test", "#clear-data"];
  let seen = 0;
  for (let y = panel.top - 844; y < panel.bottom; y += 60) {
    await page.evaluate((to) => scrollTo(0, to), y);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    if (await page.isHidden("#run-mini")) continue;
    const bar = await rect(page, "#run-mini");
    if (bar.bottom < 0 || bar.top > 844) continue;
    seen++;
    for (const sel of below) {
      const r = await page.$eval(sel, (e) => (e.type === "checkbox" ? e.closest("label") : e).getBoundingClientRect().toJSON());
      assert.ok(!overlaps(bar, r), `at ${y}: the bar covers ${sel}`);
    }
  }
  assert.ok(seen > 3, "the bar was on screen");
  await page.screenshot({ path: path.join(SHOTS, "phone-en-run-bar.png") });
  // The share notice.
  await page.locator("#share-weights").scrollIntoViewIfNeeded();
  await page.tap("#share-weights");
  await page.waitForSelector("#notice", { state: "visible" });
  const n = await rect(page, "#notice");
  for (const sel of ["#start-over", "#share-weights", "#tf-open"]) assert.ok(!overlaps(n, await rect(page, sel)), `the notice covers ${sel}`);
  assert.ok(n.top < 844 && n.bottom > 0, "the notice is in sight");
  await page.screenshot({ path: path.join(SHOTS, "phone-en-share.png") });
  await page.tap("#notice-close");
  assert.deepEqual(errors, []);
  await context.close();
});

test("loading: the layout shows at once, and taps made before the page is ready are all kept", async () => {
  const context = await env.browser.newContext(PHONE);
  // The wasm arrives 4 s late, as on a slow connection.
  await context.route("**/*.wasm", async (route) => {
    await new Promise((r) => setTimeout(r, 4000));
    await route.continue();
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=en&dataset=xor&seed=1&hidden=3", { waitUntil: "commit" });
  await page.waitForFunction(() => document.documentElement.hasAttribute("data-started"));
  assert.equal(await page.evaluate(() => document.documentElement.hasAttribute("data-app")), false, "the wasm is still loading");
  // The data sets' place is shown.
  assert.match(await page.$eval("#datasets", (e) => getComputedStyle(e).backgroundImage), /gradient/);
  await page.screenshot({ path: path.join(SHOTS, "phone-en-loading.png") });
  // Step twice, and the Japanese page.
  await page.tap("#step");
  await page.tap("#step");
  await page.tap('[data-lang="ja"]');
  await page.waitForFunction(() => document.body.classList.contains("ready"), null, { timeout: 30000 });
  await page.waitForFunction(() => playground.pg.metrics().epoch === 2, null, { timeout: 10000 });
  await page.waitForFunction(() => document.documentElement.lang === "ja");
  assert.equal(await page.textContent("#step"), ja["run.step"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone: the small output stays on the run buttons' row in English and Japanese, the buttons still 44 px", async () => {
  for (const lang of ["en", "ja"]) {
    const { context, page, errors } = await phone(`#lang=${lang}`);
    const boxes = await page.evaluate(() =>
      Object.fromEntries(["#reset", "#play", "#step", "header canvas.mini-output"].map((s) => [s, document.querySelector(s).getBoundingClientRect().toJSON()])),
    );
    const mini = boxes["header canvas.mini-output"];
    const play = boxes["#play"];
    const middle = (mini.top + mini.bottom) / 2;
    assert.ok(middle > play.top && middle < play.bottom, `${lang}: the small output's middle (${middle}) is on Train's row (${play.top}–${play.bottom})`);
    assert.ok(mini.right <= 390, `${lang}: the small output is on the screen`);
    for (const s of ["#reset", "#play", "#step"]) assert.ok(boxes[s].width >= 44 && boxes[s].height >= 44, `${lang}: ${s} is a 44 px target`);
    await page.screenshot({ path: path.join(SHOTS, `phone-${lang}-run-row.png`), clip: { x: 0, y: 0, width: 390, height: 300 } });
    assert.deepEqual(errors, [], lang);
    await context.close();
  }
});
