// Every learner's device: a phone without sideways scroll and with finger-sized targets, the
// keyboard reaching everything (the network graph, the data canvas, the import buttons),
// screen readers (named controls, quiet live regions, axe-core without findings of any impact).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import { useBrowser, openPage, shot } from "./harness.mjs";

const env = useBrowser();
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
// Every view has drawn what the last action changed (the loop may spread views over frames).
const frame = (page) => page.evaluate(() => playground.settled());

/** axe-core's findings, of every impact (run through the DevTools protocol, which the page's
 * CSP does not govern). */
async function axe(page) {
  await page.evaluate(axeSource);
  const r = await page.evaluate(async () => {
    const res = await window.axe.run(document, { resultTypes: ["violations"] });
    return res.violations.map((v) => `${v.impact} ${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")}`);
  });
  return r;
}

for (const [w, h, name] of [[1400, 900, "desktop"], [390, 844, "phone"]]) {
  for (const lang of ["en", "ja"]) {
    test(`axe-core on the ${name} (${lang}) with the weight panel, the inspector and the lesson open: no violation of any impact`, async () => {
      const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}&dataset=circle&hidden=3&seed=2`, { width: w, height: h });
      await page.locator("#network").scrollIntoViewIfNeeded();
      const node = await page.evaluate(() => playground.nodeCenter(1, 0));
      const box = await page.locator("#network").boundingBox();
      await page.mouse.click(box.x + node.x, box.y + node.y);
      await page.locator("#weights-body input[type=range]").first().waitFor();
      assert.deepEqual(await axe(page), [], "network view");
      await page.click("#article-preset");
      await page.click("#insp-next");
      await page.check("#primitives");
      assert.deepEqual(await axe(page), [], "graph view");
      // Every number of the step: its cards scroll inside the panel, the page stays as wide
      // as the screen.
      await page.click("#insp-numbers summary");
      await frame(page);
      assert.ok(await page.evaluate(() => document.getElementById("insp-graph").scrollWidth > document.getElementById("insp-graph").clientWidth), "the cards are wider than the panel");
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= w, "no sideways scroll with every number open");
      if (name === "phone") await shot(page, `access-phone-${lang}-graph`);
      // The lesson (its own main landmark; on a phone its bar's heading is out of sight but
      // still above the step's).
      await page.click("#start-lesson");
      await page.waitForSelector("#lesson-steps h3", { state: "visible" });
      assert.deepEqual(await axe(page), [], "lesson");
      assert.deepEqual(errors, []);
      await page.close();
    });
  }
}

test("phone: one column, no sideways scroll, main controls at least 44 px and every control at least 24 px", async () => {
  const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  await page.goto(env.url + "/#lang=en&dataset=spiral&hidden=8,8");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, "no sideways scroll");
  const small = await page.evaluate(() => {
    const main = ["reset", "play", "step", "view-network", "view-graph"].map((id) => document.getElementById(id));
    const tooSmallMain = main.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width < 44 || r.height < 44;
    });
    const all = [...document.querySelectorAll("button, select, input, summary")].filter((e) => e.offsetParent && e.type !== "range");
    const tooSmall = all.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width < 24 || r.height < 24;
    });
    return { main: tooSmallMain.map((e) => e.id), all: tooSmall.map((e) => e.id || e.className || e.tagName) };
  });
  assert.deepEqual(small.main, []);
  assert.deepEqual(small.all, []);
  // A weight can be set to 0.01 by touch: the fine buttons step by 0.01.
  await page.locator("#network").scrollIntoViewIfNeeded();
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.tap("#network", { position: { x: node.x, y: node.y } });
  await page.locator("#weights-body .fine").first().waitFor();
  await page.fill('#weights-body [data-param-number="W1[0][0]"]', "0.5");
  await page.press('#weights-body [data-param-number="W1[0][0]"]', "Enter");
  await frame(page);
  await page.locator('#weights-body [data-param="W1[0][0]"] ~ .fine').last().tap();
  await frame(page);
  assert.equal(await page.evaluate(() => playground.pg.param("W1[0][0]")), 0.51);
  assert.ok(box.width <= 390);
  assert.ok(await page.isHidden("#tooltip"), "no tooltip stays after a tap");
  // The weight panel's controls are finger-sized too.
  const smallInPanel = await page.$$eval("#weights-body button, #weights-body input:not([type=range])", (es) =>
    es.filter((e) => {
      const r = e.getBoundingClientRect();
      return r.width < 24 || r.height < 24;
    }).map((e) => e.className || e.tagName),
  );
  assert.deepEqual(smallInPanel, []);
  // The layers' −/+ groups over the graph do not cover each other (the count, 4, was under the
  // next group's +).
  const overlap = await page.$$eval(".neuron-group", (gs) => gs.map((g) => g.getBoundingClientRect()).reduce((m, r, i, a) => (i ? Math.max(m, a[i - 1].right - r.left) : m), 0));
  assert.ok(overlap <= 0, `the groups overlap by ${overlap} px`);
  await shot(page, "access-phone-weights");
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: the network graph, the data canvas and the import buttons; Space trains only off controls", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3,2&seed=2", { width: 1400, height: 1000 });
  // The graph: one tab stop, arrows move between neurons, Enter opens the weights.
  await page.focus("#network");
  await page.keyboard.press("ArrowRight"); // to hidden layer 1
  await page.keyboard.press("ArrowDown"); // its neuron 2
  await page.keyboard.press("Enter");
  await page.locator("#weights-body input[type=range]").first().waitFor();
  assert.match(await page.textContent("#weights-title"), /Neuron 2 of layer 1/);
  // The names count from 0 (the core's and the article's code), the neurons from 1: said once.
  assert.match(await page.textContent("#weights"), /W1\[0\]\[1\] is the weight from input 1 to neuron 2/);
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 0, "the arrows on the graph did not train");
  assert.match(await page.getAttribute('#weights-body [data-param="W1[0][1]"]', "aria-label"), /weight from x₁ to neuron 2 of layer 1/);
  assert.match(await page.textContent("#net-live"), /neuron 2 of layer 1/);
  // The focus went into the panel, on its first slider; arrows there move that weight.
  assert.equal(await page.evaluate(() => document.activeElement.dataset.param), "W1[0][1]");
  const w = await page.evaluate(() => playground.pg.param("W1[0][1]"));
  await page.keyboard.press("ArrowRight");
  assert.ok((await page.evaluate(() => playground.pg.param("W1[0][1]"))) > w, "the arrow moved the weight");
  // The ∿ of a weight opens its loss landscape; the first Escape closes the landscape (opened
  // last), the focus staying in the weights, the next one the weights.
  await page.focus('#weights-body [data-landscape="W1[0][1]"]');
  await page.keyboard.press("Enter");
  await page.locator("#landscape").waitFor();
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#landscape"), false);
  assert.equal(await page.isVisible("#weights"), true);
  assert.ok(await page.evaluate(() => document.getElementById("weights").contains(document.activeElement)));
  // Escape closes the panel and gives the focus back to the graph.
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#weights"), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "network");
  // Its × too gives the focus back to the graph (not to the page).
  await page.keyboard.press("Enter");
  await page.focus("#weights-close");
  await page.keyboard.press("Enter");
  assert.equal(await page.isVisible("#weights"), false);
  assert.equal(await page.evaluate(() => document.activeElement.id), "network");
  // The focus ring shows on a pressed (dark) button: outside it, in the accent colour.
  await page.focus("#view-network");
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Tab");
  const ring = await page.evaluate(() => {
    const s = getComputedStyle(document.activeElement);
    return [document.activeElement.id, s.outlineStyle, s.outlineWidth, s.outlineOffset];
  });
  assert.deepEqual(ring, ["view-network", "solid", "3px", "2px"]);
  // The warm-up opens in sight and Escape closes it, back on its button.
  await page.click("#warmup-open");
  assert.equal(await page.getAttribute("#warmup-open", "aria-expanded"), "true");
  await page.focus("#warm-x");
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#warmup"), false);
  assert.equal(await page.getAttribute("#warmup-open", "aria-expanded"), "false");
  assert.equal(await page.evaluate(() => document.activeElement.id), "warmup-open");
  // A notice goes with Escape.
  await page.fill("#insp-x2", "1");
  await page.fill("#insp-x1", "1e300");
  await page.press("#insp-x1", "Enter");
  assert.ok(await page.isVisible("#notice"));
  await page.keyboard.press("Escape");
  assert.equal(await page.isVisible("#notice"), false);
  // The data canvas: arrows move a cursor, Enter adds a point in "adds" mode.
  await page.selectOption("#click-mode", "add");
  const n0 = await page.evaluate(() => playground.pg.points().length / 4);
  await page.focus("#boundary");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  const pts = await page.evaluate(() => Array.from(playground.pg.points()));
  assert.equal(pts.length / 4, n0 + 1);
  assert.ok(pts.some((_, i) => i % 4 === 0 && pts[i] === 0.5 && pts[i + 1] === 0.5), "the point is at the cursor (0.5, 0.5)");
  await page.keyboard.press("Delete");
  assert.equal(await page.evaluate(() => playground.pg.points().length / 4), n0);
  // Import buttons are real buttons that open the picker.
  const [chooser] = await Promise.all([page.waitForEvent("filechooser"), page.focus("#import-csv-button").then(() => page.keyboard.press("Enter"))]);
  assert.ok(chooser);
  // Space on a summary opens it and does not train; on the page it trains.
  await page.focus("#all-params summary");
  await page.keyboard.press(" ");
  await page.waitForTimeout(200);
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false");
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press(" ");
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "true");
  await page.keyboard.press(" ");
  // Live regions: the metrics are not live; one polite region speaks for them.
  assert.equal(await page.getAttribute("#epoch", "aria-live"), "off");
  assert.equal(await page.getAttribute("#announce", "aria-live"), "polite");
  assert.deepEqual(errors, []);
  await page.close();
});

test("phone: what a tap opens or says is in sight, and nothing else moves the page", async () => {
  const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=ja&dataset=circle&hidden=3&seed=2");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  const inSight = (sel) =>
    page.$eval(sel, (e) => {
      const r = e.getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0 && r.height > 0;
    });
  // A traced sample in graph view; then a data set tapped: the page stays where it is.
  await page.evaluate(() => playground.setSample({ x1: 1, x2: 1, label: 0 }));
  await page.evaluate(() => playground.settled());
  await page.locator('[data-dataset="xor"]').scrollIntoViewIfNeeded();
  const y0 = await page.evaluate(() => scrollY);
  await page.tap('[data-dataset="xor"]');
  await page.evaluate(() => playground.settled());
  assert.equal(await page.evaluate(() => scrollY), y0, "a data set tap does not scroll the page");
  // The loss landscape opens in sight.
  await page.tap("#view-network");
  await page.locator("#network").scrollIntoViewIfNeeded();
  const node = await page.evaluate(() => playground.nodeCenter(1, 0));
  const box = await page.locator("#network").boundingBox();
  await page.touchscreen.tap(box.x + node.x, box.y + node.y);
  await page.tap('#weights-body [data-landscape="W1[0][0]"]');
  await page.waitForFunction(() => {
    const r = document.getElementById("landscape").getBoundingClientRect();
    return r.top < innerHeight && r.bottom > 0;
  }, null, { timeout: 5000 });
  // A notice is in sight wherever the page is scrolled to.
  await page.locator("#share-weights").scrollIntoViewIfNeeded();
  await page.tap("#share-weights");
  await page.waitForFunction(() => !document.getElementById("notice").hidden);
  assert.ok(await inSight("#notice"), "the notice is on screen");
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone: with the header scrolled away, a run bar keeps Train and Step at hand over the output", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(env.url + "/#lang=ja&dataset=circle&hidden=3&seed=2");
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.ok(await page.isHidden("#run-mini"), "hidden while the header's buttons are in sight");
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  await page.waitForSelector("#run-mini", { state: "visible" });
  const bar = await page.locator("#run-mini").boundingBox();
  const out = await page.locator("#boundary").boundingBox();
  assert.ok(bar.y + bar.height <= 844 && bar.x >= 0 && bar.x + bar.width <= 390, "on the screen");
  assert.ok(out.y < 844 && out.y + out.height > 0, "the output in sight beside it");
  for (const id of ["#mini-play", "#mini-step"]) assert.ok((await page.locator(id).boundingBox()).height >= 44, `${id}: finger-sized`);
  await page.tap("#mini-step");
  assert.equal(await page.evaluate(() => playground.pg.metrics().epoch), 1);
  await page.tap("#mini-play");
  await page.waitForFunction(() => playground.pg.metrics().epoch > 20);
  assert.equal(await page.getAttribute("#mini-play", "aria-pressed"), "true");
  assert.equal(await page.textContent("#mini-play"), "❚❚ 一時停止");
  await page.tap("#mini-play");
  await page.evaluate(() => playground.settled());
  assert.equal(await page.textContent("#mini-epoch"), String(await page.evaluate(() => playground.pg.metrics().epoch)));
  assert.equal(await page.getAttribute("#play", "aria-pressed"), "false", "the header's button follows");
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, "no sideways scroll");
  // axe-core finds nothing in it, of any impact (it is a named region, inside no other).
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ["violations"] })).violations.filter((v) => v.nodes.some((n) => n.target.join(" ").includes("run-mini"))).map((v) => v.id));
  assert.deepEqual(found, []);
  await page.screenshot({ path: new URL("./screenshots/access-phone-run-bar.png", import.meta.url).pathname });
  // Not over a weight being edited (it would cover the next one): away while the focus is there.
  await page.click("#all-params summary");
  await page.locator("#all-params input[type=range]").first().focus();
  await page.waitForSelector("#run-mini", { state: "hidden" });
  await page.locator("#all-params input[type=range]").first().evaluate((e) => e.blur());
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  await page.waitForSelector("#run-mini", { state: "visible" });
  // Not over the computation graph (there one steps, and the graph needs the room).
  await page.evaluate(() => document.getElementById("view-graph").click());
  await page.locator("#graph").scrollIntoViewIfNeeded();
  await page.waitForSelector("#run-mini", { state: "hidden" });
  await page.evaluate(() => document.getElementById("view-network").click());
  // Back at the top the header's own buttons are there, and the bar goes.
  await page.evaluate(() => scrollTo(0, 0));
  await page.waitForSelector("#run-mini", { state: "hidden" });
  // On a wide screen it never shows.
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.locator("#boundary").scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  assert.ok(await page.isHidden("#run-mini"));
  assert.deepEqual(errors, []);
  await context.close();
});

test("phone: pressing Train moves nothing — the header keeps its size while Train becomes Pause and epochs count up", async () => {
  for (const lang of ["en", "ja"]) {
    const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(env.url + `/#dataset=xor&hidden=3&seed=1&speed=max&lang=${lang}`);
    await page.waitForFunction(() => document.body.classList.contains("ready"));
    const measure = () => page.evaluate(() => ({ header: document.querySelector("header").getBoundingClientRect().height, play: document.getElementById("play").getBoundingClientRect().width, layout: document.getElementById("layout").getBoundingClientRect().top }));
    const before = await measure();
    await page.tap("#play");
    await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 1000, null, { timeout: 20000 });
    const during = await measure();
    await page.tap("#play");
    assert.deepEqual(during, before, lang);
    await context.close();
  }
});

/** Counts what every live region says from now on: each change of its text (a region written
 * with the text it already holds counts too: a screen reader may say it again). */
async function countAnnouncements(page) {
  await page.evaluate(() => {
    window.__said = [];
    for (const r of document.querySelectorAll('[aria-live]:not([aria-live="off"]), [role=status], [role=alert], [role=log]'))
      new MutationObserver(() => window.__said.push({ id: r.id, text: r.textContent.trim() })).observe(r, { childList: true, characterData: true, subtree: true });
  });
  return () => page.evaluate(() => window.__said);
}

test("screen readers: training says nothing until Pause, then once; each step of the graph is said once, none repeated", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3&seed=2&view=graph&sample=1,1,0&step=5", { width: 1400, height: 900 });
  await frame(page);
  const said = await countAnnouncements(page);
  // (The step's explanation, no live region now, is not written again with the same words.)
  await page.evaluate(() => {
    window.__explained = 0;
    new MutationObserver(() => window.__explained++).observe(document.getElementById("insp-explain"), { childList: true, characterData: true, subtree: true });
  });
  await page.click("#play");
  // Long enough for the old once-a-second "Epoch N…" and the graph's redraws to have spoken.
  await page.waitForFunction(() => playground.pg.metrics().epoch >= 400, null, { timeout: 60000 });
  assert.deepEqual(await said(), [], "nothing said while training");
  assert.equal(await page.evaluate(() => window.__explained), 0, "the explanation was not rewritten while training");
  await page.click("#play");
  await page.waitForFunction(() => window.__said.length > 0);
  await frame(page);
  const afterPause = await said();
  assert.equal(afterPause.length, 1, `one announcement for Pause: ${JSON.stringify(afterPause)}`);
  assert.match(afterPause[0].text, /^Epoch \d+: train loss/);
  // Three steps of the graph: three announcements, each naming its step, no two alike.
  await page.evaluate(() => document.activeElement.blur());
  for (let k = 0; k < 3; k++) {
    await page.click("#insp-next");
    await page.waitForFunction((n) => window.__said.length > n, k + 1);
  }
  await frame(page);
  const all = await said();
  assert.equal(all.length, 4, JSON.stringify(all));
  for (const [k, s] of all.slice(1).entries()) assert.match(s.text, new RegExp(`step ${6 + k} of \\d+:`));
  assert.equal(new Set(all.map((s) => s.text)).size, all.length, "no sentence said twice");
  assert.deepEqual(errors, []);
  await page.close();
});

test("screen readers: with a loss landscape open, training says nothing; moving its point by keyboard says where it is", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3&seed=2&landscape=W1[0][0],W1[1][0]", { width: 1400, height: 900 });
  await page.locator("#landscape-canvas").waitFor();
  await frame(page);
  const said = await countAnnouncements(page);
  await page.click("#play");
  await page.waitForFunction(() => playground.pg.metrics().epoch >= 300, null, { timeout: 60000 });
  assert.deepEqual(await said(), [], "nothing said while training");
  await page.click("#play");
  await page.waitForFunction(() => window.__said.length > 0);
  await frame(page);
  await page.focus("#landscape-canvas");
  const n = (await said()).length;
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction((k) => window.__said.length > k, n);
  assert.match((await said()).at(-1).text, /W1\[0\]\[0\]/);
  assert.deepEqual(errors, []);
  await page.close();
});

/** The accessible names of the controls a screen reader finds (from Chromium's tree, through
 * the DevTools protocol), and those named more than once. */
async function controlNames(page) {
  const cdp = await page.context().newCDPSession(page);
  const { nodes } = await cdp.send("Accessibility.getFullAXTree");
  await cdp.detach();
  const ROLES = new Set(["button", "checkbox", "slider", "textbox", "combobox", "spinbutton", "radio", "link", "switch", "tab", "menuitem", "DisclosureTriangle", "searchbox", "listbox"]);
  const names = nodes.filter((n) => !n.ignored && ROLES.has(n.role?.value)).map((n) => n.name?.value ?? "");
  const seen = new Map();
  for (const n of names) seen.set(n, (seen.get(n) ?? 0) + 1);
  return { names, twice: [...seen].filter(([, c]) => c > 1).map(([n]) => n), unnamed: names.filter((n) => !n.trim()).length };
}

test("screen readers: every control's name is its own and says what it does (neurons, layers, weights in both lists, the lesson)", async () => {
  for (const lang of ["en", "ja"]) {
    const { page, errors } = await openPage(env.browser, env.url + `/#lang=${lang}&dataset=circle&hidden=3,2&seed=2`, { width: 1400, height: 1000 });
    // A neuron's weights open, and every parameter listed: the same weight in both.
    await page.locator("#network").scrollIntoViewIfNeeded();
    const node = await page.evaluate(() => playground.nodeCenter(1, 0));
    const box = await page.locator("#network").boundingBox();
    await page.mouse.click(box.x + node.x, box.y + node.y);
    await page.locator("#weights-body input[type=range]").first().waitFor();
    await page.click("#all-params summary");
    await frame(page);
    let n = await controlNames(page);
    assert.deepEqual(n.twice, [], `${lang}, network view: no name twice`);
    assert.equal(n.unnamed, 0);
    if (lang === "en") {
      assert.ok(n.names.includes("Add a neuron to layer 2") && n.names.includes("Remove a neuron from layer 1"), "the neuron buttons say what they do, to which layer");
      assert.ok(n.names.some((s) => /^W1\[0\]\[0\]: weight from .* \(in the list of every parameter\)$/.test(s)));
    }
    // The graph view with every layer open, then one closed.
    await page.click("#view-graph");
    await page.evaluate(() => playground.setSample({ x1: 1, x2: 1, label: 0 }));
    await frame(page);
    const closed = await page.$eval('#graph [data-node="affine"][role=button]', (g) => [g.getAttribute("aria-label"), g.getAttribute("aria-expanded")]);
    assert.deepEqual(closed, [lang === "en" ? "Affine1" : "Affine1", "false"]);
    await page.check("#primitives");
    await frame(page);
    n = await controlNames(page);
    assert.deepEqual(n.twice, [], `${lang}, graph view with every layer open: no name twice`);
    assert.equal(n.unnamed, 0);
    const toggles = await page.$$eval("#graph .cg-frame[role=button]", (gs) => gs.map((g) => [g.getAttribute("aria-label"), g.getAttribute("aria-expanded")]));
    assert.ok(toggles.length >= 5 && toggles.every(([, e]) => e === "true"), JSON.stringify(toggles));
    if (lang === "en") assert.ok(toggles.some(([name]) => name === "tanh of layer 2" || /of layer 2$/.test(name)), JSON.stringify(toggles));
    // The lesson, step by step: its two bars' buttons, and two graphs on one step.
    await page.evaluate(() => document.getElementById("start-lesson").click());
    await page.waitForSelector("#lesson", { state: "visible" });
    for (let k = 0; k < 20; k++) {
      await frame(page);
      n = await controlNames(page);
      assert.deepEqual(n.twice, [], `${lang}, lesson step ${k + 1}: no name twice`);
      if (await page.isDisabled("#lesson-next")) break;
      await page.click("#lesson-next");
    }
    assert.deepEqual(errors, []);
    await page.close();
  }
});

test("screen readers: the graph's arrows as a table, each row the arrow's own values as drawn", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3&seed=2&view=graph&sample=1,1,0&step=3", { width: 1400, height: 900 });
  await page.click("#graph-arrows summary");
  await frame(page);
  const { arrows, rows } = await page.evaluate(() => ({
    arrows: [...document.querySelectorAll("#graph [data-arrow]")].map((a) => ({ from: a.dataset.from, to: a.dataset.to, fwd: [...a.querySelectorAll(".cg-fwd")].map((t) => t.textContent), current: a.classList.contains("current") })),
    rows: [...document.querySelectorAll("#graph-arrows tbody tr")].map((r) => ({ from: r.dataset.from, to: r.dataset.to, cells: [...r.cells].map((c) => c.textContent), current: r.getAttribute("aria-current") === "step" })),
  }));
  assert.equal(rows.length, arrows.length, "one row per arrow");
  arrows.forEach((a, i) => {
    assert.deepEqual([rows[i].from, rows[i].to, rows[i].current], [a.from, a.to, a.current]);
    // What the arrow shows above it is what its row says it carries forward.
    if (a.fwd.length) assert.equal(rows[i].cells[2], a.fwd.join(", "));
  });
  assert.ok(rows.some((r) => r.current), "the current step's arrow is marked");
  assert.ok(rows.some((r) => r.cells[3] === "…"), "the backward pass has not come back yet");
  // At the end of the backward pass every arrow carries its gradient.
  await page.click("#insp-last");
  await frame(page);
  const back = await page.$$eval("#graph-arrows tbody tr td.b", (tds) => tds.map((t) => t.textContent));
  assert.ok(back.length > 0 && back.every((b) => b !== "…" && /\d/.test(b)), JSON.stringify(back));
  assert.deepEqual(await axe(page), []);
  assert.deepEqual(errors, []);
  await page.close();
});

test("keyboard: a weight's slider moves 0.01 per arrow key and 0.1 per page key; the header's Tab order follows its rows", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#lang=en&dataset=circle&hidden=3&seed=2", { width: 1400, height: 900 });
  await page.focus("#network");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Enter");
  const slider = '#weights-body [data-param="W1[0][0]"]';
  await page.locator(slider).waitFor();
  await page.fill('#weights-body [data-param-number="W1[0][0]"]', "0.5");
  await page.press('#weights-body [data-param-number="W1[0][0]"]', "Enter");
  await frame(page);
  await page.focus(slider);
  const w = () => page.evaluate(() => playground.pg.param("W1[0][0]"));
  for (const [key, want] of [["ArrowRight", 0.51], ["ArrowUp", 0.52], ["ArrowLeft", 0.51], ["PageUp", 0.61], ["PageDown", 0.51], ["ArrowDown", 0.5]]) {
    await page.keyboard.press(key);
    assert.equal(await w(), want, key);
  }
  // Tab through the header: row by row, left to right in a row.
  await page.focus("#reset");
  const stops = [];
  for (let k = 0; k < 40; k++) {
    const at = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e.closest("header")) return null;
      const r = e.getBoundingClientRect();
      return { id: e.id || e.dataset.lang || e.tagName, top: r.top, left: r.left, bottom: r.bottom };
    });
    if (!at) break;
    stops.push(at);
    await page.keyboard.press("Tab");
  }
  assert.ok(stops.length > 10, `${stops.length} stops`);
  for (let i = 1; i < stops.length; i++) {
    const [a, b] = [stops[i - 1], stops[i]];
    const sameRow = b.top < a.bottom && a.top < b.bottom;
    assert.ok(sameRow ? b.left > a.left : b.top >= a.bottom - 1, `${a.id} → ${b.id}: ${sameRow ? "backwards in its row" : "up a row"}`);
  }
  assert.deepEqual(errors, []);
  await page.close();
});
