// TF Playground's habits: a node pointed at (or focused) shows on the big output, a click on an
// input turns that feature off or on, a points slider, a readout on the loss chart (mouse,
// keyboard, touch), and an optional stop at an epoch or a loss, kept in the link.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useBrowser, openPage, shot, SHOTS } from "./harness.mjs";

const env = useBrowser();

const settled = (page) => page.evaluate(() => playground.settled());
const epoch = async (page) => Number(await page.textContent("#epoch"));
const linkKey = (page, key) => page.evaluate((k) => new URLSearchParams(location.hash.slice(1)).get(k), key);
/** Every 4th pixel's RGBA of the output canvas. */
const boundaryPixels = (page) =>
  page.evaluate(() => {
    const c = document.getElementById("boundary");
    return Array.from(c.getContext("2d").getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 16 < 4));
  });
/** The share of channels that differ by more than a shade (a coarse picture and its refined
 * copy differ by less). */
const changed = (a, b) => a.reduce((n, v, i) => n + (Math.abs(v - b[i]) > 24 ? 1 : 0), 0) / a.length;

/** The page's position of node i of column `layer` on #network. */
async function nodeAt(page, layer, i) {
  await page.locator("#network").scrollIntoViewIfNeeded();
  const node = await page.evaluate(([l, k]) => playground.nodeCenter(l, k), [layer, i]);
  const box = await page.locator("#network").boundingBox();
  return [box.x + node.x, box.y + node.y];
}

test("pointing at a node shows its output on the big output, named; leaving shows the network's output again", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&hidden=4,2&seed=3&lang=en", { width: 1400, height: 900 });
  await settled(page);
  const before = await boundaryPixels(page);
  assert.equal(await page.isHidden("#neuron-shown"), true, "no label while the output is the network's");

  const sizes = await page.evaluate(() => playground.sizes);
  const cases = [
    [1, 0, /neuron 1 of layer 1/],
    [0, 1, /input x/],
    [sizes.length - 1, 1, /output class 1/],
  ];
  const shown = [];
  for (const [layer, i, name] of cases) {
    await page.mouse.move(...(await nodeAt(page, layer, i)));
    await page.waitForSelector(`#boundary[data-preview="${layer},${i}"]`);
    await settled(page);
    assert.match(await page.textContent("#neuron-shown"), name);
    assert.equal(await page.isVisible("#neuron-shown"), true);
    const px = await boundaryPixels(page);
    assert.ok(changed(before, px) > 0.05, `the output shows node ${layer},${i}: ${changed(before, px)} of the picture changed`);
    shown.push(px);
  }
  assert.ok(changed(shown[0], shown[1]) > 0.05, "a hidden neuron and an input are two pictures");
  await shot(page, "habits-preview-full-1400-en");

  // Away from the graph: the network's output again.
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => !document.getElementById("boundary").dataset.preview);
  await settled(page);
  assert.equal(await page.isHidden("#neuron-shown"), true);
  const after = await boundaryPixels(page);
  assert.ok(changed(before, after) < 0.02, `the network's output is back: ${changed(before, after)} differs`);
  assert.ok(changed(shown[0], after) > 0.05);

  // The keyboard: the focused node is shown while the graph has the focus.
  await page.locator("#network").focus();
  await page.keyboard.press("ArrowRight");
  await page.waitForSelector('#boundary[data-preview="1,0"]');
  assert.match(await page.textContent("#neuron-shown"), /neuron 1 of layer 1/);
  await page.keyboard.press("ArrowDown");
  await page.waitForSelector('#boundary[data-preview="1,1"]');
  await page.keyboard.press("Tab");
  await page.waitForFunction(() => !document.getElementById("boundary").dataset.preview);
  assert.deepEqual(errors, []);
  await page.close();
});

test("while training, a pointed neuron stays on the output and follows the training", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=4&seed=6&lang=en");
  await page.mouse.move(...(await nodeAt(page, 1, 2)));
  await page.waitForSelector('#boundary[data-preview="1,2"]');
  await page.evaluate(() => document.getElementById("play").click()); // (the pointer stays on the node)
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 20);
  await settled(page);
  assert.equal(await page.getAttribute("#boundary", "data-preview"), "1,2");
  const early = await boundaryPixels(page);
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 300);
  await settled(page);
  assert.equal(await page.getAttribute("#boundary", "data-preview"), "1,2", "the neuron stays, no picture of the output is drawn over it");
  assert.ok(changed(early, await boundaryPixels(page)) > 0.01, "the neuron's picture follows its weights");
  await page.evaluate(() => document.getElementById("play").click());
  assert.deepEqual(errors, []);
  await page.close();
});

test("a click on an input turns that feature off, a click on a feature that is off turns it on; the link follows", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&features=x1,x2&hidden=3&seed=4&lang=en");
  await page.mouse.click(...(await nodeAt(page, 0, 1)));
  await page.waitForFunction(() => playground.sizes[0] === 1);
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("features") === "x1");
  assert.equal(await page.isChecked('[data-feature="x2"]'), false, "the feature box follows");

  // The last input stays, and a notice says why.
  await page.mouse.click(...(await nodeAt(page, 0, 0)));
  assert.match(await page.textContent("#notice-text"), /at least one input/);
  assert.equal(await page.evaluate(() => playground.sizes[0]), 1);

  // x2 is now the first feature that is off, drawn under the input: a click turns it on.
  await page.mouse.click(...(await nodeAt(page, 0, 1)));
  await page.waitForFunction(() => playground.sizes[0] === 2);
  assert.equal(await linkKey(page, "features"), "x1,x2");
  assert.equal(await page.isChecked('[data-feature="x2"]'), true);

  // The keyboard: Enter on a focused input turns it off; on a feature that is off, on.
  await page.locator("#network").focus();
  await page.keyboard.press("Home");
  assert.match(await page.textContent("#net-live"), /Enter turns this input off/);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("features") === "x2");
  assert.deepEqual(await page.evaluate(() => playground.sizes), [1, 3, 2]);
  await page.keyboard.press("ArrowDown"); // x1, off, under x2
  assert.match(await page.textContent("#net-live"), /off.*Enter turns this input on/);
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => new URLSearchParams(location.hash.slice(1)).get("features") === "x1,x2");
  assert.deepEqual(errors, []);
  await page.close();
});

test("the points slider spans the core's range and sets the number of points, kept in the link", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&seed=1&lang=en");
  const range = await page.evaluate(() => playground.pg.constructor.catalog().settings.points);
  const count = () => page.evaluate(() => playground.points.length / 4);
  assert.equal(await count(), Number(await linkKey(page, "points")));
  const shownCount = async () => Number(await page.textContent('label.slider:has(#points) output'));
  assert.equal(await shownCount(), await count());

  const first = await count();
  await page.locator("#points").focus();
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((n) => playground.points.length / 4 !== n, first);
  const fewer = await count();
  assert.ok(fewer < first, `fewer points: ${first} → ${fewer}`);
  assert.equal(await shownCount(), fewer, "the slider says how many");
  assert.equal(await page.getAttribute("#points", "aria-valuetext"), String(fewer));
  assert.equal(Number(await linkKey(page, "points")), fewer);
  assert.equal((await page.evaluate(() => playground.pg.config())).points, fewer);

  await page.keyboard.press("Home");
  await page.waitForFunction((n) => playground.points.length / 4 === n, range.min);
  assert.equal(Number(await linkKey(page, "points")), range.min);
  await page.keyboard.press("End");
  await page.waitForFunction((n) => playground.points.length / 4 === n, range.max);
  assert.equal(Number(await linkKey(page, "points")), range.max);

  // A link's count between two of the slider's shows as it is.
  const { page: linked } = await openPage(env.browser, env.url + "/#dataset=circle&points=123&lang=en");
  assert.equal(await linked.textContent('label.slider:has(#points) output'), "123");
  assert.equal(await linked.evaluate(() => playground.points.length / 4), 123);
  await linked.close();
  assert.deepEqual(errors, []);
  await page.close();
});

/** The readout's numbers: [epoch, train, test] as shown. */
async function readout(page) {
  const text = await page.textContent("#loss-readout");
  const m = /^Epoch (\d+): train loss ([\d.e-]+), test loss ([\d.e-]+)$/.exec(text);
  assert.ok(m, `readout: ${text}`);
  return [Number(m[1]), m[2], m[3]];
}

/** The chart's entry for `epoch` as the page formats losses. */
const entry = (page, e) =>
  page.evaluate((ep) => {
    const h = playground.history;
    const f = (v) => (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toPrecision(2));
    for (let i = 0; i < h.length; i += 3) if (h[i] === ep) return [h[i], f(h[i + 1]), f(h[i + 2])];
    return null;
  }, e);

test("the loss chart reads out the epoch and both losses at the pointer, the keyboard's entry and a touch", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=xor&hidden=4&seed=5&speed=1&lang=en", { width: 1400, height: 900 });
  await page.click("#play");
  await page.waitForFunction(() => playground.history.length / 3 > 40);
  await page.click("#play");
  await settled(page);
  const box = await page.locator("#loss-chart").boundingBox();
  assert.equal(await page.isHidden("#loss-readout"), true);

  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height / 2);
  await page.waitForSelector("#loss-readout:not([hidden])");
  const early = await readout(page);
  assert.deepEqual(early, await entry(page, early[0]), "the numbers are the chart's at that epoch");
  await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
  const late = await readout(page);
  assert.ok(late[0] > early[0], `further right, a later epoch: ${early[0]} → ${late[0]}`);
  assert.deepEqual(late, await entry(page, late[0]));
  await shot(page, "habits-chart-readout-1400-en");
  await page.mouse.move(5, 5);
  await page.waitForSelector("#loss-readout", { state: "hidden" });

  // The keyboard: End is the last entry, ← the one before, said in the announcing region.
  await page.locator("#loss-chart").focus();
  await page.keyboard.press("End");
  const history = await page.evaluate(() => playground.history);
  assert.equal((await readout(page))[0], history.at(-3));
  await page.keyboard.press("ArrowLeft");
  assert.equal((await readout(page))[0], history.at(-6));
  const said = await page.textContent("#loss-readout");
  await page.waitForFunction((t) => document.getElementById("announce").textContent.includes(t), said);
  assert.equal(await epoch(page), history.at(-3), "the arrows on the chart do not train");
  await page.keyboard.press("Home");
  assert.equal((await readout(page))[0], 0);
  await page.keyboard.press("Tab");
  await page.waitForSelector("#loss-readout", { state: "hidden" });
  assert.deepEqual(errors, []);
  await page.close();

  // A finger: a tap on the chart shows the readout there, and it stays to be read.
  const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 });
  const phone = await context.newPage();
  await phone.goto(env.url + "/#dataset=xor&hidden=4&seed=5&speed=1&lang=ja");
  await phone.waitForFunction(() => document.body.classList.contains("ready"));
  for (let k = 0; k < 5; k++) await phone.click("#step");
  await phone.locator("#loss-chart").scrollIntoViewIfNeeded();
  const b = await phone.locator("#loss-chart").boundingBox();
  await phone.touchscreen.tap(b.x + b.width * 0.8, b.y + b.height / 2);
  await phone.waitForSelector("#loss-readout:not([hidden])");
  assert.match(await phone.textContent("#loss-readout"), /^エポック \d+: 訓練データの誤差/);
  await shot(phone, "habits-chart-readout-390-ja");
  await context.close();
});

test("training stops by itself at the link's epoch, and again when the test loss falls below a value set in the box", async () => {
  const { page, errors } = await openPage(env.browser, env.url + "/#dataset=circle&hidden=3&seed=2&speed=10&stopEpoch=40&lang=en");
  assert.equal(await page.inputValue("#stop-epoch"), "40");
  await page.click("#play");
  await page.waitForFunction(() => !document.getElementById("play").classList.contains("playing"));
  await settled(page);
  assert.equal(await epoch(page), 40, "stopped at the epoch, not past it");
  assert.match(await page.textContent("#notice-text"), /stopped by itself at epoch 40/);
  // Train again: the stop was passed, training goes on.
  await page.click("#play");
  await page.waitForFunction(() => Number(document.getElementById("epoch").textContent) > 60);
  await page.click("#play");

  // A loss to stop at, typed in the box (the epoch's box emptied): kept in the link.
  const m = await page.evaluate(() => playground.pg.metrics());
  const limit = Number((m.testLoss * 0.8).toPrecision(2));
  await page.fill("#stop-epoch", "");
  await page.press("#stop-epoch", "Tab");
  await page.fill("#stop-loss", String(limit));
  await page.press("#stop-loss", "Tab");
  await page.selectOption("#stop-on", "test");
  await page.waitForFunction((v) => new URLSearchParams(location.hash.slice(1)).get("stopLoss") === String(v), limit);
  assert.equal(await linkKey(page, "stopEpoch"), "none");
  assert.equal(await linkKey(page, "stopOn"), "test");
  await page.click("#play");
  await page.waitForFunction(() => !document.getElementById("play").classList.contains("playing"), null, { timeout: 60000 });
  const after = await page.evaluate(() => playground.pg.metrics());
  assert.ok(after.testLoss < limit, `test loss ${after.testLoss} < ${limit}`);
  assert.match(await page.textContent("#notice-text"), new RegExp(`test loss [\\d.]+ is below ${limit}`));

  // A box that holds no number is marked and said; the link keeps the last good value.
  await page.fill("#stop-loss", "abc");
  await page.press("#stop-loss", "Tab");
  assert.equal(await page.getAttribute("#stop-loss", "aria-invalid"), "true");
  assert.match(await page.textContent("#notice-text"), /not a loss to stop at/);
  assert.equal(await linkKey(page, "stopLoss"), String(limit));

  // The link's keys come back on reload.
  await page.reload();
  await page.waitForFunction(() => document.body.classList.contains("ready"));
  assert.equal(await page.inputValue("#stop-loss"), String(limit));
  assert.deepEqual(errors, []);
  await page.close();
});

test("a link's stop out of range is clamped and named", async () => {
  const { page } = await openPage(env.browser, env.url + "/#stopEpoch=0&stopLoss=-1&stopOn=sometimes&lang=en");
  const note = await page.textContent("#notice-text");
  assert.match(note, /stopEpoch/);
  assert.match(note, /stopLoss/);
  assert.match(note, /stopOn/);
  assert.equal(await page.inputValue("#stop-epoch"), "1");
  assert.equal(await page.inputValue("#stop-loss"), "0");
  await page.close();
});

test("screenshots: the new controls and the preview at 1400×900 and 390×844, English and Japanese", async () => {
  for (const lang of ["en", "ja"]) {
    const { page } = await openPage(env.browser, env.url + `/#dataset=spiral&features=x1,x2,sin(x1)&hidden=6,4&seed=8&stopEpoch=300&lang=${lang}`, { width: 1400, height: 900 });
    await page.mouse.move(...(await nodeAt(page, 1, 1)));
    await page.waitForSelector('#boundary[data-preview="1,1"]');
    await settled(page);
    await page.screenshot({ path: path.join(SHOTS, `habits-preview-1400-${lang}.png`) });
    await shot(page, `habits-page-1400-${lang}`);
    await page.close();
    const context = await env.browser.newContext({ hasTouch: true, isMobile: true, viewport: { width: 390, height: 844 }, deviceScaleFactor: 3 });
    const phone = await context.newPage();
    await phone.goto(env.url + `/#dataset=spiral&features=x1,x2,sin(x1)&hidden=6,4&seed=8&stopEpoch=300&lang=${lang}`);
    await phone.waitForFunction(() => document.body.classList.contains("ready"));
    // (A phone shows the data's settings one tap away.)
    await phone.tap("#data-more-toggle");
    await phone.locator("#data-controls").scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(SHOTS, `habits-data-390-${lang}.png`) });
    await phone.locator(".stop-row").scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(SHOTS, `habits-stop-390-${lang}.png`) });
    await phone.locator("#network").scrollIntoViewIfNeeded();
    await phone.screenshot({ path: path.join(SHOTS, `habits-network-390-${lang}.png`) });
    await context.close();
  }
});

test("the stop's notice comes right under the stop's row and covers none of the output's buttons (1400×900, 390×844, en and ja)", async () => {
  const url = (lang) => env.url + `/#dataset=circle&hidden=3&seed=2&speed=10&stopEpoch=5&lang=${lang}`;
  for (const lang of ["en", "ja"]) {
    for (const phone of [false, true]) {
      const size = phone ? { width: 390, height: 844 } : { width: 1400, height: 900 };
      const context = await env.browser.newContext(phone ? { hasTouch: true, isMobile: true, viewport: size, deviceScaleFactor: 3 } : { viewport: size });
      const page = await context.newPage();
      await page.goto(url(lang));
      await page.waitForFunction(() => document.body.classList.contains("ready"));
      await page.click("#play");
      await page.waitForSelector("#notice", { state: "visible" });
      await page.waitForFunction(() => !document.getElementById("play").classList.contains("playing"));
      const { notice, row, covered } = await page.evaluate(() => {
        const box = (e) => e.getBoundingClientRect().toJSON();
        const n = box(document.getElementById("notice"));
        const over = (b) => b.left < n.right && n.left < b.right && b.top < n.bottom && n.top < b.bottom;
        const buttons = [...document.querySelectorAll(".panel.output button, .panel.output select, .panel.output input")]
          .filter((b) => !b.closest("#notice") && b.getClientRects().length > 0);
        return { notice: n, row: box(document.querySelector(".stop-row")), covered: buttons.filter((b) => over(box(b))).map((b) => b.id || b.textContent) };
      });
      assert.deepEqual(covered, [], `${lang} ${size.width}: the notice covers none of the output's controls`);
      assert.ok(notice.top >= row.bottom - 1 && notice.top - row.bottom < 40, `${lang} ${size.width}: the notice is right under the stop's row`);
      await page.locator("#notice").scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(SHOTS, `habits-stop-notice-${size.width}-${lang}.png`) });
      await context.close();
    }
  }
});
