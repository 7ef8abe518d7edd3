// Notices come next to what they are about: right under the block they concern (the loss
// chart for a divergence, the file buttons for an export, the settings' row for a refused link
// key), in the page's flow, covering no control, on a desktop and on a phone, in English and
// Japanese. A notice that only informs leaves by itself (not while pointed at); an error stays
// until dismissed.
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { useBrowser, openInContext, SHOTS } from "./harness.mjs";
import en from "../../web/js/messages-en.js";
import ja from "../../web/js/messages-ja.js";

const env = useBrowser();
const TABLES = { en, ja };
const SIZES = [
  { name: "1400", options: { viewport: { width: 1400, height: 900 } } },
  { name: "390", options: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, hasTouch: true, isMobile: true } },
];
// A linear network this deep with the largest learning rate blows up within a few epochs.
const DIVERGES = "dataset=circle&activation=linear&hidden=8,8,8,8&learningRate=10&seed=1";

const open = (size, hash) => openInContext(env.browser, env.url + "/#" + hash, size.options);

/** A message's fixed start (before its first `{…}`), to recognise it in the notice. */
const opening = (lang, key) => TABLES[lang][key].split("{")[0].trim();

/** Waits for the notice to say `key`'s message, then checks where it is: right after the first
 * shown of `blocks` (selectors), right under it, within its width, and over no control of the
 * page (at each visible control's centre and at its neighbours' the page's own element is hit,
 * never the notice). Takes a screenshot with the notice in the middle of the screen. */
async function placed(page, lang, key, blocks, shotName) {
  const start = opening(lang, key);
  await page.waitForFunction((s) => !document.getElementById("notice").hidden && document.getElementById("notice-text").textContent.includes(s), start, { timeout: 30000 });
  await page.evaluate(() => document.getElementById("notice").scrollIntoView({ block: "center", behavior: "instant" }));
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const r = await page.evaluate((selectors) => {
    const notice = document.getElementById("notice");
    const box = (e) => e.getBoundingClientRect().toJSON();
    const block = selectors.map((s) => document.querySelector(s)).find((e) => e && e.getClientRects().length > 0);
    const inNotice = (x, y) => notice.contains(document.elementFromPoint(x, y));
    const centre = (e) => {
      const b = e.getBoundingClientRect();
      return [b.left + b.width / 2, b.top + b.height / 2];
    };
    const onScreen = ([x, y]) => x >= 0 && y >= 0 && x < innerWidth && y < innerHeight;
    const controls = [...document.querySelectorAll("button, input, select, canvas, summary, a[href]")].filter(
      (c) => !notice.contains(c) && c.checkVisibility({ visibilityProperty: true, opacityProperty: true }) && onScreen(centre(c)),
    );
    const n = box(notice);
    const neighbours = [notice.previousElementSibling, notice.nextElementSibling].filter((e) => e && e.getClientRects().length > 0);
    // (Just above and just below the notice: the page's own blocks, not the notice.)
    const edges = [[n.left + n.width / 2, n.top - 3], [n.left + n.width / 2, n.bottom + 3]].filter(onScreen);
    return {
      floating: getComputedStyle(notice).position === "fixed",
      after: notice.previousElementSibling === block,
      blockName: block && (block.id || block.className),
      notice: n,
      block: block && box(block),
      covered: controls.filter((c) => inNotice(...centre(c))).map((c) => c.id || c.className || c.tagName),
      neighboursCovered: neighbours.filter((e) => onScreen(centre(e)) && inNotice(...centre(e))).map((e) => e.className),
      edgesCovered: edges.filter(([x, y]) => inNotice(x, y)).length,
      controls: controls.length,
      textShare: box(document.getElementById("notice-text")).width / n.width,
      // (Everything of the notice, its close button and actions included, within it and on screen.)
      spills: [...notice.querySelectorAll("*")].filter((e) => {
        const b = box(e);
        return b.width > 0 && (b.left < n.left - 1 || b.right > n.right + 1 || b.right > innerWidth || b.left < 0);
      }).map((e) => e.id || e.textContent),
    };
  }, blocks);
  await page.screenshot({ path: path.join(SHOTS, `notice-${shotName}.png`) });
  const where = `${shotName}: `;
  assert.equal(r.floating, false, where + "the notice sits in the page's flow");
  assert.ok(r.block, where + "one of the blocks is shown");
  assert.ok(r.after, `${where}the notice comes right after ${r.blockName}`);
  assert.ok(r.notice.top >= r.block.bottom - 1 && r.notice.top - r.block.bottom <= 24, `${where}right under its block (${r.block.bottom} → ${r.notice.top})`);
  assert.ok(r.notice.left >= r.block.left - 1 && r.notice.right <= r.block.right + 1 + 40, `${where}within its block's width (${JSON.stringify([r.block.left, r.block.right, r.notice.left, r.notice.right])})`);
  assert.deepEqual(r.spills, [], where + "nothing of the notice spills out of it or off the screen");
  assert.ok(r.textShare > 0.6, `${where}the text has the notice's width, not squeezed beside its buttons (${r.textShare.toFixed(2)})`);
  assert.ok(r.controls > 0, where + "controls were checked");
  assert.deepEqual(r.covered, [], where + "the notice covers no control");
  assert.deepEqual(r.neighboursCovered, [], where + "nor its neighbours");
  assert.equal(r.edgesCovered, 0, where + "just above and below it is the page");
}

for (const lang of ["en", "ja"]) {
  for (const size of SIZES) {
    test(`notices come under their blocks and cover nothing (${size.name}, ${lang})`, async () => {
      // A refused link key: under the settings' row (a phone's settings are collapsed: under the header).
      {
        const { context, page, errors } = await open(size, `learningRate=abc&seed=2&lang=${lang}`);
        assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
        await placed(page, lang, "note.rejected", size.name === "1400" ? ["#hyper"] : ["header.top"], `refused-${size.name}-${lang}`);
        // Escape dismisses it.
        await page.keyboard.press("Escape");
        assert.equal(await page.isHidden("#notice"), true, "Escape closes the notice");
        assert.deepEqual(errors, []);
        await context.close();
      }
      // A divergence: under the loss chart, Restore offered; the close button dismisses it.
      {
        const { context, page, errors } = await open(size, `${DIVERGES}&lang=${lang}`);
        if (size.name === "390") await page.tap("#play");
        else await page.click("#play");
        // It stays (there is something to do), so it is brought into sight, even on a phone
        // where the chart is a screen below the Train button that was tapped.
        await page.waitForSelector("#notice:not([hidden])");
        const seen = await page.evaluate(() => {
          const r = document.getElementById("notice").getBoundingClientRect();
          return r.bottom > 0 && r.top < innerHeight;
        });
        assert.ok(seen, "the divergence notice is in sight");
        await placed(page, lang, "note.diverged", [".chart-wrap"], `diverged-${size.name}-${lang}`);
        assert.equal(await page.locator("#notice-actions button").count(), 1, "Restore is offered");
        await page.click("#notice-close");
        assert.equal(await page.isHidden("#notice"), true, "the close button closes the notice");
        // An export's notice: under the file buttons.
        await page.locator(".files").scrollIntoViewIfNeeded();
        const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export-python")]);
        assert.equal(download.suggestedFilename(), "backprop-network.py");
        await placed(page, lang, "files.exportedPythonLastGood", [".files"], `exported-${size.name}-${lang}`);
        assert.deepEqual(errors, []);
        await context.close();
      }
    });
  }
}

test("a notice that only informs leaves by itself, not while pointed at; an error stays until dismissed", async () => {
  const size = SIZES[0];
  const refused = await open(size, "learningRate=abc&seed=2&lang=en");
  await refused.page.waitForSelector("#notice", { state: "visible" });
  const { context, page, errors } = await open(size, "seed=2&lang=en");
  await page.locator(".files").scrollIntoViewIfNeeded();
  await Promise.all([page.waitForEvent("download"), page.click("#export-python")]);
  await placed(page, "en", "files.exportedPython", [".files"], "informs-1400-en");
  // Pointed at, it stays for as long as the pointer is on it (checked after more than its time).
  await page.hover("#notice-text");
  const linger = await page.evaluate(async () => (await import("./js/notice.js")).lingerFor(document.getElementById("notice-text").textContent));
  await page.waitForTimeout(linger + 1500);
  assert.equal(await page.isVisible("#notice"), true, "kept while pointed at");
  // Left alone, it goes by itself.
  await page.mouse.move(5, 5);
  await page.waitForSelector("#notice", { state: "hidden", timeout: 3 * linger });
  // The error, shown before all this, is still there.
  assert.equal(await refused.page.isVisible("#notice"), true, "an error stays");
  assert.match(await refused.page.textContent("#notice-text"), /learningRate="abc"/);
  assert.deepEqual([...errors, ...refused.errors], []);
  await context.close();
  await refused.context.close();
});

test("on a phone, a notice that only informs about a block out of sight floats in sight; the page does not move", async () => {
  for (const lang of ["en", "ja"]) {
    const { context, page, errors } = await open(SIZES[1], `seed=2&lang=${lang}`);
    // At the top of the page, the file buttons a few screens below: their export, done from
    // the keyboard's or a script's click, says so where it is seen.
    await page.evaluate(() => scrollTo(0, 0));
    const filesTop = await page.$eval(".files", (e) => e.getBoundingClientRect().top);
    assert.ok(filesTop > 844, `${lang}: the file buttons are out of sight (${filesTop} px)`);
    await Promise.all([page.waitForEvent("download"), page.evaluate(() => document.getElementById("export-python").click())]);
    const start = opening(lang, "files.exportedPython");
    await page.waitForFunction((s) => !document.getElementById("notice").hidden && document.getElementById("notice-text").textContent.includes(s), start);
    const r = await page.evaluate(() => {
      const n = document.getElementById("notice");
      const b = n.getBoundingClientRect();
      return { floating: getComputedStyle(n).position === "fixed", top: b.top, bottom: b.bottom, left: b.left, right: b.right, y: scrollY };
    });
    assert.equal(r.floating, true, `${lang}: it floats`);
    assert.ok(r.top >= 0 && r.bottom <= 844 && r.left >= 0 && r.right <= 390, `${lang}: all of it on the screen (${JSON.stringify(r)})`);
    assert.equal(r.y, 0, `${lang}: the page was not scrolled`);
    await page.screenshot({ path: path.join(SHOTS, `notice-informs-floats-390-${lang}.png`) });
    // Next to its block again when that is in sight.
    await page.locator(".files").scrollIntoViewIfNeeded();
    await Promise.all([page.waitForEvent("download"), page.tap("#export-python")]);
    await placed(page, lang, "files.exportedPython", [".files"], `informs-inline-390-${lang}`);
    assert.deepEqual(errors, []);
    await context.close();
  }
});
